import math

from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.exceptions import ValidationError

from security import audit, throttles
from security.models import SecurityEvent


class ThrottledAdminAuthenticationForm(AdminAuthenticationForm):
    """The admin's login, held to the API login's limits: the same failure counts per account
    and per IP (failures are counted by the user_login_failed receiver), checked first, so a
    locked account is refused before its password is, a correct one included."""

    error_messages = {
        **AdminAuthenticationForm.error_messages,
        "throttled": "Too many failed logins. Try again in %(wait)s seconds.",
    }

    def clean(self):
        if (throttle := throttles.login_refusal(self.request)) is not None:
            raise ValidationError(
                self.error_messages["throttled"],
                code="throttled",
                params={"wait": math.ceil(throttle.wait())},
            )
        return super().clean()

    def confirm_login_allowed(self, user):
        # The right password of an account that may not use the admin: a failed admin login.
        try:
            super().confirm_login_allowed(user)
        except ValidationError:
            audit.record(
                type=SecurityEvent.Type.ADMIN_LOGIN_FAILED, request=self.request, user=user
            )
            raise


admin.site.login_form = ThrottledAdminAuthenticationForm


@admin.register(SecurityEvent)
class SecurityEventAdmin(admin.ModelAdmin):
    """The audit log, read-only: events are written by the application, never by hand."""

    list_display = ["created", "type", "user", "ip", "scope"]
    list_filter = ["type"]
    list_select_related = ["user"]
    search_fields = ["user__username", "ip"]
    date_hierarchy = "created"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
