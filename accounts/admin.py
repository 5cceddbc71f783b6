from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from accounts.models import User, UserProfile


class UserProfileInline(admin.StackedInline):
    model = UserProfile
    can_delete = False
    readonly_fields = ["date_joined", "updated_on"]


# Only a superuser hands out these: with them, `change_user` alone would make anyone a superuser.
PRIVILEGE_FIELDS = ["is_superuser", "groups", "user_permissions"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    """Django's user admin; a superuser's account is changed or deleted only by a superuser."""

    inlines = [UserProfileInline]
    list_display = ["username", "email", "is_organizer", "is_staff", "is_active"]
    list_filter = ["profile__is_organizer", *DjangoUserAdmin.list_filter]
    list_select_related = ["profile"]
    search_fields = ["username", "email"]

    @admin.display(boolean=True, ordering="profile__is_organizer")
    def is_organizer(self, user):
        profile = getattr(user, "profile", None)
        return profile.is_organizer if profile else None

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_delete_permission(request, obj)

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            readonly += PRIVILEGE_FIELDS
        return readonly
