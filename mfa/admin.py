from django.contrib import admin

from mfa.models import Passkey, TOTPDevice


class FactorAdmin(admin.ModelAdmin):
    """Staff can see and remove a user's factors (a lost phone), never add or edit one."""

    list_select_related = ["user"]
    search_fields = ["user__username", "user__email"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(TOTPDevice)
class TOTPDeviceAdmin(FactorAdmin):
    list_display = ["user", "confirmed_at", "created_at"]
    exclude = ["encrypted_secret"]


@admin.register(Passkey)
class PasskeyAdmin(FactorAdmin):
    list_display = ["user", "name", "created_at", "last_used_at"]
    exclude = ["public_key"]
