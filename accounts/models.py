from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone


class User(AbstractUser):
    """The project's user, swappable from day one as Django recommends for new projects."""

    # Set the first time the account is saved active: /auth/users/activation/ activates only
    # accounts that never were, so a deactivated one cannot bring itself back.
    activated_at = models.DateTimeField(null=True, blank=True, editable=False)
    # The address an email change waits to have confirmed (accounts.services.email_change_*).
    pending_email = models.EmailField(blank=True, editable=False)

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
        super().save(*args, **kwargs)


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
