"""Clients generated from the live schema run the tutorial's flow against a live server.

TypeScript: openapi-typescript types for openapi-fetch (clients/typescript/), checked by
`tsc --noEmit --strict` and run by node. Python: openapi-python-client (clients/python/), imported
and run in this process. A generator's warning fails the test: it is a defect of the schema.

Node and npm are needed for the TypeScript client: without them its test is skipped, saying so,
unless TEST_REQUIRE_NODE is set (.ci/run sets it), which turns the skip into a failure.
"""

import functools
import hashlib
import importlib
import json
import os
import pkgutil
import shutil
import subprocess
import sys

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model

from eventScheduler.tests.live import PASSPHRASE, http

CLIENTS = settings.BASE_DIR / "clients"
TYPESCRIPT = CLIENTS / "typescript"
PYTHON_CONFIG = CLIENTS / "python" / "config.yml"
PACKAGE = "eventscheduler_client"

pytestmark = pytest.mark.clients


@pytest.fixture
def live_schema(live_server):
    """The schema as the running server publishes it."""
    reply = http("GET", f"{live_server.url}/api/schema/?format=json")
    assert reply.status == 200, reply.body
    return reply.body


def run(command, **kwargs):
    """Run a tool; fail with everything it printed when it exits non-zero."""
    command = [str(part) for part in command]
    result = subprocess.run(command, capture_output=True, text=True, timeout=300, **kwargs)
    output = result.stdout + result.stderr
    assert result.returncode == 0, f"{' '.join(command)} exited {result.returncode}:\n{output}"
    return output


# --- TypeScript ---------------------------------------------------------------------------


def node_and_npm():
    tools = {name: shutil.which(name) for name in ("node", "npm")}
    if all(tools.values()):
        return tools["node"], tools["npm"]
    missing = " and ".join(name for name, path in tools.items() if not path)
    reason = f"{missing} not installed (apt-get install nodejs npm; .ci/run does)"
    if os.environ.get("TEST_REQUIRE_NODE"):
        pytest.fail(f"{reason}, and TEST_REQUIRE_NODE is set")
    pytest.skip(reason)


def npm_ci(npm):
    """`npm ci` when node_modules is missing or was installed from another package-lock.json."""
    lock = hashlib.sha256((TYPESCRIPT / "package-lock.json").read_bytes()).hexdigest()
    stamp = TYPESCRIPT / "node_modules" / ".package-lock.sha256"
    if stamp.exists() and stamp.read_text() == lock:
        return
    run([npm, "ci", "--no-audit", "--no-fund"], cwd=TYPESCRIPT)
    stamp.write_text(lock)


@pytest.fixture(scope="session")
def typescript_flow(tmp_path_factory):
    """flow.ts built against the types of a schema, once per schema and test session."""

    @functools.cache
    def build(schema):
        node, npm = node_and_npm()
        npm_ci(npm)
        work = tmp_path_factory.mktemp("typescript")
        for name in ("package.json", "tsconfig.json", "flow.ts"):
            shutil.copy(TYPESCRIPT / name, work / name)
        (work / "node_modules").symlink_to(TYPESCRIPT / "node_modules")
        (work / "schema.json").write_bytes(schema)
        modules = TYPESCRIPT / "node_modules"
        output = run(
            [node, modules / "openapi-typescript/bin/cli.js", "schema.json", "-o", "schema.ts"],
            cwd=work,
        )
        assert "\u26a0" not in output, f"openapi-typescript warns about the schema:\n{output}"
        tsc = modules / "typescript/bin/tsc"
        run([node, tsc, "--noEmit", "--strict", "-p", work])
        run([node, tsc, "--noCheck", "-p", work])  # checked just above
        return node, work / "build" / "flow.js"

    return build


def test_typescript_client_runs_the_tutorial_flow(live_server, live_schema, typescript_flow):
    node, flow = typescript_flow(live_schema)

    # Node 18 (Debian's) tries ::1 first for localhost; the live server listens on IPv4.
    output = run([node, "--dns-result-order=ipv4first", flow, live_server.url, "luigi", PASSPHRASE])

    user = get_user_model().objects.select_related("profile").get(username="luigi")
    assert json.loads(output) == {
        "registered": {"id": user.pk, "username": "luigi"},
        "me": {
            "id": user.pk,
            "username": "luigi",
            "email": "luigi@example.com",
            "profile": user.profile.pk,
        },
        "profiles": {"count": 1, "users": ["luigi"]},
        "patched": {"id": user.profile.pk, "location": "Mushroom Kingdom", "is_organizer": True},
        "refresh_rotated": True,
        "access_renewed": True,
        "logout": 204,
        "after_logout": {"status": 401, "code": "session_revoked"},
    }
    assert user.profile.location == "Mushroom Kingdom"


# --- Python -------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def python_client(tmp_path_factory):
    """The package openapi-python-client generates from a schema, importable, once per session."""
    paths = []

    @functools.cache
    def generate(schema):
        assert not paths, "one generated package per session: its name is fixed"
        work = tmp_path_factory.mktemp("python")
        (work / "schema.json").write_bytes(schema)
        output = run(
            [
                *(sys.executable, "-m", "openapi_python_client", "generate"),
                *("--path", work / "schema.json", "--config", PYTHON_CONFIG, "--meta", "none"),
                *("--output-path", work / PACKAGE, "--fail-on-warning"),
            ]
        )
        assert "warning" not in output.lower(), output
        sys.path.insert(0, str(work))
        paths.append(str(work))
        return importlib.import_module(PACKAGE)

    yield generate
    for path in paths:
        sys.path.remove(path)
    for name in [name for name in sys.modules if name.partition(".")[0] == PACKAGE]:
        del sys.modules[name]


def test_every_module_of_the_python_client_imports(live_schema, python_client):
    package = python_client(live_schema)

    failures = {}
    for module in pkgutil.walk_packages(package.__path__, f"{PACKAGE}."):
        try:
            importlib.import_module(module.name)
        except Exception as exc:
            failures[module.name] = repr(exc)

    assert failures == {}


# The generated code passes cookies per request (the schema documents cookie mode's refresh cookie),
# which httpx 0.28 deprecates; it sends none here.
@pytest.mark.filterwarnings("ignore:Setting per-request cookies:DeprecationWarning")
def test_python_client_runs_the_tutorial_flow(live_server, live_schema, python_client):
    python_client(live_schema)
    from eventscheduler_client import AuthenticatedClient, Client
    from eventscheduler_client.api.auth import (
        auth_jwt_create_create,
        auth_jwt_logout_create,
        auth_jwt_refresh_create,
        auth_users_create,
        auth_users_me_retrieve,
    )
    from eventscheduler_client.api.profiles import (
        api_accounts_all_profiles_list,
        api_accounts_profile_me_partial_update,
    )
    from eventscheduler_client.models import (
        CurrentUser,
        Error,
        PaginatedUserProfileList,
        PatchedUserProfileRequest,
        RefreshTokenRequest,
        TokenObtainRequest,
        TokenPair,
        UserCreate,
        UserCreateRequest,
        UserProfile,
    )

    def logged_in(access):
        return AuthenticatedClient(
            base_url=live_server.url, token=access, raise_on_unexpected_status=True
        )

    # The generator asks for an AuthenticatedClient wherever a token is optional (register,
    # logout); register is anonymous here, which the API allows.
    with Client(base_url=live_server.url, raise_on_unexpected_status=True) as anonymous:
        registered = auth_users_create.sync(
            client=anonymous,
            body=UserCreateRequest(username="mario", password=PASSPHRASE, email="m@example.com"),
        )
        pair = auth_jwt_create_create.sync(
            client=anonymous, body=TokenObtainRequest(username="mario", password=PASSPHRASE)
        )
        assert isinstance(registered, UserCreate), registered
        assert isinstance(pair, TokenPair), pair

        with logged_in(pair.access) as mario:
            me = auth_users_me_retrieve.sync(client=mario)
            profiles = api_accounts_all_profiles_list.sync(client=mario, search="mario")
            patched = api_accounts_profile_me_partial_update.sync(
                client=mario,
                body=PatchedUserProfileRequest(location="Mushroom Kingdom", is_organizer=True),
            )
        renewed = auth_jwt_refresh_create.sync(
            client=anonymous, body=RefreshTokenRequest(refresh=pair.refresh)
        )
        assert isinstance(renewed, TokenPair), renewed

    with logged_in(renewed.access) as mario:
        logout = auth_jwt_logout_create.sync_detailed(
            client=mario, body=RefreshTokenRequest(refresh=renewed.refresh)
        )
        after_logout = auth_users_me_retrieve.sync_detailed(client=mario)

    user = get_user_model().objects.select_related("profile").get(username="mario")
    assert registered.id == user.pk
    assert isinstance(me, CurrentUser), me
    assert (me.id, me.username, me.email) == (user.pk, "mario", "m@example.com")
    assert isinstance(me.profile, UserProfile) and me.profile.id == user.profile.pk
    assert isinstance(profiles, PaginatedUserProfileList), profiles
    assert [profile.user for profile in profiles.results] == ["mario"]
    assert isinstance(patched, UserProfile), patched
    assert (patched.id, patched.location, patched.is_organizer) == (
        user.profile.pk,
        "Mushroom Kingdom",
        True,
    )
    assert user.profile.location == "Mushroom Kingdom"
    assert renewed.refresh != pair.refresh and renewed.access != pair.access
    assert logout.status_code == 204
    assert after_logout.status_code == 401
    assert isinstance(after_logout.parsed, Error)
    assert after_logout.parsed.code == "session_revoked"
