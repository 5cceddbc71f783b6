"""The Postman collection in docs/postman/ targets routes that exist, with methods they allow."""

import json
import re
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.urls import Resolver404, resolve

POSTMAN = settings.BASE_DIR / "docs" / "postman"
COLLECTION = json.loads((POSTMAN / "eventScheduler.postman_collection.json").read_text())
ENVIRONMENT = json.loads((POSTMAN / "eventScheduler.postman_environment.json").read_text())


def requests():
    return [pytest.param(item, id=item["name"]) for item in COLLECTION["item"]]


def path_of(item):
    raw = item["request"]["url"]["raw"]
    assert raw.startswith("{{baseUrl}}/"), raw
    # Any other variable stands in for an id or a value.
    return urlsplit(re.sub(r"\{\{\w+\}\}", "1", raw.removeprefix("{{baseUrl}}"))).path


def allowed_methods(view):
    if hasattr(view, "actions"):  # a viewset route
        return {method.upper() for method in view.actions}
    view_class = view.view_class
    return {m.upper() for m in view_class.http_method_names if hasattr(view_class, m)}


@pytest.mark.parametrize("item", requests())
def test_request_targets_an_existing_route_and_method(item):
    try:
        match = resolve(path_of(item))
    except Resolver404:
        pytest.fail(f"{item['name']}: no route for {path_of(item)}")

    assert item["request"]["method"] in allowed_methods(match.func)


@pytest.mark.parametrize("item", requests())
def test_request_has_tests(item):
    scripts = [e["script"]["exec"] for e in item["event"] if e["listen"] == "test"]

    assert any("pm.test(" in line for script in scripts for line in script)


def test_collection_covers_the_main_flows_in_order():
    names = [item["name"] for item in COLLECTION["item"]]

    assert names == [
        "Register",
        "Log in",
        "Who am I",
        "List organizers",
        "Update my profile",
        "Refresh the access token",
        "Log out",
        "Refresh after logging out",
    ]


def test_environment_holds_the_base_url_and_credentials():
    variables = {v["key"]: v for v in ENVIRONMENT["values"]}

    assert set(variables) == {"baseUrl", "username", "password"}
    assert variables["password"]["type"] == "secret"


def test_requests_carry_the_bearer_token_unless_they_log_in():
    assert COLLECTION["auth"]["bearer"][0]["value"] == "{{accessToken}}"
    anonymous = {
        item["name"]
        for item in COLLECTION["item"]
        if item["request"].get("auth", {}).get("type") == "noauth"
    }

    assert anonymous == {
        "Register",
        "Log in",
        "Refresh the access token",
        "Refresh after logging out",
    }


def test_refresh_token_is_kept_from_login_through_each_rotation_to_logout():
    items = {item["name"]: item for item in COLLECTION["item"]}

    def script(name):
        return "\n".join(
            next(e for e in items[name]["event"] if e["listen"] == "test")["script"]["exec"]
        )

    def body(name):
        return json.loads(items[name]["request"]["body"]["raw"].replace("{{", "").replace("}}", ""))

    assert 'set("refreshToken", body.refresh)' in script("Log in")
    assert body("Refresh the access token") == {"refresh": "refreshToken"}
    assert 'set("refreshToken", body.refresh)' in script("Refresh the access token")
    assert body("Log out") == {"refresh": "refreshToken"}
    assert 'set("loggedOutRefreshToken", pm.collectionVariables.get("refreshToken"))' in script(
        "Log out"
    )
    assert body("Refresh after logging out") == {"refresh": "loggedOutRefreshToken"}
    assert "to.have.status(401)" in script("Refresh after logging out")
