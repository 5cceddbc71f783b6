"""WebAuthn ceremonies with py_webauthn: registering a passkey, using it as a second factor,
and logging in with it alone.

Options are the WebAuthn Level 3 JSON forms (what `PublicKeyCredential.parse*OptionsFromJSON`
takes). Every challenge is random, single-use and expires in five minutes; the server keeps
it in the database (a WebAuthnChallenge row, or the pending login's own) and finds it again
from the challenge inside the browser's signed clientDataJSON.
"""

from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from webauthn import (
    generate_authentication_options,
    generate_registration_options,
    verify_authentication_response,
    verify_registration_response,
)
from webauthn.helpers import (
    base64url_to_bytes,
    bytes_to_base64url,
    generate_challenge,
    options_to_json_dict,
    parse_authentication_credential_json,
    parse_client_data_json,
    parse_registration_credential_json,
)
from webauthn.helpers.structs import (
    AuthenticatorSelectionCriteria,
    CredentialDeviceType,
    PublicKeyCredentialDescriptor,
    ResidentKeyRequirement,
    UserVerificationRequirement,
)

from logins.tokens import Assurance, session_start
from mfa import services
from mfa.exceptions import InvalidCredential, InvalidMFAToken, PasskeyExists, WebAuthnNotAvailable
from mfa.models import Passkey, WebAuthnChallenge
from mfa.throttles import check_attempt, record_failure
from security import audit
from security.models import SecurityEvent

CHALLENGE_LIFETIME = timedelta(minutes=5)
TIMEOUT_MS = 5 * 60 * 1000

Purpose = WebAuthnChallenge.Purpose
Event = SecurityEvent.Type


def rp_id():
    return settings.WEBAUTHN_RP_ID


def expected_origins():
    return list(settings.WEBAUTHN_ORIGINS)


def user_handle(user) -> bytes:
    """The WebAuthn user.id of `user`: stable, opaque, no personal data in it."""
    return salted_hmac("mfa.webauthn.user_handle", str(user.pk), algorithm="sha256").digest()


# --- Registration -------------------------------------------------------------------------


def registration_options(*, user) -> dict:
    challenge = _new_challenge(purpose=Purpose.REGISTER, user=user)
    options = generate_registration_options(
        rp_id=rp_id(),
        rp_name=settings.WEBAUTHN_RP_NAME,
        user_name=user.get_username(),
        user_id=user_handle(user),
        user_display_name=user.get_username(),
        challenge=challenge,
        timeout=TIMEOUT_MS,
        authenticator_selection=AuthenticatorSelectionCriteria(
            resident_key=ResidentKeyRequirement.PREFERRED,
            user_verification=UserVerificationRequirement.PREFERRED,
        ),
        exclude_credentials=_descriptors(user.passkeys.all()),
    )
    return options_to_json_dict(options)


def passkey_register(*, user, name, credential, request) -> Passkey:
    parsed = _untrusted(parse_registration_credential_json, credential)
    challenge = _take_challenge(parsed, purpose=Purpose.REGISTER, user=user)
    verified = _untrusted(
        verify_registration_response,
        credential=parsed,
        expected_challenge=challenge,
        expected_rp_id=rp_id(),
        expected_origin=expected_origins(),
    )
    credential_id = bytes_to_base64url(verified.credential_id)
    if len(credential_id) > Passkey._meta.get_field("credential_id").max_length:
        raise InvalidCredential
    had_factor = services.has_second_factor(user)
    try:
        with transaction.atomic():
            passkey = Passkey.objects.create(
                user=user,
                name=name,
                credential_id=credential_id,
                public_key=verified.credential_public_key,
                user_handle=user_handle(user),
                sign_count=verified.sign_count,
                backup_eligible=verified.credential_device_type
                == CredentialDeviceType.MULTI_DEVICE,
                transports=[t.value for t in parsed.response.transports or []],
            )
            services.second_factor_added(user=user, request=request, had_factor=had_factor)
    except IntegrityError as exc:
        raise PasskeyExists from exc
    audit.record(type=Event.PASSKEY_ADDED, request=request, user=user)
    return passkey


def passkey_delete(*, passkey, request) -> None:
    user = passkey.user
    passkey.delete()
    audit.record(type=Event.PASSKEY_REMOVED, request=request, user=user)


# --- A passkey as the second factor of a password login -----------------------------------


def second_factor_options(*, raw_token) -> dict:
    pending = services.pending_login_of(raw_token)
    passkeys = list(pending.user.passkeys.all())
    if not passkeys:
        raise WebAuthnNotAvailable
    options = generate_authentication_options(
        rp_id=rp_id(),
        timeout=TIMEOUT_MS,
        allow_credentials=_descriptors(passkeys),
        # The password was one factor; the passkey's possession is the second.
        user_verification=UserVerificationRequirement.PREFERRED,
    )
    updated = (
        type(pending)
        .objects.filter(pk=pending.pk)
        .update(webauthn_challenge=bytes_to_base64url(options.challenge))
    )
    if not updated:
        raise InvalidMFAToken
    return options_to_json_dict(options)


def pending_login_with_passkey(*, raw_token, credential, request):
    def verify(pending):
        try:
            parsed = _untrusted(parse_authentication_credential_json, credential)
            if (
                not pending.webauthn_challenge
                or _challenge_in(parsed) != pending.webauthn_challenge
            ):
                return None
            passkey = pending.user.passkeys.filter(credential_id=parsed.id).first()
            if passkey is None:
                return None
            used = _verify_assertion(parsed, passkey=passkey, challenge=pending.webauthn_challenge)
        except InvalidCredential:
            return None
        return Assurance(aal=2, amr=("pwd", *_webauthn_amr(passkey, used.user_verified)))

    tokens = services.pending_login_finish(raw_token=raw_token, request=request, verify=verify)
    if tokens is None:
        raise InvalidCredential
    return tokens


# --- Passwordless login -------------------------------------------------------------------


def login_options() -> dict:
    challenge = _new_challenge(purpose=Purpose.LOGIN, user=None)
    options = generate_authentication_options(
        rp_id=rp_id(),
        challenge=challenge,
        timeout=TIMEOUT_MS,
        # A discoverable credential: the authenticator says whose it is.
        allow_credentials=[],
        # Alone, a passkey must be two factors: possession and the user's PIN or biometrics.
        user_verification=UserVerificationRequirement.REQUIRED,
    )
    return options_to_json_dict(options)


def passkey_login(*, credential, request):
    check_attempt(request=request)
    parsed = _untrusted(parse_authentication_credential_json, credential)
    passkey = Passkey.objects.select_related("user").filter(credential_id=parsed.id).first()
    user = passkey.user if passkey is not None else None
    if user is not None:
        check_attempt(request=request, user=user)
    try:
        challenge = _take_challenge(parsed, purpose=Purpose.LOGIN, user=None)
        if user is None or not user.is_active:
            raise InvalidCredential
        handle = parsed.response.user_handle
        if handle is not None and handle != bytes(passkey.user_handle):
            raise InvalidCredential
        used = _verify_assertion(
            parsed, passkey=passkey, challenge=bytes_to_base64url(challenge), require_uv=True
        )
    except InvalidCredential:
        record_failure(request=request, user=user)
        audit.record(type=Event.MFA_FAILED, request=request, user=user)
        raise
    assurance = Assurance(aal=2, amr=tuple(_webauthn_amr(passkey, used.user_verified)))
    tokens = session_start(user=user, request=request, assurance=assurance)
    audit.record(type=Event.PASSKEY_LOGIN, request=request, user=user)
    return tokens


# --- Shared -------------------------------------------------------------------------------


def _new_challenge(*, purpose, user) -> bytes:
    now = timezone.now()
    WebAuthnChallenge.objects.filter(expires_at__lte=now).delete()
    challenge = generate_challenge()
    WebAuthnChallenge.objects.create(
        challenge=bytes_to_base64url(challenge),
        purpose=purpose,
        user=user,
        expires_at=now + CHALLENGE_LIFETIME,
    )
    return challenge


def _untrusted(function, *args, **kwargs):
    """Call a py_webauthn parser or verifier on what a client sent.

    Whatever it raises (its own errors, or a KeyError on a field a forged credential left
    out) means the credential is refused: a 400, never a 500.
    """
    try:
        return function(*args, **kwargs)
    except Exception as exc:
        raise InvalidCredential from exc


def _challenge_in(parsed) -> str:
    """The challenge the browser signed, base64url, from the credential's clientDataJSON."""
    client_data = _untrusted(parse_client_data_json, bytes(parsed.response.client_data_json))
    if not isinstance(client_data.challenge, bytes):
        raise InvalidCredential
    return bytes_to_base64url(client_data.challenge)


def _take_challenge(parsed, *, purpose, user) -> bytes:
    """Use up the live challenge this credential answers; raise InvalidCredential otherwise."""
    challenge = _challenge_in(parsed)
    deleted, _ = WebAuthnChallenge.objects.filter(
        challenge=challenge, purpose=purpose, user=user, expires_at__gt=timezone.now()
    ).delete()
    if not deleted:
        raise InvalidCredential
    return base64url_to_bytes(challenge)


def _verify_assertion(parsed, *, passkey, challenge, require_uv=False):
    verified = _untrusted(
        verify_authentication_response,
        credential=parsed,
        expected_challenge=base64url_to_bytes(challenge),
        expected_rp_id=rp_id(),
        expected_origin=expected_origins(),
        credential_public_key=bytes(passkey.public_key),
        credential_current_sign_count=passkey.sign_count,
        require_user_verification=require_uv,
    )
    # The counter moves forward once: a second request with the same count loses the race.
    moved = Passkey.objects.filter(pk=passkey.pk, sign_count=passkey.sign_count).update(
        sign_count=verified.new_sign_count, last_used_at=timezone.now()
    )
    if not moved:
        raise InvalidCredential
    return verified


def _webauthn_amr(passkey, user_verified):
    # RFC 8176: a synced passkey is a software-secured key, a device-bound one hardware.
    amr = ["swk" if passkey.backup_eligible else "hwk"]
    if user_verified:
        amr.append("user")
    return amr


def _descriptors(passkeys):
    return [
        PublicKeyCredentialDescriptor(id=base64url_to_bytes(passkey.credential_id))
        for passkey in passkeys
    ]
