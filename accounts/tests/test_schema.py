"""The OpenAPI schema: valid, public, complete, and honest about errors and auth."""

import json

import pytest
import yaml
from django.core.management import call_command
from django.urls import URLResolver, get_resolver, resolve
from rest_framework.test import APIClient

SCHEMA = "/api/schema/"
API_PREFIXES = ("auth/", "api/accounts/")


@pytest.fixture(scope="module")
def schema(django_db_blocker):
    with django_db_blocker.unblock():
        return APIClient().get(SCHEMA, {"format": "json"}).json()


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


def test_every_api_route_is_documented(schema):
    documented = {
        resolve(path.replace("{id}", "1").replace("{pk}", "1")).func for path in schema["paths"]
    }

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
    assert {} in paths["/auth/users/"]["post"]["security"]


def test_every_error_answer_is_documented_with_the_error_body(schema):
    error_refs = {"#/components/schemas/Error", "#/components/schemas/ValidationError"}
    for path, method, operation in operations(schema):
        if operation.get("security") and {} not in operation["security"]:
            assert "401" in operation["responses"], (method, path)
        for status, response in operation["responses"].items():
            if status.startswith(("4", "5")):
                ref = response["content"]["application/json"]["schema"]["$ref"]
                assert ref in error_refs, (method, path, status)


def test_validation_error_allows_field_keys_beside_detail_and_code(schema):
    validation_error = schema["components"]["schemas"]["ValidationError"]

    assert validation_error["required"] == ["code", "detail"]
    assert validation_error["additionalProperties"]["type"] == "array"


def test_current_user_nests_the_profile_read_only_and_nullable(schema):
    current_user = schema["components"]["schemas"]["CurrentUser"]
    profile = current_user["properties"]["profile"]

    assert profile["allOf"] == [{"$ref": "#/components/schemas/UserProfile"}]
    assert profile["readOnly"] and profile["nullable"]
    assert (
        "profile" not in schema["components"]["schemas"]["PatchedCurrentUserRequest"]["properties"]
    )


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
        ("/auth/users/me/", "get"),
        ("/api/accounts/profile/me/", "patch"),
        ("/api/accounts/all-profiles/", "get"),
    ],
)
def test_main_flows_have_examples(schema, path, method):
    operation = schema["paths"][path][method]
    success = next(r for status, r in operation["responses"].items() if status.startswith("2"))

    assert success["content"]["application/json"]["examples"]
    if method != "get":
        assert operation["requestBody"]["content"]["application/json"]["examples"]
