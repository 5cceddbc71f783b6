"""Limits on second factors, built on the project's throttles (security.throttles).

A wrong code, a refused passkey or a wrong password on an MFA endpoint counts as a failed
login: it shares the login lock's counts (per account and per IP), so an attacker cannot spend
the password's attempts and then the code's. Enrolment (starting a TOTP set-up or a passkey
registration) is also limited by requests, per account and per IP.
"""

from rest_framework.exceptions import Throttled

from security import throttles


class AccountLoginLock(throttles.LoginFailureAccountThrottle):
    """The login lock of one known account, with the count that password failures use."""

    def __init__(self, user):
        super().__init__()
        self.user = user

    def identifier(self, request):
        return None

    def keys_for(self, request, identifier):
        ident = f"user:{self.user.pk}"
        return [self.cache_format % {"scope": self.scope, "ident": throttles.hashed(ident)}]

    def account(self, request):
        return self.user


class IPLoginLock(throttles.LoginFailureIPThrottle):
    """The login lock of the client's IP; reads nothing of the body (works on any request)."""

    def identifier(self, request):
        return None


def check_attempt(*, request, user=None):
    """Refuse (429) before checking a code or credential when a login lock holds."""
    locks = [IPLoginLock(), *([AccountLoginLock(user)] if user is not None else [])]
    for lock in locks:
        if not lock.allow_request(request, None):
            raise Throttled(wait=lock.wait())


def record_failure(*, request, user=None):
    IPLoginLock().record_failure(request, None)
    if user is not None:
        AccountLoginLock(user).record_failure(request, None)


class EnrolAccountThrottle(throttles.RateThrottle):
    scope = "mfa_enrol_account"

    def get_ident_value(self, request):
        return f"user:{request.user.pk}" if request.user.is_authenticated else None


class EnrolIPThrottle(throttles.IPThrottle):
    scope = "mfa_enrol_ip"


class PasskeyLoginOptionsIPThrottle(throttles.IPThrottle):
    scope = "passkey_login_options_ip"
