from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Length, Lower
from django.db.models.lookups import LessThanOrEqual
from django.utils import timezone

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

    # Set the first time the account is saved active: /auth/users/activation/ activates only
    # accounts that never were, so a deactivated one cannot bring itself back.
    activated_at = models.DateTimeField(null=True, blank=True, editable=False)
    # The address an email change waits to have confirmed (accounts.services.email_change_*).
    pending_email = models.EmailField(blank=True, editable=False)
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
        if self.is_active and self.activated_at is None:
            self.activated_at = timezone.now()
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "activated_at"}
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
