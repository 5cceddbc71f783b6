from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.contrib.sessions.models import Session
from django.db.models.signals import post_save, pre_save
from django.dispatch import Signal, receiver
from rest_framework_simplejwt.token_blacklist.models import OutstandingToken

from accounts import audit, token_storage
from accounts.backends import users_matching
from accounts.models import AdminSession, SecurityEvent
from accounts.services import profile_ensure
from accounts.throttles import login_failure_record

# Sent by accounts.tokens with sender=LoginSession, for audit logs and alerts.
# A login started a session. Arguments: session, user, request.
logged_in = Signal()
# A rotated refresh token was presented again: its session was revoked.
# Arguments: session, user, request.
token_reuse_detected = Signal()
# A session was ended by its user (logout, or deleted from the session list).
# Arguments: session, user, request.
logged_out = Signal()
# Every session of a user was ended (logout-all). Arguments: user, request, revoked (a count).
logged_out_everywhere = Signal()


@receiver(post_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="accounts.create_profile")
def create_profile(sender, instance, created, raw=False, **kwargs):
    # raw: loaddata restores profiles from the fixture itself.
    if created and not raw:
        profile_ensure(user=instance)


def is_admin_request(request):
    match = getattr(request, "resolver_match", None)
    return match is not None and match.namespace == "admin"


@receiver(pre_save, sender=OutstandingToken, dispatch_uid="accounts.encrypt_refresh_token")
def encrypt_refresh_token(sender, instance, raw=False, **kwargs):
    # Every way a refresh token is recorded (ours, simplejwt's own) stores it encrypted.
    if instance.token and token_storage.is_plain(instance.token):
        instance.token = token_storage.encrypt(instance.token)


@receiver(user_login_failed, dispatch_uid="accounts.login_failed")
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


@receiver(user_logged_in, dispatch_uid="accounts.session_login")
def session_login(sender, request, user, **kwargs):
    """A Django session login (the admin's): remember whose session it is, audit it."""
    session_key = getattr(getattr(request, "session", None), "session_key", None)
    if session_key and Session.objects.filter(pk=session_key).exists():
        AdminSession.objects.update_or_create(session_id=session_key, defaults={"user": user})
    if is_admin_request(request):
        audit.record(type=SecurityEvent.Type.ADMIN_LOGIN_SUCCEEDED, request=request, user=user)


# The audit log of the token lifecycle. Each event keeps the account, the client's IP and user
# agent (for a login, the ones its session records), never a token.


@receiver(logged_in, dispatch_uid="accounts.audit_login")
def audit_login(sender, session, user, request, **kwargs):
    audit.record(type=SecurityEvent.Type.LOGIN_SUCCEEDED, request=request, user=user)


@receiver(logged_out, dispatch_uid="accounts.audit_logout")
def audit_logout(sender, session, user, request, **kwargs):
    audit.record(type=SecurityEvent.Type.LOGOUT, request=request, user=user)


@receiver(logged_out_everywhere, dispatch_uid="accounts.audit_logout_all")
def audit_logout_all(sender, user, request, **kwargs):
    audit.record(type=SecurityEvent.Type.LOGOUT_ALL, request=request, user=user)


@receiver(token_reuse_detected, dispatch_uid="accounts.audit_token_reuse")
def audit_token_reuse(sender, session, user, request, **kwargs):
    audit.record(type=SecurityEvent.Type.TOKEN_REUSE_DETECTED, request=request, user=user)
