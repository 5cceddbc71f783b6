"""Clients generated from the live schema run the tutorial's flow against a live server.

TypeScript: openapi-typescript types for openapi-fetch (clients/typescript/), checked by
`tsc --noEmit --strict` and run by node. A generator's warning fails the test: it is a defect of
the schema.

Node and npm are needed for the TypeScript client: without them its test is skipped, saying so,
unless TEST_REQUIRE_NODE is set (.ci/run sets it), which turns the skip into a failure.
"""

import functools
import hashlib
import json
import os
import shutil
import subprocess

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model

from eventScheduler.tests.live import PASSPHRASE, http

CLIENTS = settings.BASE_DIR / "clients"
TYPESCRIPT = CLIENTS / "typescript"

pytestmark = pytest.mark.clients


@pytest.fixture
def live_schema(live_server):
    """The schema as the running server publishes it."""
    reply = http("GET", f"{live_server.url}/api/schema/?format=json")
    assert reply.status == 200, reply.body
    return reply.body


def run(command, **kwargs):
    """Run a tool; fail with everything it printed when it exits non-zero."""
    result = subprocess.run(
        [str(part) for part in command], capture_output=True, text=True, timeout=300, **kwargs
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, f"{command[1]} failed:\n{output}"
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
