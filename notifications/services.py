"""Queueing account emails from a request: nothing is sent, or even looked up, in the request."""

from functools import partial

from django.db import transaction

from notifications import emails, tasks
from security.audit import client_ip


def send(kind, *, user_id, to=None, context=None):
    """Queue the `kind` email to the user `user_id` once the current transaction commits.

    `to` overrides the user's address (e.g. the old address of an email change); `context` is
    JSON added to the templates' context. It is stored in the queue: never put a token in it
    (register a Kind with `link` instead, made at sending time). The worker decides whether to
    send at all (the user may be gone, or in the wrong state for this kind).
    """
    emails.kind_named(kind)
    transaction.on_commit(
        partial(tasks.deliver.enqueue, kind=kind, user_id=user_id, to=to, data=context or {})
    )


def send_by_email(kind, *, email, request):
    """Queue `kind` for whichever account has `email`: the worker looks it up, so the request
    costs and answers the same for a known, an unknown and an inactive address."""
    emails.kind_named(kind)
    transaction.on_commit(
        partial(
            tasks.deliver_by_email.enqueue,
            kind=kind,
            email=email,
            ip=client_ip(request),
            user_agent=request.META.get("HTTP_USER_AGENT", ""),
        )
    )
