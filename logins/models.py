import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from rest_framework_simplejwt.token_blacklist.models import OutstandingToken


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
        DEACTIVATED = "deactivated"
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
        # Born in the accounts app: the table kept its name when the model moved here.
        db_table = "accounts_loginsession"
        ordering = ["-created_at"]

    def __str__(self):
        return f"Session {self.pk} of {self.user_id}"


class AdminSession(models.Model):
    """Whose Django session this is: the admin logs in with sessions, the API with tokens.

    Lets logout-all end a user's admin sessions too without reading every session's data;
    a session that ends (logout, expiry, clearsessions) takes its row with it.
    """

    session = models.OneToOneField(
        "sessions.Session", on_delete=models.CASCADE, primary_key=True, related_name="owner"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="admin_sessions"
    )

    def __str__(self):
        return f"Admin session of {self.user_id}"
