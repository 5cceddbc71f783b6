from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from djoser import utils as djoser_utils

from accounts.emails import account_email_send
from accounts.exceptions import EmailChangeStale, ProfileAlreadyExists
from accounts.link_tokens import email_change_token
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
    """Mail `new_email` a link that makes it `user`'s address, and tell the current address.

    A taken address is told that someone tried, and nothing is kept; the caller sees the same
    either way, so the answer never says whether an address has an account.
    """
    owner = get_user_model()._default_manager.filter(email__iexact=new_email).first()
    if owner is not None:
        # A newer request replaces an older one, whatever the answer to it.
        user.pending_email = ""
        user.save(update_fields=["pending_email"])
        account_email_send(template="email_change_taken", to=new_email, user=owner)
    else:
        user.pending_email = new_email
        user.save(update_fields=["pending_email"])
        uid = djoser_utils.encode_uid(user.pk)
        token = email_change_token.make_token(user)
        account_email_send(
            template="email_change_confirm",
            to=new_email,
            user=user,
            url=settings.EMAIL_CHANGE_CONFIRM_URL.format(uid=uid, token=token),
        )
    if user.email:
        account_email_send(
            template="email_change_notice", to=user.email, user=user, new_email=new_email
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
