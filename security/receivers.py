"""What the security app hears from Django itself: failed logins, whichever door they used."""

from django.contrib.auth.signals import user_login_failed
from django.dispatch import receiver

from security import audit
from security.identifiers import users_matching
from security.models import SecurityEvent
from security.throttles import login_failure_record


@receiver(user_login_failed, dispatch_uid="security.login_failed")
def login_failed(sender, credentials, request=None, **kwargs):
    # Only the name is read: the event stores the account it names, never what was typed.
    identifier = credentials.get("username")
    identifier = identifier.strip() if isinstance(identifier, str) else ""
    login_failure_record(request=request, identifier=identifier)
    users = users_matching(identifier)
    audit.record(
        type=SecurityEvent.Type.LOGIN_FAILED, request=request, user=users[0] if users else None
    )
