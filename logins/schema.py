"""The OpenAPI description of the token views (logins.views): login, refresh, verify,
logout, sessions, CSRF; how they use their bodies and the browser cookies.

Loaded by LoginsConfig.ready(): drf-spectacular finds extensions by their import.
"""

from drf_spectacular.drainage import set_override
from drf_spectacular.extensions import OpenApiViewExtension
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    inline_serializer,
)
from rest_framework import serializers
from rest_framework_simplejwt.serializers import TokenObtainSerializer

from eventScheduler.web.schema import BearerScheme, documented, error, example
from logins.authentication import RevocableJWTAuthenticationWithProfile
from logins.serializers import RefreshTokenSerializer, TokenPairSerializer, VerifyTokenSerializer

# It is the same scheme, only loading more with the user: one `jwtAuth`, not a name clash.
set_override(RevocableJWTAuthenticationWithProfile, "suppress_collision_warning", True)


TOKEN_PAIR = {
    "access": "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ0b2tlbl90eXBlIjoiYWNjZXNzIn0.c2lnbmF0dXJl",
    "refresh": "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ0b2tlbl90eXBlIjoicmVmcmVzaCJ9.c2lnbmF0dXJl",
}

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

LOGIN_FAILED = error(
    "Wrong username or password, or an inactive account.",
    examples=[
        example(
            "Wrong credentials",
            "No active account found with the given credentials",
            "no_active_account",
        )
    ],
)
REFRESH_REFUSED = error(
    "The refresh token is malformed, expired, spent or of an ended session.",
    examples=[
        example(
            "A spent token presented again",
            "This refresh token was already used; its session has been revoked.",
            "token_reused",
        ),
        example("Ended session", "Session has been revoked", "token_not_valid"),
        example("Expired", "Token is expired", "token_not_valid"),
        example(
            "Deactivated user", "No active account found for the given token.", "no_active_account"
        ),
    ],
)
LOGOUT_REFUSED = error(
    "No token at all, or a refresh token that is malformed or expired.",
    examples=[
        example("No token", "Authentication credentials were not provided.", "not_authenticated"),
        example("Bad refresh token", "Token is invalid", "token_not_valid"),
    ],
)
TOKEN_NOT_VALID = error(
    "The token is malformed, expired, spent or of an ended session.",
    examples=[example("Ended session", "Session has been revoked", "token_not_valid")],
)
CSRF_FAILED = error(
    "The refresh token came from the cookie without a matching X-CSRFToken header.",
    examples=[example("No CSRF header", "CSRF Failed: CSRF token missing.", "permission_denied")],
)

REFRESH_REQUEST_EXAMPLES = [
    OpenApiExample(
        "The refresh token in the body", request_only=True, value={"refresh": TOKEN_PAIR["refresh"]}
    ),
    OpenApiExample("Cookie mode: no body", request_only=True, value={}),
]


# Logout and logout-all take the access token or, instead, a refresh token (body or cookie).
ACCESS_TOKEN_OR_NONE = [{BearerScheme.name: []}, {}]


class LoginSchema(OpenApiViewExtension):
    target_class = "logins.views.LoginView"

    def view_replacement(self):
        return documented(
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
    target_class = "logins.views.RefreshView"

    def view_replacement(self):
        return documented(
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
    target_class = "logins.views.VerifyView"

    def view_replacement(self):
        return documented(
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
    target_class = "logins.views.LogoutView"

    def view_replacement(self):
        return documented(
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
    target_class = "logins.views.LogoutAllView"

    def view_replacement(self):
        return documented(
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
    target_class = "logins.views.CsrfTokenView"

    def view_replacement(self):
        return documented(
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
    target_class = "logins.views.LoginSessionListView"

    def view_replacement(self):
        return documented(
            self.target_class,
            summary="List my sessions",
            description="The caller's live sessions (logins not ended), newest first; "
            "`current` marks the one the access token belongs to. `ip_address` is the "
            "client as this server sees it.",
            examples=[OpenApiExample("My sessions", response_only=True, value=LOGIN_SESSION)],
        )


class LoginSessionDetailSchema(OpenApiViewExtension):
    target_class = "logins.views.LoginSessionDetailView"

    def view_replacement(self):
        return documented(
            self.target_class,
            summary="End one of my sessions",
            description="Ends the session (a lost phone, say): its tokens answer 401 from "
            "then on. The id of another user's session is a 404.",
            responses={204: None},
        )
