"""The signals of the login lifecycle, and the receivers that write them to the audit log.

Sent by logins.tokens with sender=LoginSession, for audit logs and alerts. Each audit event
keeps the account, the client's IP and user agent (for a login, the ones its session
records), never a token.
"""

from django.dispatch import Signal, receiver

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
