from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction

from accounts.exceptions import ProfileAlreadyExists
from accounts.models import UserProfile


def profile_create(*, user, **fields) -> UserProfile:
    """Create `user`'s profile; a second one is refused, even when two requests race."""
    try:
        with transaction.atomic():
            return UserProfile.objects.create(user=user, **fields)
    except IntegrityError as exc:
        raise ProfileAlreadyExists from exc


def profile_ensure(*, user) -> UserProfile:
    """Return `user`'s profile, creating an empty one if they have none."""
    profile, _ = UserProfile.objects.get_or_create(user=user)
    return profile


def email_taken(*, email, exclude=None) -> bool:
    """Whether another account already has `email`, ignoring case."""
    users = get_user_model()._default_manager.filter(email__iexact=email)
    if exclude is not None:
        users = users.exclude(pk=exclude.pk)
    return bool(email) and users.exists()


def user_register(*, user_fields, profile_fields, is_active=True):
    """Create a user and fill in the profile the signal gave them: both or neither."""
    with transaction.atomic():
        user = get_user_model().objects.create_user(**user_fields, is_active=is_active)
        if profile_fields:
            profile = profile_ensure(user=user)
            for name, value in profile_fields.items():
                setattr(profile, name, value)
            profile.save(update_fields=[*profile_fields, "updated_on"])
    return user
