from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction

import notifications
from accounts.exceptions import EmailChangeStale, ProfileAlreadyExists
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


def email_change_request(*, user, new_email, request) -> None:
    """Queue a link to `new_email` that makes it `user`'s address, and tell the current address.

    A taken address is told that someone tried, and nothing is kept; the caller sees the same
    either way, so the answer never says whether an address has an account.
    """
    owner = get_user_model()._default_manager.filter(email__iexact=new_email).first()
    if owner is not None:
        # A newer request replaces an older one, whatever the answer to it.
        user.pending_email = ""
        user.save(update_fields=["pending_email"])
        notifications.send("email_change_taken", user_id=owner.pk, to=new_email)
    else:
        user.pending_email = new_email
        user.save(update_fields=["pending_email"])
        notifications.send(
            "email_change_confirm", user_id=user.pk, to=new_email, context={"new_email": new_email}
        )
    if user.email:
        notifications.send(
            "email_change_notice", user_id=user.pk, to=user.email, context={"new_email": new_email}
        )


def email_change_confirm(*, user) -> None:
    """Make `user`'s pending address theirs; refused if another account took it meanwhile."""
    if email_taken(email=user.pending_email, exclude=user):
        raise EmailChangeStale
    user.email, user.pending_email = user.pending_email, ""
    try:
        with transaction.atomic():
            user.save(update_fields=["email", "pending_email"])
    except IntegrityError as exc:
        raise EmailChangeStale from exc
