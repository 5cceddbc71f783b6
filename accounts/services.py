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
