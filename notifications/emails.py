"""What each account email says and who may receive it, decided in the worker at sending time.

Each kind has three templates under templates/notifications/<kind>/: subject.txt, body.txt and
body.html. Links with a token are made here, when the email is built, so a token is never
stored in the queue and a link sent late still lives its whole lifetime.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.core.mail.utils import DNS_NAME
from django.template.loader import render_to_string
from djoser.utils import encode_uid

from logins.models import LoginSession


def frontend_link(path, user, token_generator) -> str:
    """The frontend page `path` ("reset/{uid}/{token}") for `user`, with a fresh uid and a token
    of `token_generator`'s purpose."""
    djoser = settings.DJOSER
    path = path.format(uid=encode_uid(user.pk), token=token_generator.make_token(user))
    return f"{djoser['EMAIL_FRONTEND_PROTOCOL']}://{djoser['EMAIL_FRONTEND_DOMAIN']}/{path}"


def is_new_device(user, data) -> bool:
    """A login from a user agent that none of the account's earlier sessions had; not its
    first login. "Earlier" is by the session's start: the worker may run after later logins."""
    started = (
        LoginSession.objects.filter(pk=data.get("session"), user=user)
        .values_list("created_at", flat=True)
        .first()
    )
    if started is None:
        return True  # the session is gone already: tell the user about it anyway
    earlier = LoginSession.objects.filter(user=user, created_at__lt=started)
    return earlier.exists() and not earlier.filter(user_agent=data.get("device", "")).exists()


@dataclass(frozen=True)
class Kind:
    name: str
    # Whether the account must be active (True), inactive (False) or either (None).
    active: bool | None = True
    # Makes {"url": ...} of the context from the user: a link with a token, at sending time.
    link: Callable[[Any], str] | None = None
    # Decides in the worker whether this email is worth sending at all.
    wanted: Callable[[Any, dict], bool] | None = None


# The notices; the kinds with links (activation, resets, email change) are registered by the
# app whose tokens they carry (accounts.emails).
KINDS = {
    kind.name: kind
    for kind in [
        Kind("password_changed"),
        Kind("new_login", wanted=is_new_device),
    ]
}


def register(kind: Kind) -> None:
    """Add an email kind (another app's), with its templates under notifications/<name>/."""
    KINDS[kind.name] = kind


def kind_named(name: str) -> Kind:
    try:
        return KINDS[name]
    except KeyError:
        raise LookupError(f"no email kind {name!r}; known: {', '.join(sorted(KINDS))}") from None


def user_by_email(kind: Kind, email: str):
    """The account that may receive `kind` at `email` (any case), or None."""
    users = get_user_model()._default_manager.filter(email__iexact=email)
    if kind.active is not None:
        users = users.filter(is_active=kind.active)
    user = users.order_by("pk").first()
    # An account without a password (created by an admin, say) gets no account emails.
    return user if user is not None and user.has_usable_password() else None


def build(kind: Kind, *, user, to=None, data=None, message_id=None):
    """The email of `kind` to `user` (at `to`, else their address), or None if there is none to
    send: no such user, no address, the account not in the state the kind is for."""
    data = data or {}
    if user is None or (kind.active is not None and user.is_active != kind.active):
        return None
    to = to or user.email
    if not to or (kind.wanted and not kind.wanted(user, data)):
        return None
    context = {
        **data,
        "user": user,
        "site_name": settings.DJOSER["EMAIL_FRONTEND_SITE_NAME"],
        "frontend": f"{settings.DJOSER['EMAIL_FRONTEND_PROTOCOL']}://"
        f"{settings.DJOSER['EMAIL_FRONTEND_DOMAIN']}/",
    }
    if kind.link:
        context["url"] = kind.link(user)
    template = f"notifications/{kind.name}/"
    message = EmailMultiAlternatives(
        subject=" ".join(render_to_string(template + "subject.txt", context).split()),
        body=render_to_string(template + "body.txt", context),
        to=[to],
        # One id for every attempt of one email: a mail client shows a duplicate only once.
        headers={"Message-ID": f"<{message_id}@{DNS_NAME}>"} if message_id else None,
    )
    message.attach_alternative(render_to_string(template + "body.html", context), "text/html")
    return message
