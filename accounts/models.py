import uuid

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from rest_framework_simplejwt.token_blacklist.models import OutstandingToken


class User(AbstractUser):
    """The project's user, swappable from day one as Django recommends for new projects."""

    class Meta(AbstractUser.Meta):
        ordering = ["id"]
        constraints = [
            # Email is optional, but an address belongs to one account whatever its case.
            models.UniqueConstraint(
                Lower("email"),
                name="accounts_user_email_ci_unique",
                condition=~models.Q(email=""),
                violation_error_message="A user with that email already exists.",
            ),
        ]


class UserProfile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    description = models.TextField(blank=True)
    location = models.CharField(max_length=30, blank=True)
    date_joined = models.DateTimeField(auto_now_add=True)
    updated_on = models.DateTimeField(auto_now=True)
    is_organizer = models.BooleanField(
        default=False, help_text="Organizes events (true) or attends them (false)."
    )

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return f"Profile of {self.user}"


# The tutorial's spelling, kept importable for code written against it.
userProfile = UserProfile


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
        THROTTLED = "throttled", "Throttled"
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
        ordering = ["-created", "-id"]
        indexes = [
            models.Index(fields=["user", "-created"], name="securityevent_user_created"),
            models.Index(fields=["type", "-created"], name="securityevent_type_created"),
        ]

    def __str__(self):
        return f"{self.get_type_display()} ({self.user or 'unknown user'}, {self.created})"


class LoginSessionQuerySet(models.QuerySet):
    def live(self):
        """Sessions not revoked whose latest refresh token has not expired."""
        return self.filter(revoked_at__isnull=True, refresh_token__expires_at__gt=timezone.now())


class LoginSession(models.Model):
    """One login: the family of refresh tokens descended from it by rotation.

    The refresh tokens themselves live in simplejwt's OutstandingToken table; the session
    points at the newest one, so `manage.py flushexpiredtokens` deletes a session together
    with its last token.
    """

    class RevokedReason(models.TextChoices):
        LOGOUT = "logout"
        LOGOUT_ALL = "logout_all"
        TOKEN_REUSE = "token_reuse"
        PASSWORD_CHANGED = "password_changed"
        ACCOUNT_DELETED = "account_deleted"
        # Opened before the user had a second factor (mfa).
        SECOND_FACTOR_ADDED = "second_factor_added"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="login_sessions"
    )
    refresh_token = models.OneToOneField(
        OutstandingToken, on_delete=models.CASCADE, related_name="login_session"
    )
    # The token the last rotation replaced: presenting it again within the grace window is a
    # concurrent refresh, not a replay.
    previous_jti = models.CharField(max_length=255, blank=True)
    rotated_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_refreshed_at = models.DateTimeField(null=True, blank=True)
    user_agent = models.CharField(max_length=512, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_reason = models.CharField(max_length=32, choices=RevokedReason, blank=True)

    objects = LoginSessionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Session {self.pk} of {self.user_id}"
