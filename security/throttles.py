"""Rate limits on the account endpoints, counted in the Django cache (Redis when REDIS_URL is set).

Every limit is a DRF scoped throttle whose rate is a setting (REST_FRAMEWORK
["DEFAULT_THROTTLE_RATES"], from the environment). The client is identified by the socket's
address unless DJANGO_TRUSTED_PROXIES says how many proxies to believe in X-Forwarded-For, so
a client cannot reset its count by forging that header.

Two kinds of limit:
- request limits (registration, password reset, activation resend, token refresh) count every
  request;
- failed-login limits count only failures, recorded by `login_failure_record` (connected to
  Django's `user_login_failed` signal), so a successful login never clears an account's count.

A refused request is written to the audit log (a `throttled` SecurityEvent naming the scope),
once per limit and client while the limit holds: a flood of refused requests must not turn
into a flood of database writes.
"""

import hashlib
import math
import re

from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured
from rest_framework import throttling
from rest_framework.settings import api_settings

from security import audit
from security.identifiers import can_name_a_user, users_matching
from security.models import SecurityEvent

RATE = re.compile(r"^(?P<count>\d+)/(?P<multiplier>\d*)(?P<unit>[smhd])[a-z]*$")
UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_rate(rate):
    """'5/5m' -> (5, 300); DRF's own format ('10/minute') parses the same; None -> no limit."""
    if rate is None:
        return None, None
    match = RATE.match(rate.strip())
    if not match:
        raise ImproperlyConfigured(f"Bad throttle rate {rate!r}: use e.g. '5/5m' or '20/h'.")
    multiplier = int(match["multiplier"] or 1)
    return int(match["count"]), multiplier * UNIT_SECONDS[match["unit"]]


def hashed(value):
    # Keys stay short and free of characters some caches refuse, whatever a client sends.
    return hashlib.sha256(value.encode()).hexdigest()[:32]


class RateThrottle(throttling.SimpleRateThrottle):
    """A scoped throttle that reads its rate at request time and keys on `get_ident_value`."""

    def get_rate(self):
        try:
            return api_settings.DEFAULT_THROTTLE_RATES[self.scope]
        except KeyError as exc:
            raise ImproperlyConfigured(f"No throttle rate set for scope {self.scope!r}") from exc

    def parse_rate(self, rate):
        return parse_rate(rate)

    def get_ident_value(self, request):
        raise NotImplementedError

    def get_cache_key(self, request, view):
        ident = self.get_ident_value(request)
        if not ident:
            return None
        return self.cache_format % {"scope": self.scope, "ident": hashed(ident)}

    def wait(self):
        # Until enough of the history has expired to let one request through again.
        if len(self.history) < self.num_requests:
            return None
        oldest_to_expire = self.history[self.num_requests - 1]
        return max(self.duration - (self.now - oldest_to_expire), 1)

    def allow_request(self, request, view):
        if super().allow_request(request, view):
            return True
        # cache.add sets the marker only if it is absent: one event per limit and client.
        if self.cache.add(f"{self.key}_audited", True, math.ceil(self.wait())):
            audit.record(
                type=SecurityEvent.Type.THROTTLED,
                request=request,
                user=self.account(request),
                scope=self.scope,
            )
        return False

    def account(self, request):
        """The account the limit protects or counts, for the audit log: by default the caller."""
        user = getattr(request, "user", None)
        return user if user is not None and user.is_authenticated else None


class IPThrottle(RateThrottle):
    def get_ident_value(self, request):
        return self.get_ident(request)


class EmailThrottle(RateThrottle):
    """Counts per address in the body's `email`, whether or not an account has it."""

    def get_ident_value(self, request):
        email = request.data.get("email") if hasattr(request.data, "get") else None
        if not isinstance(email, str):
            return None
        return email.strip().casefold() or None

    def account(self, request):
        email = self.get_ident_value(request)
        if not can_name_a_user(email):
            return None
        return get_user_model()._default_manager.filter(email__iexact=email).first()


class RegisterIPThrottle(IPThrottle):
    scope = "register_ip"


class PasswordResetIPThrottle(IPThrottle):
    scope = "password_reset_ip"


class PasswordResetEmailThrottle(EmailThrottle):
    scope = "password_reset_email"


class ActivationResendIPThrottle(IPThrottle):
    scope = "activation_resend_ip"


class ActivationResendEmailThrottle(EmailThrottle):
    scope = "activation_resend_email"


class TokenRefreshIPThrottle(IPThrottle):
    scope = "token_refresh_ip"


class LoginFailureThrottle(RateThrottle):
    """Refuses a login attempt once too many recent attempts of its kind have failed.

    Checking counts nothing; `record_failure` adds one failure (login_failure_record calls it).
    """

    def throttle_success(self):
        return True

    def record_failure(self, request, identifier):
        if self.rate is None:
            return
        key = self.key_for(request, identifier)
        if key is None:
            return
        self.now = self.timer()
        history = [self.now, *self.recent(self.cache.get(key, []))]
        self.cache.set(key, history, self.duration)

    def recent(self, history):
        return [moment for moment in history if moment > self.now - self.duration]

    def key_for(self, request, identifier):
        raise NotImplementedError

    def identifier(self, request):
        identifier = request.data.get("username") if hasattr(request.data, "get") else None
        return identifier if isinstance(identifier, str) else None

    def get_cache_key(self, request, view):
        return self.key_for(request, self.identifier(request))


class LoginFailureAccountThrottle(LoginFailureThrottle):
    """Failed logins per account: the username and the email of one account share a count."""

    scope = "login_failures_account"

    def key_for(self, request, identifier):
        identifier = (identifier or "").strip()
        if not identifier:
            return None
        users = users_matching(identifier)
        ident = f"user:{users[0].pk}" if users else f"name:{identifier.casefold()}"
        return self.cache_format % {"scope": self.scope, "ident": hashed(ident)}

    def account(self, request):
        users = users_matching((self.identifier(request) or "").strip())
        return users[0] if users else None


class LoginFailureIPThrottle(LoginFailureThrottle):
    """Failed logins per client IP address, whatever name they tried."""

    scope = "login_failures_ip"

    def key_for(self, request, identifier):
        ident = self.get_ident(request) if request is not None else None
        if not ident:
            return None
        return self.cache_format % {"scope": self.scope, "ident": hashed(ident)}


def login_failure_record(*, request, identifier):
    """Count one failed login against the account `identifier` names and the client's IP."""
    for throttle_class in (LoginFailureAccountThrottle, LoginFailureIPThrottle):
        throttle_class().record_failure(request, identifier)
