from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from accounts.models import User, UserProfile


class UserProfileInline(admin.StackedInline):
    model = UserProfile
    can_delete = False
    readonly_fields = ["date_joined", "updated_on"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    inlines = [UserProfileInline]
    list_display = ["username", "email", "is_organizer", "is_staff", "is_active"]
    list_filter = ["profile__is_organizer", *DjangoUserAdmin.list_filter]
    list_select_related = ["profile"]
    search_fields = ["username", "email"]

    @admin.display(boolean=True, ordering="profile__is_organizer")
    def is_organizer(self, user):
        profile = getattr(user, "profile", None)
        return profile.is_organizer if profile else None
