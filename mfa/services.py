"""Second factors: setting them up, checking them, and the login step that asks for one.

Every check of a code or credential is bounded by the login lock (mfa.throttles), counted as
a login failure when it fails, and audited. Passkey ceremonies are in mfa.passkeys.
"""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.crypto import salted_hmac

from logins.models import LoginSession
from logins.tokens import (
    Assurance,
    assurance_level,
    current_session_id,
    session_start,
    sessions_revoke,
)
from mfa import crypto, totp
from mfa.exceptions import (
    CodeRequired,
    InvalidCode,
    InvalidMFAToken,
    NoRecoveryCodes,
    SecondFactorSessionRequired,
    TOTPAlreadyEnabled,
    TOTPNotEnabled,
    TOTPNotPending,
)
from mfa.models import PendingLogin, RecoveryCode, TOTPDevice
from mfa.throttles import check_attempt, record_failure
from security import audit
from security.models import SecurityEvent

PENDING_LOGIN_LIFETIME = timedelta(minutes=5)
# Wrong codes a pending login survives; the next one ends it, and so would the right one.
PENDING_LOGIN_MAX_FAILURES = 5

TOTP = "totp"
RECOVERY_CODE = "recovery_code"
WEBAUTHN = "webauthn"

Event = SecurityEvent.Type


@dataclass(frozen=True)
class TOTPSetup:
    secret: str
    otpauth_url: str
    qr_svg: str


# --- What a user has ----------------------------------------------------------------------


def methods_of(user) -> list[str]:
    """The second factors `user` can log in with, in the order a client offers them."""
    methods = []
    if totp_enabled(user):
        methods.append(TOTP)
        if RecoveryCode.objects.filter(user=user, used_at__isnull=True).exists():
            methods.append(RECOVERY_CODE)
    if user.passkeys.exists():
        methods.append(WEBAUTHN)
    return methods


def has_second_factor(user) -> bool:
    return totp_enabled(user) or user.passkeys.exists()


def totp_enabled(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed_at__isnull=False).exists()


def mfa_status(user) -> dict:
    return {
        "totp_enabled": totp_enabled(user),
        "recovery_codes_left": RecoveryCode.objects.filter(user=user, used_at__isnull=True).count(),
        "passkeys": list(user.passkeys.all()),
    }


# --- TOTP ---------------------------------------------------------------------------------


def totp_begin(*, user) -> TOTPSetup:
    """A new pending secret for `user` (replacing an unfinished one); not active yet."""
    secret = totp.new_secret()
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().filter(user=user).first()
        if device is not None and device.confirmed_at is not None:
            raise TOTPAlreadyEnabled
        TOTPDevice.objects.update_or_create(
            user=user,
            defaults={
                "encrypted_secret": crypto.encrypt(secret),
                "confirmed_at": None,
                "last_used_step": 0,
                "created_at": timezone.now(),
            },
        )
    account = user.email or user.get_username()
    uri = totp.provisioning_uri(secret, account=account, issuer=settings.SITE_NAME)
    return TOTPSetup(secret=secret, otpauth_url=uri, qr_svg=totp.qr_svg(uri))


def totp_activate(*, user, code, request) -> list[str]:
    """Turn the pending secret on with a first code; return the new recovery codes.

    The user's other sessions end: they were opened without the factor.
    """
    code = _code(code)
    check_attempt(request=request, user=user)
    device = TOTPDevice.objects.filter(user=user, confirmed_at__isnull=True).first()
    if device is None:
        if TOTPDevice.objects.filter(user=user).exists():
            raise TOTPAlreadyEnabled
        raise TOTPNotPending
    had_factor = has_second_factor(user)
    step = totp.matching_step(crypto.decrypt(device.encrypted_secret), code)
    if step is None:
        _failed(request=request, user=user)
    with transaction.atomic():
        activated = TOTPDevice.objects.filter(pk=device.pk, confirmed_at__isnull=True).update(
            confirmed_at=timezone.now(), last_used_step=step
        )
        if not activated:
            raise TOTPNotPending
        codes = _recovery_codes_replace(user)
        if not had_factor:
            _end_sessions_without_factor(user=user, request=request)
    audit.record(type=Event.MFA_ENABLED, request=request, user=user)
    return codes


def totp_disable(*, user, code, request) -> None:
    """Remove the authenticator app after a code (TOTP or recovery) proves it once more."""
    if not totp_enabled(user):
        raise TOTPNotEnabled
    verify_code(user=user, code=code, request=request)
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        # Recovery codes stand in for the app: they go with it.
        RecoveryCode.objects.filter(user=user).delete()
    audit.record(type=Event.MFA_DISABLED, request=request, user=user)


def recovery_codes_regenerate(*, user, code, request) -> list[str]:
    """A new set of recovery codes after a code proves the factor; the old set dies."""
    if not totp_enabled(user):
        raise NoRecoveryCodes
    verify_code(user=user, code=code, request=request)
    with transaction.atomic():
        codes = _recovery_codes_replace(user)
    audit.record(type=Event.RECOVERY_CODES_REGENERATED, request=request, user=user)
    return codes


def verify_code(*, user, code, request) -> Assurance:
    """Check (and use up) a TOTP or recovery code of `user`; raise InvalidCode if wrong.

    Returns the assurance a login with the password and this code has.
    """
    code = _code(code)
    check_attempt(request=request, user=user)
    if _code_accepted(user=user, code=code, request=request):
        return Assurance(aal=2, amr=("pwd", "otp"))
    _failed(request=request, user=user)


def require_second_factor(*, user, request_data, request) -> None:
    """For account changes that need the password: also a code, once `user` has a factor.

    Call it after the password was checked and before the change is made; it raises
    CodeRequired or InvalidCode (400) or Throttled (429), and does nothing for a user without
    a factor. `request_data` is the request body; its `code` is read. A user whose only
    factor is a passkey proves it by being logged in with it (an `aal` 2 session) instead.
    """
    if totp_enabled(user):
        verify_code(user=user, code=request_data.get("code"), request=request)
    elif user.passkeys.exists() and assurance_level(request) < 2:
        raise SecondFactorSessionRequired


def _code(code) -> str:
    if code is None or code == "":
        raise CodeRequired
    if not isinstance(code, str) or len(code) > 64:
        raise InvalidCode
    return totp.normalized(code)


def _code_accepted(*, user, code, request) -> bool:
    if totp.is_totp_code(code):
        device = TOTPDevice.objects.filter(user=user, confirmed_at__isnull=False).first()
        if device is None:
            return False
        step = totp.matching_step(crypto.decrypt(device.encrypted_secret), code)
        # A code is good once: only a step newer than the last accepted one is taken, in one
        # conditional UPDATE, so two requests racing with the same code cannot both win.
        return (
            step is not None
            and TOTPDevice.objects.filter(pk=device.pk, last_used_step__lt=step).update(
                last_used_step=step
            )
            == 1
        )
    used = RecoveryCode.objects.filter(
        user=user, digest=totp.recovery_code_digest(code), used_at__isnull=True
    ).update(used_at=timezone.now())
    if used:
        audit.record(type=Event.RECOVERY_CODE_USED, request=request, user=user)
    return bool(used)


def _failed(*, request, user):
    record_failure(request=request, user=user)
    audit.record(type=Event.MFA_FAILED, request=request, user=user)
    raise InvalidCode


def _recovery_codes_replace(user) -> list[str]:
    codes = totp.new_recovery_codes()
    RecoveryCode.objects.filter(user=user).delete()
    RecoveryCode.objects.bulk_create(
        [RecoveryCode(user=user, digest=totp.recovery_code_digest(code)) for code in codes]
    )
    return codes


def _end_sessions_without_factor(*, user, request):
    sessions_revoke(
        user=user,
        reason=LoginSession.RevokedReason.SECOND_FACTOR_ADDED,
        keep=current_session_id(request),
    )


def second_factor_added(*, user, request, had_factor) -> None:
    """After a passkey was added: a user's first factor ends the sessions opened without it."""
    if not had_factor:
        _end_sessions_without_factor(user=user, request=request)


# --- The login step -----------------------------------------------------------------------


def pending_login_start(*, user) -> str:
    """The `mfa_token` of a login whose password was right; only its hash is stored."""
    raw = secrets.token_urlsafe(32)
    now = timezone.now()
    PendingLogin.objects.filter(expires_at__lte=now).delete()
    PendingLogin.objects.create(
        token_digest=_token_digest(raw),
        user=user,
        password_fingerprint=_password_fingerprint(user),
        created_at=now,
        expires_at=now + PENDING_LOGIN_LIFETIME,
    )
    return raw


def pending_login_of(raw_token, *, lock=False) -> PendingLogin:
    """The live pending login `raw_token` names; raises InvalidMFAToken for anything else."""
    if not isinstance(raw_token, str) or not raw_token or len(raw_token) > 128:
        raise InvalidMFAToken
    logins = PendingLogin.objects.select_related("user")
    if lock:
        logins = logins.select_for_update(of=("self",))
    pending = logins.filter(
        token_digest=_token_digest(raw_token),
        expires_at__gt=timezone.now(),
        failures__lt=PENDING_LOGIN_MAX_FAILURES,
    ).first()
    if (
        pending is None
        or not pending.user.is_active
        or pending.password_fingerprint != _password_fingerprint(pending.user)
    ):
        raise InvalidMFAToken
    return pending


def pending_login_finish(*, raw_token, request, verify):
    """Finish a pending login with `verify(pending)`, which returns an Assurance or None.

    Single use: the pending login is locked, and deleted when it succeeds; a failure counts
    against it (and against the login lock) and raises InvalidCode.
    """
    user = pending_login_of(raw_token).user
    check_attempt(request=request, user=user)
    with transaction.atomic():
        pending = pending_login_of(raw_token, lock=True)
        assurance = verify(pending)
        if assurance is None:
            PendingLogin.objects.filter(pk=pending.pk).update(
                failures=F("failures") + 1, webauthn_challenge=""
            )
        else:
            pending.delete()
            tokens = session_start(user=pending.user, request=request, assurance=assurance)
    if assurance is None:
        record_failure(request=request, user=user)
        audit.record(type=Event.MFA_FAILED, request=request, user=user)
        return None
    return tokens


def pending_login_with_code(*, raw_token, code, request):
    code = _code(code)

    def verify(pending):
        if _code_accepted(user=pending.user, code=code, request=request):
            return Assurance(aal=2, amr=("pwd", "otp"))
        return None

    tokens = pending_login_finish(raw_token=raw_token, request=request, verify=verify)
    if tokens is None:
        raise InvalidCode
    return tokens


def pending_logins_end(*, user) -> None:
    PendingLogin.objects.filter(user=user).delete()


def _token_digest(raw):
    return hashlib.sha256(raw.encode()).hexdigest()


def _password_fingerprint(user):
    # Changes whenever the password does (a change, a reset, an admin setting it).
    return salted_hmac("mfa.pending_login", user.password, algorithm="sha256").hexdigest()
