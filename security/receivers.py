"""What the security app hears from Django itself: logins, whichever door they used."""

from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver

from security import audit
from security.identifiers import users_matching
from security.models import SecurityEvent
from security.throttles import login_failure_record


def is_admin_request(request):
    match = getattr(request, "resolver_match", None)
    return match is not None and match.namespace == "admin"


@receiver(user_login_failed, dispatch_uid="security.login_failed")
def login_failed(sender, credentials, request=None, **kwargs):
    # Only the name is read: the event stores the account it names, never what was typed.
    # The API's login and the admin's count failures together (one lock for both doors).
    identifier = credentials.get("username")
    identifier = identifier.strip() if isinstance(identifier, str) else ""
    login_failure_record(request=request, identifier=identifier)
    users = users_matching(identifier)
    audit.record(
        type=SecurityEvent.Type.ADMIN_LOGIN_FAILED
        if is_admin_request(request)
        else SecurityEvent.Type.LOGIN_FAILED,
        request=request,
        user=users[0] if users else None,
    )


@receiver(user_logged_in, dispatch_uid="security.admin_login")
def admin_login(sender, request, user, **kwargs):
    # Django's own login() is the admin's; the API's logins are audited by logins.signals.
    if is_admin_request(request):
        audit.record(type=SecurityEvent.Type.ADMIN_LOGIN_SUCCEEDED, request=request, user=user)
