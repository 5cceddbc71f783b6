from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models


class User(AbstractUser):
    """The project's user, swappable from day one as Django recommends for new projects."""

    class Meta(AbstractUser.Meta):
        ordering = ["id"]


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
