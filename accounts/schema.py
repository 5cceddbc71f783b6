"""The OpenAPI description: error bodies on every operation, the Bearer scheme, examples.

drf-spectacular infers paths, parameters and bodies from the views; this module adds what it
cannot see: which errors an operation can answer with, and what the main flows look like.
"""

from drf_spectacular import openapi
from drf_spectacular.extensions import (
    OpenApiAuthenticationExtension,
    OpenApiSerializerExtension,
    OpenApiViewExtension,
)
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework import permissions, serializers
from rest_framework_simplejwt.views import TokenViewBase


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
    """simplejwt's JWTAuthentication as one `Bearer` scheme.

    drf-spectacular's own extension warns because AUTH_HEADER_TYPES also accepts `JWT`, which
    OpenAPI cannot express; `Bearer` is the standard one, so the alias is only mentioned.
    """

    target_class = "rest_framework_simplejwt.authentication.JWTAuthentication"
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
        if view.get_authenticators() or isinstance(view, TokenViewBase):
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
PROFILE_LIST_EXAMPLES = [OpenApiExample("Profiles", response_only=True, value=PROFILE)]
PROFILE_EXAMPLES = [
    OpenApiExample(
        "Become an organizer",
        request_only=True,
        value={"location": "Mushroom Kingdom", "is_organizer": True},
    ),
    OpenApiExample("A profile", response_only=True, value=PROFILE),
]


class TokenObtainPairSchema(OpenApiViewExtension):
    target_class = "rest_framework_simplejwt.views.TokenObtainPairView"

    def view_replacement(self):
        @extend_schema(
            summary="Log in",
            description="Trade a username and password for an access and a refresh token.",
            examples=[
                OpenApiExample(
                    "Log in",
                    request_only=True,
                    value={"username": "mario", "password": "i-keep-jumping"},
                ),
                OpenApiExample("A token pair", response_only=True, value=TOKEN_PAIR),
            ],
        )
        class Documented(self.target_class):
            pass

        return Documented


class TokenRefreshSchema(OpenApiViewExtension):
    target_class = "rest_framework_simplejwt.views.TokenRefreshView"

    def view_replacement(self):
        @extend_schema(
            summary="Refresh the access token",
            description="Trade a refresh token for a new access token.",
            examples=[
                OpenApiExample(
                    "Refresh", request_only=True, value={"refresh": TOKEN_PAIR["refresh"]}
                ),
                OpenApiExample(
                    "A new access token", response_only=True, value={"access": TOKEN_PAIR["access"]}
                ),
            ],
        )
        class Documented(self.target_class):
            pass

        return Documented


class TokenVerifySchema(OpenApiViewExtension):
    target_class = "rest_framework_simplejwt.views.TokenVerifyView"

    def view_replacement(self):
        @extend_schema(
            summary="Check a token",
            description="200 with an empty object when the token is valid, 401 otherwise.",
            examples=[
                OpenApiExample("Verify", request_only=True, value={"token": TOKEN_PAIR["access"]})
            ],
        )
        class Documented(self.target_class):
            pass

        return Documented
