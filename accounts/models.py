import uuid

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Length, Lower
from django.db.models.lookups import LessThanOrEqual
from django.utils import timezone
from rest_framework_simplejwt.token_blacklist.models import OutstandingToken

from accounts.usernames import UsernameCharactersValidator, fold


class UserManager(DjangoUserManager):
    def get_by_natural_key(self, username):
        """The account named `username` or, failing that, the one whose name folds alike.

        createsuperuser asks this whether a name is taken: a look-alike is taken too.
        """
        try:
            return self.get(username=username)
        except self.model.DoesNotExist:
            return self.get(username_folded=fold(username))


USERNAME_TAKEN = "A user with that username already exists."

# Accounts whose names folded alike before names were unique that way keep working: the
# oldest keeps the key, the others' keys get this and their id (no username holds a "#").
LEGACY_KEY_SEPARATOR = "#"


class User(AbstractUser):
    """The project's user, swappable from day one as Django recommends for new projects."""

    username = models.CharField(
        "username",
        max_length=150,
        unique=True,
        help_text="150 characters or fewer: letters of one script, digits and . + - _ (no @).",
        validators=[UnicodeUsernameValidator(), UsernameCharactersValidator()],
        error_messages={"unique": USERNAME_TAKEN},
    )
    # The username NFKC-normalised and case-folded (accounts.usernames.fold), kept by save():
    # unique, so "Alice" or "ａｌｉｃｅ" cannot be registered beside "alice".
    username_folded = models.TextField(unique=True, editable=False)

    objects = UserManager()

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

    def save(self, *args, **kwargs):
        # Every way of saving a user (registration, set_username, the admin, code) stores the
        # name as Django's forms do (NFKC) and keeps its key in step.
        self.username = self.normalize_username(self.username)
        key = fold(self.username)
        if self.username_folded.partition(LEGACY_KEY_SEPARATOR)[0] != key:
            self.username_folded = key
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "username_folded"}
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        if username_taken(self.username, exclude=self):
            raise ValidationError({"username": USERNAME_TAKEN})


def username_taken(username, *, exclude=None) -> bool:
    """Whether another account's name folds like `username` (is the same name)."""
    users = User._default_manager.filter(username_folded=fold(username))
    if exclude is not None and exclude.pk is not None:
        users = users.exclude(pk=exclude.pk)
    return users.exists()


DESCRIPTION_MAX_LENGTH = 2000


class UserProfile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    # Bounded so that a page of profiles stays a page, not megabytes.
    description = models.TextField(blank=True, max_length=DESCRIPTION_MAX_LENGTH)
    location = models.CharField(max_length=30, blank=True)
    date_joined = models.DateTimeField(auto_now_add=True)
    updated_on = models.DateTimeField(auto_now=True)
    is_organizer = models.BooleanField(
        default=False, help_text="Organizes events (true) or attends them (false)."
    )

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("description"), DESCRIPTION_MAX_LENGTH),
                name="accounts_userprofile_description_max_length",
            ),
        ]

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
        ADMIN_LOGIN_SUCCEEDED = "admin_login_succeeded", "Admin login succeeded"
        ADMIN_LOGIN_FAILED = "admin_login_failed", "Admin login failed"

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
