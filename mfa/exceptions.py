"""The errors of second factors. Each is `{"detail", "code"}`; none lists the field `code`
under its own name, since that key is the error's machine-readable code."""

from rest_framework import exceptions, status


class MFAError(exceptions.APIException):
    status_code = status.HTTP_400_BAD_REQUEST


class CodeRequired(MFAError):
    default_detail = "`code` is required: a code from your authenticator app or a recovery code."
    default_code = "code_required"


class InvalidCode(MFAError):
    default_detail = "`code` is wrong, expired or already used."
    default_code = "invalid_code"


class InvalidMFAToken(MFAError):
    default_detail = "`mfa_token` is invalid, used up or expired: log in again."
    default_code = "mfa_token_invalid"


class TOTPAlreadyEnabled(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "An authenticator app is already set up; remove it first."
    default_code = "totp_enabled"


class TOTPNotPending(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "No authenticator app is being set up: start with POST /auth/mfa/totp/."
    default_code = "totp_not_pending"


class TOTPNotEnabled(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "No authenticator app is set up."
    default_code = "totp_not_enabled"


class NoRecoveryCodes(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "Recovery codes come with an authenticator app; set one up first."
    default_code = "totp_not_enabled"


class WebAuthnNotAvailable(MFAError):
    default_detail = "This account has no passkey to use as a second factor."
    default_code = "webauthn_not_available"


class InvalidCredential(MFAError):
    default_detail = "`credential` was refused: unknown, expired challenge, or a bad signature."
    default_code = "invalid_credential"


class PasskeyExists(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "This passkey is already registered."
    default_code = "passkey_exists"


class SecondFactorSessionRequired(exceptions.PermissionDenied):
    default_detail = "Log in with your second factor to change your second factors."
    default_code = "aal2_required"
