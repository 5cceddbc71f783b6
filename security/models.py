from django.conf import settings
from django.db import models


class SecurityEvent(models.Model):
    """One security-relevant thing that happened to an account: who, what, from where, when.

    Never holds a password, a token or the name someone typed: only the account it
    concerns (when known), the client's IP address and user agent.
    """

    class Type(models.TextChoices):
        LOGIN_SUCCEEDED = "login_succeeded", "Login succeeded"
        LOGIN_FAILED = "login_failed", "Login failed"
        LOGOUT = "logout", "Logout"
        LOGOUT_ALL = "logout_all", "Logout everywhere"
        TOKEN_REUSE_DETECTED = "token_reuse_detected", "Token reuse detected"
        PASSWORD_CHANGED = "password_changed", "Password changed"
        PASSWORD_RESET_REQUESTED = "password_reset_requested", "Password reset requested"
        PASSWORD_RESET_COMPLETED = "password_reset_completed", "Password reset completed"
        ACCOUNT_ACTIVATED = "account_activated", "Account activated"
        ACCOUNT_DEACTIVATED = "account_deactivated", "Account deactivated"
        ACCOUNT_DELETED = "account_deleted", "Account deleted"
        CURRENT_PASSWORD_FAILED = "current_password_failed", "Current password check failed"
        EMAIL_CHANGE_REQUESTED = "email_change_requested", "Email change requested"
        EMAIL_CHANGED = "email_changed", "Email changed"
        USERNAME_CHANGED = "username_changed", "Username changed"
        USERNAME_RESET_REQUESTED = "username_reset_requested", "Username reset requested"
        THROTTLED = "throttled", "Throttled"
        ADMIN_LOGIN_SUCCEEDED = "admin_login_succeeded", "Admin login succeeded"
        ADMIN_LOGIN_FAILED = "admin_login_failed", "Admin login failed"
        MFA_ENABLED = "mfa_enabled", "Second factor enabled"
        MFA_DISABLED = "mfa_disabled", "Second factor disabled"
        MFA_FAILED = "mfa_failed", "Second factor failed"
        RECOVERY_CODE_USED = "recovery_code_used", "Recovery code used"
        RECOVERY_CODES_REGENERATED = "recovery_codes_regenerated", "Recovery codes regenerated"
        PASSKEY_ADDED = "passkey_added", "Passkey added"
        PASSKEY_REMOVED = "passkey_removed", "Passkey removed"
        PASSKEY_LOGIN = "passkey_login", "Passkey login"

    USER_AGENT_MAX_LENGTH = 255

    type = models.CharField(max_length=32, choices=Type.choices)
    # Kept when the account is deleted: the record of what happened outlives the account.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="security_events",
    )
    ip = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=USER_AGENT_MAX_LENGTH, blank=True)
    # Which rate limit refused the request (a throttle scope), for `throttled` events.
    scope = models.CharField(max_length=64, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        # Born in the accounts app: the table kept its name when the model moved here.
        db_table = "accounts_securityevent"
        ordering = ["-created", "-id"]
        indexes = [
            models.Index(fields=["user", "-created"], name="securityevent_user_created"),
            models.Index(fields=["type", "-created"], name="securityevent_type_created"),
        ]

    def __str__(self):
        return f"{self.get_type_display()} ({self.user or 'unknown user'}, {self.created})"
