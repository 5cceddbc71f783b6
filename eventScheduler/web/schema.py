"""The OpenAPI base every app builds on: the error bodies, the Bearer scheme, AutoSchema.

drf-spectacular infers paths, parameters and bodies from the views; AutoSchema adds what it
cannot see: which errors an operation can answer with. Each app describes its own endpoints
(summaries, examples) in its own `schema.py`, with the helpers here.
"""

from drf_spectacular import openapi
from drf_spectacular.extensions import OpenApiAuthenticationExtension, OpenApiSerializerExtension
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework import permissions, serializers


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="What went wrong, for people.")
    code = serializers.CharField(
        help_text="What went wrong, for programs: not_authenticated, token_not_valid, "
        "permission_denied, not_found, ..."
    )


class ValidationErrorSerializer(ErrorSerializer):
    schema_description = (
        "`detail` and `code` (`invalid` or `parse_error`), plus one key per wrong field."
    )


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


def error(description, serializer=ErrorSerializer, examples=()):
    return OpenApiResponse(serializer, description=description, examples=list(examples))


def example(name, detail, code, **fields):
    return OpenApiExample(name, value={"detail": detail, "code": code, **fields})


BAD_REQUEST = error(
    "Malformed JSON, or a missing or wrong field.",
    ValidationErrorSerializer,
    [
        example(
            "A wrong field",
            "Invalid input.",
            "invalid",
            location=["Ensure this field has no more than 30 characters."],
        ),
        example("Malformed JSON", "JSON parse error - Expecting value", "parse_error"),
    ],
)
UNAUTHORIZED = error(
    "No token, or a bad or expired one.",
    examples=[
        example("No token", "Authentication credentials were not provided.", "not_authenticated"),
        example("Expired token", "Given token not valid for any token type", "token_not_valid"),
    ],
)
FORBIDDEN = error(
    "Logged in, but not allowed to do this (for example, change someone else's profile).",
    examples=[
        example(
            "Not the owner",
            "You do not have permission to perform this action.",
            "permission_denied",
        )
    ],
)
NOT_FOUND = error(
    "No such object, or a page past the end.",
    examples=[example("Not found", "Not found.", "not_found")],
)
UNSUPPORTED_MEDIA_TYPE = error("The body is not JSON: send it as `application/json`.")
TOO_MANY_REQUESTS = error("Too many requests; the Retry-After header says when to try again.")
SERVICE_UNAVAILABLE = error(
    "The database or the cache cannot be reached for a moment; the Retry-After header says "
    "when to try again.",
    examples=[
        example(
            "Database down",
            "The service is temporarily unavailable; try again shortly.",
            "service_unavailable",
        )
    ],
)

_OPEN = {permissions.AllowAny, permissions.IsAuthenticated}
_BODY_METHODS = {"POST", "PUT", "PATCH"}


class AutoSchema(openapi.AutoSchema):
    """drf-spectacular's inspector, plus the errors each operation can answer with.

    Docstrings are written for the project's developers, so none reaches the published
    schema: an operation is described by its `extend_schema(description=...)`, a component by
    its serializer's `schema_description`.
    """

    def get_tags(self):
        return ["auth"] if self.path.startswith("/auth/") else ["profiles"]

    def get_description(self):
        return ""

    def _map_basic_serializer(self, serializer, direction):
        schema = super()._map_basic_serializer(serializer, direction)
        schema.pop("description", None)
        if description := getattr(serializer, "schema_description", ""):
            schema["description"] = description
        return schema

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
        if (
            self.method in _BODY_METHODS
            or self._get_filter_parameters()
            or self.get_override_parameters()
        ):
            errors["400"] = BAD_REQUEST
        # Views that read a token from the body answer 401 without authenticating anyone.
        if view.get_authenticators() or getattr(view, "reads_tokens", False):
            errors["401"] = UNAUTHORIZED
        if {type(permission) for permission in view.get_permissions()} - _OPEN:
            errors["403"] = FORBIDDEN
        if "{" in self.path or self._is_list_view():
            errors["404"] = NOT_FOUND
        if self.method in _BODY_METHODS:
            errors["415"] = UNSUPPORTED_MEDIA_TYPE
        if view.get_throttles():
            errors["429"] = TOO_MANY_REQUESTS
        # Every operation reads the database or the cache (the token check, the throttles).
        errors["503"] = SERVICE_UNAVAILABLE
        return errors


# The one schema that admits null alone: the other branch of a nullable reference.
NULL = {"enum": [None], "nullable": True}


def nullable_references(result, generator, request, public):
    """Make a nullable reference admit null under OpenAPI 3.0.3 as validators read it.

    drf-spectacular writes a nullable nested object as `allOf: [$ref], nullable: true`; since
    `nullable` only qualifies a `type` in its own schema object, strict validators (openapi-core)
    still refuse null there. `oneOf: [$ref, {enum: [null]}]` says the same to every reader, and
    generators turn it into `Profile | null` (TypeScript) and `None | Profile` (Python).
    """
    pending = [result]
    while pending:
        node = pending.pop()
        if isinstance(node, list):
            pending.extend(node)
            continue
        if not isinstance(node, dict):
            continue
        if node.get("nullable") is True and "type" not in node and len(node.get("allOf", ())) == 1:
            del node["nullable"]
            node["oneOf"] = [node.pop("allOf")[0], dict(NULL)]
        pending.extend(node.values())
    return result


def documented(view_class, **schema):
    """`view_class` with `extend_schema(**schema)`: for the views of libraries we cannot edit."""

    @extend_schema(**schema)
    class Documented(view_class):
        pass

    return Documented
