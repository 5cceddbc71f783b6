"""The OpenAPI schema: valid, public, complete, and honest about errors and auth."""

import importlib
import inspect
import json
import pkgutil
import uuid

import pytest
import yaml
from django.core.management import call_command
from django.urls import URLResolver, get_resolver, resolve
from openapi_schema_validator import OAS30Validator
from rest_framework.test import APIClient

from accounts.schema import PROFILE
from eventScheduler.web.schema import NULL

SCHEMA = "/api/schema/"
API_PREFIXES = ("auth/", "api/accounts/")


@pytest.fixture(scope="module")
def schema(django_db_blocker):
    with django_db_blocker.unblock():
        return APIClient().get(SCHEMA, {"format": "json"}).json()


def objects(tree):
    """Every JSON object of `tree`, however deep."""
    pending = [tree]
    while pending:
        node = pending.pop()
        if isinstance(node, dict):
            yield node
            pending.extend(node.values())
        elif isinstance(node, list):
            pending.extend(node)


def operations(schema):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            yield path, method, operation


def test_schema_validates_without_warnings(tmp_path):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "s.yaml"))

    assert yaml.safe_load((tmp_path / "s.yaml").read_text())["openapi"].startswith("3.")


@pytest.mark.django_db
def test_schema_is_yaml_by_default_and_json_on_request(anon):
    as_yaml = anon.get(SCHEMA)
    as_json = anon.get(SCHEMA, HTTP_ACCEPT="application/json")
    as_format = anon.get(SCHEMA, {"format": "json"})

    assert as_yaml.status_code == 200
    assert as_yaml["Content-Type"].startswith("application/vnd.oai.openapi")
    assert yaml.safe_load(as_yaml.content)["info"]["title"] == "eventScheduler accounts API"
    assert as_json["Content-Type"].startswith("application/json")
    assert json.loads(as_json.content) == json.loads(as_format.content)


@pytest.mark.django_db
@pytest.mark.parametrize("path", [SCHEMA, "/api/docs/", "/api/redoc/"])
def test_schema_and_docs_are_public_even_with_a_stale_token(anon, path):
    anon.credentials(HTTP_AUTHORIZATION="Bearer not-a-token")

    response = anon.get(path)

    assert response.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/api/docs/", "/api/redoc/"])
def test_docs_pages_use_our_own_static_files_not_a_cdn(anon, path):
    page = anon.get(path).content.decode()

    assert "/static/drf_spectacular_sidecar/" in page
    assert "cdn.jsdelivr.net" not in page
    assert SCHEMA in page


def api_routes(patterns, prefix=""):
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from api_routes(pattern.url_patterns, route)
        elif route.lstrip("^").startswith(API_PREFIXES):
            yield pattern.callback


def concrete(path, item):
    """`path` with each parameter filled in with a value of its documented type."""
    for operation in item.values():
        for parameter in operation.get("parameters", []):
            if parameter["in"] == "path":
                value = "1" if parameter["schema"].get("format") != "uuid" else str(uuid.uuid4())
                path = path.replace(f"{{{parameter['name']}}}", value)
    return path


def test_every_api_route_is_documented(schema):
    documented = {resolve(concrete(path, item)).func for path, item in schema["paths"].items()}

    routes = list(api_routes(get_resolver().url_patterns))

    assert len(routes) >= 10
    assert [route for route in routes if route not in documented] == []


def test_bearer_scheme_guards_the_profile_api_and_registration_is_open(schema):
    assert schema["components"]["securitySchemes"]["jwtAuth"] == {
        "type": "http",
        "scheme": "bearer",
        "bearerFormat": "JWT",
        "description": schema["components"]["securitySchemes"]["jwtAuth"]["description"],
    }
    paths = schema["paths"]
    assert paths["/api/accounts/all-profiles/"]["get"]["security"] == [{"jwtAuth": []}]
    assert paths["/api/accounts/profile/me/"]["patch"]["security"] == [{"jwtAuth": []}]
    assert paths["/auth/sessions/"]["get"]["security"] == [{"jwtAuth": []}]
    assert {} in paths["/auth/users/"]["post"]["security"]


@pytest.mark.parametrize("path", ["/auth/jwt/logout/", "/auth/jwt/logout-all/"])
def test_logout_takes_the_access_token_or_a_refresh_token_instead(schema, path):
    operation = schema["paths"][path]["post"]

    assert operation["security"] == [{"jwtAuth": []}, {}]
    assert "refresh" in schema["components"]["schemas"]["RefreshTokenRequest"]["properties"]
    assert set(operation["responses"]) >= {"204", "401", "403"}


@pytest.mark.parametrize(
    "path", ["/auth/jwt/refresh/", "/auth/jwt/logout/", "/auth/jwt/logout-all/"]
)
def test_cookie_mode_documents_the_cookie_the_csrf_header_and_the_403(schema, path):
    operation = schema["paths"][path]["post"]
    parameters = {(p["in"], p["name"]) for p in operation["parameters"]}

    assert {("cookie", "refresh_token"), ("header", "X-CSRFToken")} <= parameters
    assert "X-CSRFToken" in operation["description"]
    forbidden = operation["responses"]["403"]["content"]["application/json"]["examples"]
    assert [example["value"]["code"] for example in forbidden.values()] == ["permission_denied"]


def test_token_pair_answers_document_the_refresh_cookie(schema):
    for path in ("/auth/jwt/create/", "/auth/jwt/refresh/"):
        success = schema["paths"][path]["post"]["responses"]["200"]

        assert success["content"]["application/json"]["schema"]["$ref"].endswith("/TokenPair")
        assert "Set-Cookie" in success["headers"]


def test_refresh_documents_reuse_detection(schema):
    refused = schema["paths"]["/auth/jwt/refresh/"]["post"]["responses"]["401"]
    codes = {
        e["value"]["code"] for e in refused["content"]["application/json"]["examples"].values()
    }

    assert {"token_reused", "token_not_valid", "no_active_account"} <= codes
    assert schema["components"]["schemas"]["TokenPair"]["required"] == ["access", "refresh"]


def test_csrf_endpoint_is_public_and_returns_the_token(schema):
    operation = schema["paths"]["/auth/csrf/"]["get"]
    body = operation["responses"]["200"]["content"]["application/json"]["schema"]

    assert "security" not in operation
    assert schema["components"]["schemas"][body["$ref"].rsplit("/", 1)[1]]["required"] == [
        "csrf_token"
    ]


def test_every_error_answer_is_documented_with_the_error_body(schema):
    error_refs = {"#/components/schemas/Error", "#/components/schemas/ValidationError"}
    for path, method, operation in operations(schema):
        if operation.get("security") and {} not in operation["security"]:
            assert "401" in operation["responses"], (method, path)
        for status, response in operation["responses"].items():
            if status.startswith(("4", "5")):
                ref = response["content"]["application/json"]["schema"]["$ref"]
                if (method, path, status) == ("post", "/auth/jwt/create/", "403"):
                    # The second-factor step: an error body with the pending login beside it.
                    assert ref == "#/components/schemas/LoginForbidden"
                    continue
                assert ref in error_refs, (method, path, status)


def test_the_login_documents_the_second_factor_step_and_the_refused_origin(schema):
    login = schema["paths"]["/auth/jwt/create/"]["post"]["responses"]["403"]
    forbidden = schema["components"]["schemas"]["LoginForbidden"]
    assert set(forbidden["required"]) == {"detail", "code"}
    assert {"mfa_token", "methods"} <= set(forbidden["properties"])
    examples = login["content"]["application/json"]["examples"].values()
    assert {example["value"]["code"] for example in examples} == {
        "mfa_required",
        "origin_not_allowed",
    }


def test_validation_error_allows_field_keys_beside_detail_and_code(schema):
    validation_error = schema["components"]["schemas"]["ValidationError"]

    assert validation_error["required"] == ["code", "detail"]
    assert validation_error["additionalProperties"]["type"] == "array"


def test_current_user_nests_the_profile_read_only_and_nullable(schema):
    current_user = schema["components"]["schemas"]["CurrentUser"]
    profile = current_user["properties"]["profile"]
    validator = OAS30Validator({**profile, "components": schema["components"]})

    assert profile["readOnly"]
    assert validator.is_valid(None)
    assert validator.is_valid(PROFILE)
    assert not validator.is_valid({"id": "one"})
    # Nothing of /me/ is writable: no request body is documented for PUT or PATCH.
    assert "PatchedCurrentUserRequest" not in schema["components"]["schemas"]


def test_null_is_only_ever_allowed_beside_a_type(schema):
    """OpenAPI 3.0.3: `nullable` qualifies the `type` of its own schema object; without one,
    validators ignore it and refuse null (the /me profile once promised null that way)."""
    for node in objects(schema):
        if node.get("nullable") and "type" not in node:
            assert node == NULL, node


def test_security_events_may_name_no_user(schema):
    user = schema["components"]["schemas"]["SecurityEvent"]["properties"]["user"]

    assert OAS30Validator(user).is_valid(None)


def test_registration_documents_the_optional_profile_fields(schema):
    body = schema["components"]["schemas"]["UserCreateRequest"]

    assert {"is_organizer", "location", "description"} <= set(body["properties"])
    assert set(body["required"]) == {"username", "password"}


def test_profile_list_documents_filters_search_ordering_and_pagination(schema):
    parameters = schema["paths"]["/api/accounts/all-profiles/"]["get"]["parameters"]

    assert {p["name"] for p in parameters} == {
        "is_organizer",
        "search",
        "ordering",
        "page",
        "page_size",
    }


@pytest.mark.parametrize(
    ("path", "method"),
    [
        ("/auth/users/", "post"),
        ("/auth/jwt/create/", "post"),
        ("/auth/jwt/refresh/", "post"),
        ("/auth/jwt/logout/", "post"),
        ("/auth/jwt/logout-all/", "post"),
        ("/auth/sessions/", "get"),
        ("/auth/users/me/", "get"),
        ("/api/accounts/profile/me/", "patch"),
        ("/api/accounts/all-profiles/", "get"),
    ],
)
def test_main_flows_have_examples(schema, path, method):
    operation = schema["paths"][path][method]
    success = next(r for status, r in operation["responses"].items() if status.startswith("2"))

    if "content" in success:  # 204s have no body
        assert success["content"]["application/json"]["examples"]
    if method != "get":
        assert operation["requestBody"]["content"]["application/json"]["examples"]


def class_docstrings(*packages):
    """The first line of the docstring of every class in `packages` (ours and the libraries')."""
    lines = set()
    for package in packages:
        modules = [importlib.import_module(package)]
        if hasattr(modules[0], "__path__"):
            modules += [
                importlib.import_module(info.name)
                for info in pkgutil.walk_packages(modules[0].__path__, f"{package}.")
                if ".tests" not in info.name
                and ".migrations" not in info.name
                and ".management" not in info.name
            ]
        for module in modules:
            for _, cls in inspect.getmembers(module, inspect.isclass):
                doc = inspect.getdoc(cls)
                if doc and len(doc.splitlines()[0]) > 20:
                    lines.add(doc.splitlines()[0])
    return lines


def test_no_docstring_reaches_the_published_descriptions(schema):
    """Docstrings are notes for the project's developers (a mixin's implementation, a
    library's internals); the schema's words are written for the API's users."""
    docstrings = class_docstrings(
        "accounts",
        "logins",
        "mfa",
        "security",
        "notifications",
        "eventScheduler.web",
        "djoser.views",
        "djoser.serializers",
        "rest_framework_simplejwt",
    )
    texts = [
        text
        for node in objects(schema)
        for key, text in node.items()
        if key in ("description", "summary") and isinstance(text, str)
    ]

    assert len(docstrings) > 50
    leaked = {line for line in docstrings for text in texts if line in text}
    assert not leaked


def test_request_bodies_are_json_only(schema):
    """Generators emit broken code for a required body offered in several media types
    (openapi-python-client: `NameError: Unset`); the API takes JSON alone anyway."""
    bodies = [
        (method, path, operation["requestBody"])
        for path, method, operation in operations(schema)
        if "requestBody" in operation
    ]

    assert len(bodies) > 20
    for method, path, body in bodies:
        assert list(body["content"]) == ["application/json"], (method, path)
