"""The audit log: one call records one SecurityEvent.

    audit.record(type=SecurityEvent.Type.LOGIN_SUCCEEDED, request=request, user=user)

`request` may be Django's or DRF's (or None outside a request); the IP address is the
one the throttles see (the socket's peer unless DJANGO_TRUSTED_PROXIES is set).
"""

import ipaddress

from rest_framework.throttling import BaseThrottle

from security.models import SecurityEvent


def client_ip(request):
    """The client's IP address as the throttles see it, or None when it is not an address."""
    ident = BaseThrottle().get_ident(request)
    try:
        return str(ipaddress.ip_address(ident))
    except ValueError:
        return None


def record(*, type, request, user=None, scope="") -> SecurityEvent:
    """Record that `type` happened to `user` (None when unknown) during `request`.

    `scope` names the rate limit of a `throttled` event.
    """
    ip, user_agent = None, ""
    if request is not None:
        ip = client_ip(request)
        user_agent = request.META.get("HTTP_USER_AGENT", "")
    return SecurityEvent.objects.create(
        type=type,
        user=user if user is not None and user.is_authenticated else None,
        ip=ip,
        user_agent=user_agent[: SecurityEvent.USER_AGENT_MAX_LENGTH],
        scope=scope,
    )
