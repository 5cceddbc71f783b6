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


def user_by_email(*, email, is_active=True):
    """The account with this email address, ignoring case, if it may receive account emails."""
    if not email:
        return None
    user = (
        get_user_model()._default_manager.filter(email__iexact=email, is_active=is_active).first()
    )
    if user is None or not user.has_usable_password():
        return None
    return user


def email_taken(*, email, exclude=None) -> bool:
    """Whether another account already has `email`, ignoring case."""
    users = get_user_model()._default_manager.filter(email__iexact=email)
    if exclude is not None:
        users = users.exclude(pk=exclude.pk)
    return bool(email) and users.exists()
