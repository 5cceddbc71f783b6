"""OpenAPI of the second-factor endpoints: what each answers, with examples of the flows."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework_simplejwt.serializers import TokenObtainSerializer

from eventScheduler.web.schema import TOO_MANY_REQUESTS, ErrorSerializer, ValidationErrorSerializer
from logins.schema import LOGIN_FAILED, SET_COOKIE_HEADER, SETS_COOKIES, TOKEN_PAIR
from logins.serializers import TokenPairSerializer
from mfa.serializers import (
    LoginForbiddenSerializer,
    MFAStatusSerializer,
    PasskeySerializer,
    RecoveryCodesSerializer,
    TOTPSetupSerializer,
)


def _error(description, *examples):
    return OpenApiResponse(ErrorSerializer, description=description, examples=list(examples))


def _example(name, detail, code, **fields):
    return OpenApiExample(name, value={"detail": detail, "code": code, **fields})


MFA_TOKEN = "Jx0m3VYbq7x8R2l5ZtE6hGk1nQwUaPcS9oDfLiT4yBs"
MFA_REQUIRED_EXAMPLE = {
    "detail": "A second factor is required: finish with POST /auth/mfa/authenticate/.",
    "code": "mfa_required",
    "mfa_token": MFA_TOKEN,
    "methods": ["totp", "recovery_code", "webauthn"],
}
LOGIN_FORBIDDEN = OpenApiResponse(
    LoginForbiddenSerializer,
    description="`mfa_required`: the password was right and the account has a second factor, "
    "so no token yet. Send `mfa_token` and a code (or a passkey's credential) to POST "
    "/auth/mfa/authenticate/ within 5 minutes; `methods` lists the factors this account has. "
    "`origin_not_allowed`: a browser named an Origin that is neither CORS-allowed nor "
    "CSRF-trusted (login CSRF).",
    examples=[
        OpenApiExample("A second factor is required", value=MFA_REQUIRED_EXAMPLE),
        OpenApiExample(
            "Foreign origin",
            value={
                "detail": "Logins are not accepted from this origin.",
                "code": "origin_not_allowed",
            },
        ),
    ],
)
RECOVERY_CODES = [
    "k3vq-7m2p-xd4a-9wnb",
    "c8rt-2lq6-yh5e-3fzu",
    "n4ws-8bk1-tq7m-6dav",
    "p2hy-5xc9-rl3n-8gte",
    "f7md-1wz4-kb6s-2qjc",
    "u5ea-9tn2-hv8x-4lry",
    "b1gq-6pf3-mz7w-5kdn",
    "s9xk-3dh8-ae2t-7vmu",
    "w6ln-4cy1-qr9b-3ehp",
    "e2tz-8ma5-jw4k-6fsx",
]
CODE_REFUSED = OpenApiResponse(
    ValidationErrorSerializer,
    description="No code, a wrong, expired or already used code, or a wrong field.",
    examples=[
        _example("Wrong code", "`code` is wrong, expired or already used.", "invalid_code"),
        _example(
            "No code",
            "`code` is required: a code from your authenticator app or a recovery code.",
            "code_required",
        ),
    ],
)
AAL2_REQUIRED = _error(
    "The account has a second factor and this session was opened without one (aal 1).",
    _example(
        "Log in with the factor first",
        "Log in with your second factor (a session with aal 2) to change your factors.",
        "aal2_required",
    ),
)
LOCKED = TOO_MANY_REQUESTS
NOT_SET_UP = _error(
    "The authenticator app is not in the state this needs.",
    _example("No app set up", "No authenticator app is set up.", "totp_not_enabled"),
)
CREATION_OPTIONS = {
    "rp": {"name": "eventScheduler", "id": "app.example.com"},
    "user": {"id": "q4n1V0l6c2Yk", "name": "mario", "displayName": "mario"},
    "challenge": "kYb0Z1rD7l2m8b6xQ3v9cW4tP5sE0aF1",
    "pubKeyCredParams": [{"type": "public-key", "alg": -7}, {"type": "public-key", "alg": -257}],
    "timeout": 300000,
    "excludeCredentials": [],
    "authenticatorSelection": {
        "residentKey": "preferred",
        "requireResidentKey": False,
        "userVerification": "preferred",
    },
    "attestation": "none",
}
REQUEST_OPTIONS = {
    "challenge": "bT6dY1uM3rK8aQ0pZ5sN7vH2jC9eW4gL",
    "timeout": 300000,
    "rpId": "app.example.com",
    "allowCredentials": [],
    "userVerification": "required",
}
CREDENTIAL = {
    "id": "hJ3kQ8zT0dX5vP1m",
    "rawId": "hJ3kQ8zT0dX5vP1m",
    "type": "public-key",
    "response": {
        "clientDataJSON": "eyJ0eXBlIjoid2ViYXV0aG4uZ2V0In0",
        "authenticatorData": "SZYN5YgOjGh0NBcPZHZgW4_krrmihjLHmVzzuoMdl2MFAAAAAQ",
        "signature": "MEUCIQDxw1r0",
        "userHandle": "q4n1V0l6c2Yk",
    },
    "clientExtensionResults": {},
    "authenticatorAttachment": "platform",
}
CREDENTIAL_REFUSED = OpenApiResponse(
    ValidationErrorSerializer,
    description="A malformed body, or a credential refused: unknown, for an expired or used "
    "challenge, from another origin, or with a bad signature.",
    examples=[
        _example(
            "Refused",
            "`credential` was refused: unknown, expired challenge, or a bad signature.",
            "invalid_credential",
        )
    ],
)
OPTIONS_OBJECT = OpenApiTypes.OBJECT


login = extend_schema(
    summary="Log in",
    description="Trade a username (or email) and password for a token pair; starts a "
    "session. For an account with a second factor the answer is a 403 `mfa_required` "
    "with an `mfa_token` instead (no token, no cookie): finish at POST "
    "/auth/mfa/authenticate/. The tokens carry `aal` (1 with a password alone) and `amr` "
    "(`pwd`)." + SETS_COOKIES,
    request=TokenObtainSerializer,
    responses={200: TokenPairSerializer, 401: LOGIN_FAILED, 403: LOGIN_FORBIDDEN},
    parameters=[SET_COOKIE_HEADER],
    examples=[
        OpenApiExample(
            "Log in", request_only=True, value={"username": "mario", "password": "i-keep-jumping"}
        ),
        OpenApiExample("A token pair", response_only=True, value=TOKEN_PAIR),
    ],
)


mfa_status = extend_schema(
    summary="My second factors",
    description="Whether the authenticator app is on, how many recovery codes are left, and "
    "the passkeys.",
    responses={200: MFAStatusSerializer},
    examples=[
        OpenApiExample(
            "TOTP and a passkey",
            response_only=True,
            value={
                "totp_enabled": True,
                "recovery_codes_left": 9,
                "passkeys": [
                    {
                        "id": 3,
                        "name": "Laptop",
                        "created_at": "2026-11-29T15:00:00Z",
                        "last_used_at": "2026-11-30T08:12:44Z",
                    }
                ],
            },
        )
    ],
)

totp = extend_schema_view(
    post=extend_schema(
        summary="Start setting up an authenticator app",
        description="Needs the password (a stolen access token alone cannot add a factor). "
        "Returns a new secret, not active yet: scan `qr_svg` (or type `secret`) into the app "
        "and confirm with POST /auth/mfa/totp/activate/. Calling it again replaces a secret "
        "that was not activated. A wrong password counts as a failed login.",
        responses={
            200: TOTPSetupSerializer,
            403: AAL2_REQUIRED,
            409: _error(
                "An authenticator app is already set up.",
                _example(
                    "Already set up",
                    "An authenticator app is already set up; remove it first.",
                    "totp_enabled",
                ),
            ),
            429: LOCKED,
        },
        examples=[
            OpenApiExample(
                "My password", request_only=True, value={"current_password": "i-keep-jumping"}
            ),
            OpenApiExample(
                "A pending secret",
                response_only=True,
                value={
                    "secret": "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP",
                    "otpauth_url": "otpauth://totp/eventScheduler:mario%40example.com"
                    "?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=eventScheduler",
                    "qr_svg": '<svg xmlns="http://www.w3.org/2000/svg" ...></svg>',
                },
            ),
        ],
    ),
    delete=extend_schema(
        summary="Remove the authenticator app",
        description='The body must hold a code: `{"code": "123456"}` (a TOTP or recovery '
        "code; OpenAPI 3.0 cannot describe a DELETE body). Needs an aal 2 session. The "
        "recovery codes go with the app.",
        responses={204: None, 400: CODE_REFUSED, 403: AAL2_REQUIRED, 409: NOT_SET_UP, 429: LOCKED},
    ),
)
totp_activate = extend_schema(
    summary="Turn the authenticator app on",
    description="The first code from the app proves it was set up. Returns 10 recovery codes, "
    "shown this once. The user's other sessions end (they were opened without the factor); "
    "this one goes on.",
    responses={
        201: RecoveryCodesSerializer,
        400: CODE_REFUSED,
        403: AAL2_REQUIRED,
        409: _error(
            "Nothing to activate.",
            _example(
                "Not started",
                "No authenticator app is being set up: start with POST /auth/mfa/totp/.",
                "totp_not_pending",
            ),
        ),
        429: LOCKED,
    },
    examples=[
        OpenApiExample("The app's code", request_only=True, value={"code": "492039"}),
        OpenApiExample(
            "Recovery codes", response_only=True, value={"recovery_codes": RECOVERY_CODES}
        ),
    ],
)
recovery_codes = extend_schema(
    summary="New recovery codes",
    description="A code (TOTP or recovery) proves the factor; the old codes stop working. "
    "Needs an aal 2 session.",
    responses={
        200: RecoveryCodesSerializer,
        400: CODE_REFUSED,
        403: AAL2_REQUIRED,
        409: NOT_SET_UP,
        429: LOCKED,
    },
    examples=[
        OpenApiExample("The app's code", request_only=True, value={"code": "492039"}),
        OpenApiExample(
            "New recovery codes", response_only=True, value={"recovery_codes": RECOVERY_CODES}
        ),
    ],
)
authenticate = extend_schema(
    summary="Log in: the second factor",
    description="Finish a login that answered 403 `mfa_required`: `mfa_token` with a `code` "
    "(TOTP or recovery code) or with a passkey's `credential` (after POST "
    "/auth/mfa/webauthn/options/). Answers like a login: a token pair (`aal` 2), a session, "
    "the cookies. The `mfa_token` works once, for 5 minutes, and dies after 5 wrong codes or "
    "a password change; a wrong code counts as a failed login." + SETS_COOKIES,
    responses={
        200: TokenPairSerializer,
        400: OpenApiResponse(
            ValidationErrorSerializer,
            description="A wrong code or credential, or an `mfa_token` that is no longer good.",
            examples=[
                _example("Wrong code", "`code` is wrong, expired or already used.", "invalid_code"),
                _example(
                    "Token used up",
                    "`mfa_token` is invalid, used up or expired: log in again.",
                    "mfa_token_invalid",
                ),
            ],
        ),
        429: LOCKED,
    },
    parameters=[SET_COOKIE_HEADER],
    examples=[
        OpenApiExample(
            "With a code", request_only=True, value={"mfa_token": MFA_TOKEN, "code": "492039"}
        ),
        OpenApiExample(
            "With a passkey",
            request_only=True,
            value={"mfa_token": MFA_TOKEN, "credential": CREDENTIAL},
        ),
        OpenApiExample("A token pair", response_only=True, value=TOKEN_PAIR),
    ],
)
webauthn_options = extend_schema(
    summary="Log in: passkey options for the second factor",
    description="`PublicKeyCredentialRequestOptionsJSON` for the account's passkeys (give it "
    "to `PublicKeyCredential.parseRequestOptionsFromJSON()`); send the credential to POST "
    "/auth/mfa/authenticate/ with the same `mfa_token`.",
    responses={
        200: OpenApiResponse(OPTIONS_OBJECT, description="The request options."),
        400: OpenApiResponse(
            ValidationErrorSerializer,
            description="An `mfa_token` no longer good, or an account without passkeys.",
            examples=[
                _example(
                    "No passkey",
                    "This account has no passkey to use as a second factor.",
                    "webauthn_not_available",
                )
            ],
        ),
    },
    examples=[
        OpenApiExample("The pending login", request_only=True, value={"mfa_token": MFA_TOKEN}),
        OpenApiExample(
            "Request options",
            response_only=True,
            value={**REQUEST_OPTIONS, "userVerification": "preferred"},
        ),
    ],
)
passkey_registration_options = extend_schema(
    summary="Add a passkey: creation options",
    description="`PublicKeyCredentialCreationOptionsJSON` (for "
    "`PublicKeyCredential.parseCreationOptionsFromJSON()`): resident key and user "
    "verification preferred, the user's passkeys excluded. Needs `current_password` unless "
    "the session was opened with a second factor; a user who has one needs such a session.",
    responses={
        200: OpenApiResponse(OPTIONS_OBJECT, description="The creation options."),
        403: AAL2_REQUIRED,
        429: LOCKED,
    },
    examples=[
        OpenApiExample(
            "In a session without a factor: the password",
            request_only=True,
            value={"current_password": "i-keep-jumping"},
        ),
        OpenApiExample("In an aal 2 session: no body", request_only=True, value={}),
        OpenApiExample("Creation options", response_only=True, value=CREATION_OPTIONS),
    ],
)
passkey_create = extend_schema(
    summary="Add a passkey",
    description="`credential` is the `toJSON()` of what navigator.credentials.create() "
    "returned for the options above. A user's first factor ends their other sessions.",
    responses={
        201: PasskeySerializer,
        400: CREDENTIAL_REFUSED,
        403: AAL2_REQUIRED,
        409: _error(
            "The credential is registered already.",
            _example("Already there", "This passkey is already registered.", "passkey_exists"),
        ),
    },
    examples=[
        OpenApiExample(
            "A new passkey",
            request_only=True,
            value={
                "name": "Laptop",
                "credential": {
                    **{k: v for k, v in CREDENTIAL.items() if k != "response"},
                    "response": {
                        "clientDataJSON": "eyJ0eXBlIjoid2ViYXV0aG4uY3JlYXRlIn0",
                        "attestationObject": "o2NmbXRkbm9uZWdhdHRTdG10oGhhdXRoRGF0YVjF",
                        "transports": ["internal"],
                    },
                },
            },
        ),
        OpenApiExample(
            "Added",
            response_only=True,
            value={
                "id": 3,
                "name": "Laptop",
                "created_at": "2026-11-29T15:00:00Z",
                "last_used_at": None,
            },
        ),
    ],
)
passkey_delete = extend_schema(
    summary="Remove a passkey",
    description="Needs an aal 2 session. Another user's passkey is a 404.",
    responses={204: None, 403: AAL2_REQUIRED},
)
passkey_login_options = extend_schema(
    summary="Log in with a passkey: request options",
    description="`PublicKeyCredentialRequestOptionsJSON` for a discoverable credential (no "
    "username needed), user verification required. The challenge works once, for 5 minutes.",
    request=None,
    responses={200: OpenApiResponse(OPTIONS_OBJECT, description="The request options.")},
    examples=[OpenApiExample("Request options", response_only=True, value=REQUEST_OPTIONS)],
)
passkey_login = extend_schema(
    summary="Log in with a passkey",
    description="A passwordless login: `credential` is the `toJSON()` of what "
    "navigator.credentials.get() returned. The authenticator must have verified the user "
    "(PIN or biometrics), so it counts as two factors: `aal` 2, `amr` `hwk` (or `swk` for a "
    "synced passkey) and `user`." + SETS_COOKIES,
    responses={200: TokenPairSerializer, 400: CREDENTIAL_REFUSED, 429: LOCKED},
    parameters=[SET_COOKIE_HEADER],
    examples=[
        OpenApiExample("The credential", request_only=True, value={"credential": CREDENTIAL}),
        OpenApiExample("A token pair", response_only=True, value=TOKEN_PAIR),
    ],
)
