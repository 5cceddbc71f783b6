"""The OpenAPI description: error bodies on every operation, the Bearer scheme, examples.

drf-spectacular infers paths, parameters and bodies from the views; this module adds what it
cannot see: which errors an operation can answer with, what the main flows look like, and how
the token views (accounts.auth_views) use their bodies and the browser cookies.
"""

from drf_spectacular import openapi
from drf_spectacular.drainage import set_override
from drf_spectacular.extensions import (
    OpenApiAuthenticationExtension,
    OpenApiSerializerExtension,
    OpenApiViewExtension,
)
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    inline_serializer,
)
from rest_framework import permissions, serializers
from rest_framework_simplejwt.serializers import TokenObtainSerializer

from accounts.auth_views import TokenView
from accounts.authentication import RevocableJWTAuthenticationWithProfile
from accounts.serializers import (
    RefreshTokenSerializer,
    TokenPairSerializer,
    VerifyTokenSerializer,
)


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="What went wrong, for people.")
    code = serializers.CharField(
        help_text="What went wrong, for programs: not_authenticated, token_not_valid, "
        "permission_denied, not_found, ..."
    )


class ValidationErrorSerializer(ErrorSerializer):
    """`detail` and `code` (`invalid` or `parse_error`), plus one key per wrong field."""


class ValidationErrorSchema(OpenApiSerializerExtension):
    target_class = ValidationErrorSerializer

    def map_serializer(self, auto_schema, direction):
        schema = auto_schema._map_basic_serializer(self.target, direction)
        schema["additionalProperties"] = {
            "type": "array",
            "items": {"type": "string"},
            "description": "The messages for one field, keyed by its name "
            "(non_field_errors for the body as a whole).",
        }
        return schema


class BearerScheme(OpenApiAuthenticationExtension):
    """simplejwt's JWTAuthentication, and its subclasses, as one `Bearer` scheme.

    drf-spectacular's own extension warns because AUTH_HEADER_TYPES also accepts `JWT`, which
    OpenAPI cannot express; `Bearer` is the standard one, so the alias is only mentioned.
    Subclasses (RevocableJWTAuthentication) read the same header and token.
    """

    target_class = "rest_framework_simplejwt.authentication.JWTAuthentication"
    match_subclasses = True
    name = "jwtAuth"
    priority = 1

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "bearerFormat": "JWT",
            "description": "The access token from POST /auth/jwt/create/. "
            "`Authorization: JWT <access>` is accepted too.",
        }


# It is the same scheme, only loading more with the user: one `jwtAuth`, not a name clash.
set_override(RevocableJWTAuthenticationWithProfile, "suppress_collision_warning", True)


def _error(description, serializer=ErrorSerializer, examples=()):
    return OpenApiResponse(serializer, description=description, examples=list(examples))


def _example(name, detail, code, **fields):
    return OpenApiExample(name, value={"detail": detail, "code": code, **fields})


BAD_REQUEST = _error(
    "Malformed JSON, or a missing or wrong field.",
    ValidationErrorSerializer,
    [
        _example(
            "A wrong field",
            "Invalid input.",
            "invalid",
            location=["Ensure this field has no more than 30 characters."],
        ),
        _example("Malformed JSON", "JSON parse error - Expecting value", "parse_error"),
    ],
)
UNAUTHORIZED = _error(
    "No token, or a bad or expired one.",
    examples=[
        _example("No token", "Authentication credentials were not provided.", "not_authenticated"),
        _example("Expired token", "Given token not valid for any token type", "token_not_valid"),
    ],
)
FORBIDDEN = _error(
    "Logged in, but not allowed to do this (for example, change someone else's profile).",
    examples=[
        _example(
            "Not the owner",
            "You do not have permission to perform this action.",
            "permission_denied",
        )
    ],
)
NOT_FOUND = _error(
    "No such object, or a page past the end.",
    examples=[_example("Not found", "Not found.", "not_found")],
)
UNSUPPORTED_MEDIA_TYPE = _error("The body is neither JSON nor form data.")
TOO_MANY_REQUESTS = _error("Too many requests; the Retry-After header says when to try again.")
CONFLICT = _error(
    "The caller already has a profile.",
    examples=[
        _example(
            "Second profile", "You already have a profile; update it instead.", "profile_exists"
        )
    ],
)

_OPEN = {permissions.AllowAny, permissions.IsAuthenticated}
_BODY_METHODS = {"POST", "PUT", "PATCH"}


class AutoSchema(openapi.AutoSchema):
    """drf-spectacular's inspector, plus the errors each operation can answer with."""

    def get_tags(self):
        return ["auth"] if self.path.startswith("/auth/") else ["profiles"]

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        for status_code, response in self._error_responses().items():
            if status_code not in responses:
                responses[status_code] = self._get_response_for_code(
                    response, status_code, direction=direction
                )
        return dict(sorted(responses.items()))

    def _error_responses(self):
        view = self.view
        errors = {}
        if self.method in _BODY_METHODS or self._get_filter_parameters():
            errors["400"] = BAD_REQUEST
        if view.get_authenticators() or isinstance(view, TokenView):
            errors["401"] = UNAUTHORIZED
        if {type(permission) for permission in view.get_permissions()} - _OPEN:
            errors["403"] = FORBIDDEN
        if "{" in self.path or self._is_list_view():
            errors["404"] = NOT_FOUND
        if self.method in _BODY_METHODS:
            errors["415"] = UNSUPPORTED_MEDIA_TYPE
        if view.get_throttles():
            errors["429"] = TOO_MANY_REQUESTS
        return errors


# Examples of the main flows.

TOKEN_PAIR = {
    "access": "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ0b2tlbl90eXBlIjoiYWNjZXNzIn0.c2lnbmF0dXJl",
    "refresh": "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ0b2tlbl90eXBlIjoicmVmcmVzaCJ9.c2lnbmF0dXJl",
}
PROFILE = {
    "id": 1,
    "user": "mario",
    "description": "I am a very famous game character",
    "location": "Mushroom Kingdom",
    "date_joined": "2026-11-29T15:00:00Z",
    "updated_on": "2026-11-29T15:05:00Z",
    "is_organizer": True,
}

REGISTER_EXAMPLES = [
    OpenApiExample(
        "An organizer signs up",
        request_only=True,
        value={
            "username": "mario",
            "password": "i-keep-jumping",
            "email": "mario@example.com",
            "is_organizer": True,
            "location": "Mushroom Kingdom",
        },
    ),
    OpenApiExample(
        "An attendee signs up with the minimum",
        request_only=True,
        value={"username": "luigi", "password": "green-and-tall"},
    ),
    OpenApiExample(
        "Registered",
        response_only=True,
        status_codes=["201"],
        value={"id": 1, "username": "mario", "email": "mario@example.com"},
    ),
]
CURRENT_USER_EXAMPLES = [
    OpenApiExample(
        "Who am I",
        response_only=True,
        value={"id": 1, "username": "mario", "email": "mario@example.com", "profile": PROFILE},
    ),
    OpenApiExample("Change my email", request_only=True, value={"email": "mario@new.example"}),
]
# drf-spectacular wraps a list example in a page of results.
# The address of an account: the endpoints that mail an account do their work only for one.
ADDRESS_EXAMPLES = [
    OpenApiExample("An account's address", request_only=True, value={"email": "mario@example.com"})
]

PROFILE_LIST_EXAMPLES = [OpenApiExample("Profiles", response_only=True, value=PROFILE)]
PROFILE_EXAMPLES = [
    OpenApiExample(
        "Become an organizer",
        request_only=True,
        value={"location": "Mushroom Kingdom", "is_organizer": True},
    ),
    OpenApiExample("A profile", response_only=True, value=PROFILE),
]


# The token views (accounts.auth_views): login, refresh, verify, logout, sessions, CSRF.

NEW_TOKEN_PAIR = {
    "access": "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ0b2tlbl90eXBlIjoiYWNjZXNzIiwibiI6Mn0.c2ln",
    "refresh": "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ0b2tlbl90eXBlIjoicmVmcmVzaCIsIm4iOjJ9.c2ln",
}
LOGIN_SESSION = {
    "id": "3f0c2a52-8d0e-4f5e-9a43-0b9f4c1d2e7a",
    "created_at": "2026-11-29T15:00:00Z",
    "last_refreshed_at": "2026-11-29T15:04:10Z",
    "user_agent": "Mozilla/5.0 (X11; Linux x86_64)",
    "ip_address": "198.51.100.7",
    "current": True,
}

COOKIE_MODE = (
    "\n\n**Browser apps (cookie mode).** Without `refresh` in the body the refresh token is "
    "taken from the HttpOnly `refresh_token` cookie that login and refresh set (path `/auth/`). "
    "Such a request must echo the `csrftoken` cookie in the `X-CSRFToken` header (the value "
    "is also the `csrf_token` of `GET /auth/csrf/`), or it is refused with 403. Clients that "
    "send the token in the body need no CSRF header."
)
SETS_COOKIES = (
    "\n\nThe response also sets the `refresh_token` cookie (HttpOnly, Secure unless the "
    "server runs in debug, SameSite `JWT_REFRESH_COOKIE_SAMESITE`, path `/auth/`, for the "
    "refresh token's lifetime) and the `csrftoken` cookie for browser apps; other clients "
    "may ignore both."
)
COOKIE_PARAMETERS = [
    OpenApiParameter(
        "refresh_token",
        str,
        OpenApiParameter.COOKIE,
        description="Cookie mode: the refresh token, used when the body has no `refresh`.",
    ),
    OpenApiParameter(
        "csrftoken",
        str,
        OpenApiParameter.COOKIE,
        description="Cookie mode: Django's CSRF cookie, set by login, refresh and GET /auth/csrf/.",
    ),
    OpenApiParameter(
        "X-CSRFToken",
        str,
        OpenApiParameter.HEADER,
        description="Cookie mode: the CSRF token; required when the refresh token comes from "
        "the cookie.",
    ),
]
SET_COOKIE_HEADER = OpenApiParameter(
    "Set-Cookie",
    str,
    OpenApiParameter.HEADER,
    response=[200],
    description="`refresh_token` (HttpOnly) and `csrftoken`, for browser apps.",
)

LOGIN_FAILED = _error(
    "Wrong username or password, or an inactive account.",
    examples=[
        _example(
            "Wrong credentials",
            "No active account found with the given credentials",
            "no_active_account",
        )
    ],
)
REFRESH_REFUSED = _error(
    "The refresh token is malformed, expired, spent or of an ended session.",
    examples=[
        _example(
            "A spent token presented again",
            "This refresh token was already used; its session has been revoked.",
            "token_reused",
        ),
        _example("Ended session", "Session has been revoked", "token_not_valid"),
        _example("Expired", "Token is expired", "token_not_valid"),
        _example(
            "Deactivated user", "No active account found for the given token.", "no_active_account"
        ),
    ],
)
LOGOUT_REFUSED = _error(
    "No token at all, or a refresh token that is malformed or expired.",
    examples=[
        _example("No token", "Authentication credentials were not provided.", "not_authenticated"),
        _example("Bad refresh token", "Token is invalid", "token_not_valid"),
    ],
)
TOKEN_NOT_VALID = _error(
    "The token is malformed, expired, spent or of an ended session.",
    examples=[_example("Ended session", "Session has been revoked", "token_not_valid")],
)
CSRF_FAILED = _error(
    "The refresh token came from the cookie without a matching X-CSRFToken header.",
    examples=[_example("No CSRF header", "CSRF Failed: CSRF token missing.", "permission_denied")],
)

REFRESH_REQUEST_EXAMPLES = [
    OpenApiExample(
        "The refresh token in the body", request_only=True, value={"refresh": TOKEN_PAIR["refresh"]}
    ),
    OpenApiExample("Cookie mode: no body", request_only=True, value={}),
]


# Logout and logout-all take the access token or, instead, a refresh token (body or cookie).
ACCESS_TOKEN_OR_NONE = [{BearerScheme.name: []}, {}]


def _documented(view_class, **schema):
    @extend_schema(**schema)
    class Documented(view_class):
        pass

    return Documented


class LoginSchema(OpenApiViewExtension):
    target_class = "accounts.auth_views.LoginView"

    def view_replacement(self):
        return _documented(
            self.target_class,
            summary="Log in",
            description="Trade a username (or email) and password for a token pair; starts a "
            "session." + SETS_COOKIES,
            request=TokenObtainSerializer,
            responses={200: TokenPairSerializer, 401: LOGIN_FAILED},
            parameters=[SET_COOKIE_HEADER],
            examples=[
                OpenApiExample(
                    "Log in",
                    request_only=True,
                    value={"username": "mario", "password": "i-keep-jumping"},
                ),
                OpenApiExample("A token pair", response_only=True, value=TOKEN_PAIR),
            ],
        )


class RefreshSchema(OpenApiViewExtension):
    target_class = "accounts.auth_views.RefreshView"

    def view_replacement(self):
        return _documented(
            self.target_class,
            summary="Refresh: a new token pair",
            description="Trade the refresh token for a new access token *and* a new refresh "
            "token; the one sent is spent. Presenting a spent refresh token again ends the "
            "whole session (401 `token_reused`), unless it comes back within "
            "`JWT_REFRESH_REUSE_GRACE_SECONDS` (two tabs refreshing at once), which gets the "
            "same new pair." + COOKIE_MODE + SETS_COOKIES,
            request=RefreshTokenSerializer,
            responses={200: TokenPairSerializer, 401: REFRESH_REFUSED, 403: CSRF_FAILED},
            parameters=[*COOKIE_PARAMETERS, SET_COOKIE_HEADER],
            examples=[
                *REFRESH_REQUEST_EXAMPLES,
                OpenApiExample("A new token pair", response_only=True, value=NEW_TOKEN_PAIR),
            ],
        )


class VerifySchema(OpenApiViewExtension):
    target_class = "accounts.auth_views.VerifyView"

    def view_replacement(self):
        return _documented(
            self.target_class,
            summary="Check a token",
            description="200 with an empty object when the token (access or refresh) is "
            "valid, not spent and of a live session; 401 otherwise.",
            request=VerifyTokenSerializer,
            responses={
                200: OpenApiResponse(
                    {"type": "object", "maxProperties": 0}, description="The token is valid."
                ),
                401: TOKEN_NOT_VALID,
            },
            examples=[
                OpenApiExample("Verify", request_only=True, value={"token": TOKEN_PAIR["access"]}),
                OpenApiExample("Valid", response_only=True, value={}),
            ],
        )


class LogoutSchema(OpenApiViewExtension):
    target_class = "accounts.auth_views.LogoutView"

    def view_replacement(self):
        return _documented(
            self.target_class,
            summary="Log out: end this session",
            auth=ACCESS_TOKEN_OR_NONE,
            description="Ends the session of the refresh token sent (body or cookie) or, "
            "without one, of the access token in the Authorization header. Its refresh and "
            "access tokens answer 401 from then on. The response deletes the refresh cookie."
            + COOKIE_MODE,
            request=RefreshTokenSerializer,
            responses={204: None, 401: LOGOUT_REFUSED, 403: CSRF_FAILED},
            parameters=COOKIE_PARAMETERS,
            examples=[
                OpenApiExample(
                    "With the refresh token",
                    request_only=True,
                    value={"refresh": TOKEN_PAIR["refresh"]},
                ),
                OpenApiExample(
                    "With the access token (or the cookie): no body", request_only=True, value={}
                ),
            ],
        )


class LogoutAllSchema(OpenApiViewExtension):
    target_class = "accounts.auth_views.LogoutAllView"

    def view_replacement(self):
        return _documented(
            self.target_class,
            summary="Log out everywhere",
            auth=ACCESS_TOKEN_OR_NONE,
            description="Ends every session of the caller, who is named by the access token "
            "or by a refresh token that is its session's current one (body or cookie). The "
            "response deletes the refresh cookie." + COOKIE_MODE,
            request=RefreshTokenSerializer,
            responses={204: None, 401: REFRESH_REFUSED, 403: CSRF_FAILED},
            parameters=COOKIE_PARAMETERS,
            examples=[
                OpenApiExample("With the access token: no body", request_only=True, value={}),
                OpenApiExample(
                    "With the refresh token",
                    request_only=True,
                    value={"refresh": TOKEN_PAIR["refresh"]},
                ),
            ],
        )


class CsrfTokenSchema(OpenApiViewExtension):
    target_class = "accounts.auth_views.CsrfTokenView"

    def view_replacement(self):
        return _documented(
            self.target_class,
            summary="CSRF token for browser apps",
            description="Sets the `csrftoken` cookie and returns the token to echo in the "
            "`X-CSRFToken` header of cookie-mode requests. An app on another origin cannot "
            "read that cookie, so it takes the token from this body.",
            responses={
                200: inline_serializer("CsrfToken", fields={"csrf_token": serializers.CharField()})
            },
            examples=[
                OpenApiExample(
                    "A CSRF token",
                    response_only=True,
                    value={"csrf_token": "x3Qm9T2a7KfVbLw0pRn5Yc8ZdHs1JgEu4XoNiMqBtC6vWlAyPk"},
                )
            ],
        )


class LoginSessionListSchema(OpenApiViewExtension):
    target_class = "accounts.auth_views.LoginSessionListView"

    def view_replacement(self):
        return _documented(
            self.target_class,
            summary="List my sessions",
            description="The caller's live sessions (logins not ended), newest first; "
            "`current` marks the one the access token belongs to. `ip_address` is the "
            "client as this server sees it.",
            examples=[OpenApiExample("My sessions", response_only=True, value=LOGIN_SESSION)],
        )


class LoginSessionDetailSchema(OpenApiViewExtension):
    target_class = "accounts.auth_views.LoginSessionDetailView"

    def view_replacement(self):
        return _documented(
            self.target_class,
            summary="End one of my sessions",
            description="Ends the session (a lost phone, say): its tokens answer 401 from "
            "then on. The id of another user's session is a 404.",
            responses={204: None},
        )
