"""The tasks that send account emails, run by `manage.py db_worker` (or any Tasks backend).

An SMTP failure is retried with backoff (EMAIL_RETRY_DELAYS) as a new task that runs later;
after the last attempt the task fails and an error is logged with its id. No log line or
stored error names the recipient's address: logs carry a short hash of it.
"""

import hashlib
import logging
import smtplib
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone
from django_tasks import task

from notifications import emails
from security.models import SecurityEvent

logger = logging.getLogger("notifications")

# What a mail server that is down, slow or refusing for now looks like from smtplib.
SMTP_ERRORS = (smtplib.SMTPException, OSError)


# The audit event of a request by email address, recorded here with the account it named.
REQUEST_EVENTS = {
    "password_reset": SecurityEvent.Type.PASSWORD_RESET_REQUESTED,
    "username_reset": SecurityEvent.Type.USERNAME_RESET_REQUESTED,
}


class DeliveryFailed(Exception):
    """An email given up on; the message names no address."""


def address_hash(address: str) -> str:
    """Lets a log line be matched to an address by whoever knows it, without showing it."""
    return hashlib.sha256(address.strip().lower().encode()).hexdigest()[:12]


def smtp_reason(exc: BaseException) -> str:
    """The kind of failure and the server's reply code, never its text (it may quote the address)."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = sorted({code for code, _ in exc.recipients.values()})
    else:
        codes = [exc.smtp_code] if getattr(exc, "smtp_code", None) else []
    return " ".join([type(exc).__name__, *map(str, codes)])


def is_permanent(exc: BaseException) -> bool:
    """A 5xx answer about the sender, the recipients or the message: trying again won't help."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _ in exc.recipients.values())
    return isinstance(exc, smtplib.SMTPSenderRefused | smtplib.SMTPDataError) and (
        exc.smtp_code >= 500
    )


@task(takes_context=True)
def deliver(context, *, kind, user_id, to=None, data=None, attempt=1, first_task_id=None):
    """Send the `kind` email to the user `user_id` (at `to`, else their current address)."""
    user = get_user_model()._default_manager.filter(pk=user_id).first()
    return send_now(
        context,
        emails.kind_named(kind),
        user=user,
        to=to,
        data=data,
        attempt=attempt,
        first_task_id=first_task_id,
    )


@task(takes_context=True)
def deliver_by_email(context, *, kind, email, ip=None, user_agent=""):
    """Send `kind` to whichever account has `email`, if one may receive it.

    The reset and resend endpoints enqueue this whatever the address, so that known, unknown
    and inactive addresses cost the request the same; the lookup happens here.
    """
    email_kind = emails.kind_named(kind)
    user = emails.user_by_email(email_kind, email)
    if kind in REQUEST_EVENTS:
        SecurityEvent.objects.create(
            type=REQUEST_EVENTS[kind],
            user=user,
            ip=ip,
            user_agent=user_agent[: SecurityEvent.USER_AGENT_MAX_LENGTH],
        )
    return send_now(context, email_kind, user=user, to=None, data=None, attempt=1)


def send_now(context, kind, *, user, to, data, attempt, first_task_id=None):
    task_id = context.task_result.id
    first_task_id = first_task_id or task_id
    message = emails.build(kind, user=user, to=to, data=data, message_id=first_task_id)
    if message is None:
        return {"sent": False}
    try:
        message.send()
    except SMTP_ERRORS as exc:
        return retry_later(
            exc,
            kind=kind,
            user_id=user.pk,
            to=to,
            data=data,
            attempt=attempt,
            task_id=task_id,
            first_task_id=first_task_id,
            recipient=address_hash(message.to[0]),
        )
    logger.info(
        "email %s sent by task %s (attempt %d)",
        kind.name,
        task_id,
        attempt,
        extra={"recipient": address_hash(message.to[0])},
    )
    return {"sent": True}


def retry_later(exc, *, kind, user_id, to, data, attempt, task_id, first_task_id, recipient):
    delays = settings.EMAIL_RETRY_DELAYS
    retry = None
    if attempt <= len(delays) and not is_permanent(exc):
        run_after = timezone.now() + timedelta(seconds=delays[attempt - 1])
        backend = deliver.get_backend()
        if backend.supports_defer:
            retry = deliver.using(run_after=run_after).enqueue(
                kind=kind.name,
                user_id=user_id,
                to=to,
                data=data,
                attempt=attempt + 1,
                first_task_id=first_task_id,
            )
    if retry is None:
        logger.error(
            "email %s given up by task %s after %d attempts (first task %s): %s",
            kind.name,
            task_id,
            attempt,
            first_task_id,
            smtp_reason(exc),
            extra={"recipient": recipient},
        )
        raise DeliveryFailed(
            f"email {kind.name} not sent after {attempt} attempts: {smtp_reason(exc)}"
        ) from None
    logger.warning(
        "email %s not sent by task %s (attempt %d): %s; retried by task %s in %ds",
        kind.name,
        task_id,
        attempt,
        smtp_reason(exc),
        retry.id,
        delays[attempt - 1],
        extra={"recipient": recipient},
    )
    return {"sent": False, "retry": retry.id}
