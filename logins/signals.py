"""The signals of the login lifecycle, and the receivers that write them to the audit log.

Sent by logins.tokens with sender=LoginSession, for audit logs and alerts. Each audit event
keeps the account, the client's IP and user agent (for a login, the ones its session
records), never a token.
"""

from django.contrib.auth.signals import user_logged_in
from django.contrib.sessions.models import Session
from django.db.models.signals import pre_save
from django.dispatch import Signal, receiver
from rest_framework_simplejwt.token_blacklist.models import OutstandingToken

from logins import token_storage
from logins.models import AdminSession
from security import audit
from security.models import SecurityEvent

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


@receiver(logged_in, dispatch_uid="logins.audit_login")
def audit_login(sender, session, user, request, **kwargs):
    audit.record(type=SecurityEvent.Type.LOGIN_SUCCEEDED, request=request, user=user)


@receiver(logged_out, dispatch_uid="logins.audit_logout")
def audit_logout(sender, session, user, request, **kwargs):
    audit.record(type=SecurityEvent.Type.LOGOUT, request=request, user=user)


@receiver(logged_out_everywhere, dispatch_uid="logins.audit_logout_all")
def audit_logout_all(sender, user, request, **kwargs):
    audit.record(type=SecurityEvent.Type.LOGOUT_ALL, request=request, user=user)


@receiver(token_reuse_detected, dispatch_uid="logins.audit_token_reuse")
def audit_token_reuse(sender, session, user, request, **kwargs):
    audit.record(type=SecurityEvent.Type.TOKEN_REUSE_DETECTED, request=request, user=user)


@receiver(pre_save, sender=OutstandingToken, dispatch_uid="logins.encrypt_refresh_token")
def encrypt_refresh_token(sender, instance, raw=False, **kwargs):
    # Every way a refresh token is recorded (ours, simplejwt's own) stores it encrypted.
    if instance.token and token_storage.is_plain(instance.token):
        instance.token = token_storage.encrypt(instance.token)


@receiver(user_logged_in, dispatch_uid="logins.remember_admin_session")
def remember_admin_session(sender, request, user, **kwargs):
    """A Django session login (the admin's): remember whose session it is, for logout-all."""
    session_key = getattr(getattr(request, "session", None), "session_key", None)
    if session_key and Session.objects.filter(pk=session_key).exists():
        AdminSession.objects.update_or_create(session_id=session_key, defaults={"user": user})
