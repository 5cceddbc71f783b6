"""Property-based: generated requests against every documented operation, through WSGI.

No answer may be a 5xx or contradict the schema (status code, content type, body), for an
anonymous caller, a logged-in one, and, on the token endpoints that read it, a browser holding
a live refresh cookie and its CSRF token. The run is bounded so the suite stays quick. The
schema's examples name mario, who exists in every case, so the examples reach the paths of a
known account (a mail to a known address) and not only the refusals. The test output ends with
how many operations and cases ran.
"""

from collections import Counter
from contextlib import contextmanager

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import override_settings
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, settings
from rest_framework.test import APIClient
from schemathesis import checks

from accounts.tests.factories import UserFactory
from eventScheduler.tests.utils import SUMMARY, login
from eventScheduler.wsgi import application

pytestmark = pytest.mark.fuzz

# The examples phase replays the schema's own examples; fuzzing adds this many per operation
# and caller. The coverage phase (thousands of boundary cases) is left to manual runs.
EXAMPLES_PER_OPERATION = 5
CONFIG = schemathesis.Config.from_dict({"phases": {"coverage": {"enabled": False}}})
# schemathesis's WSGI client calls the app as http://localhost.
HOST = "localhost"

with override_settings(ALLOWED_HOSTS=[HOST]):
    schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application, config=CONFIG)

# Whether the API accepts a request is its business: the schema cannot say that a password is
# too common, a username taken or a reset token stale, and DRF falls back to the default page
# size for a malformed ?page_size=. Every check on the *answers* stays on.
NOT_APPLICABLE = [checks.positive_data_acceptance, checks.negative_data_rejection]

# The same cases every run, so that a red CI is a change's doing, not the draw's; random
# exploration (which found the NUL and the non-object-body 500s) is for a separate, unpinned run.
bounded = settings(
    max_examples=EXAMPLES_PER_OPERATION,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture(autouse=True)
def wsgi_host(settings, db):
    settings.ALLOWED_HOSTS = [HOST, "testserver"]


@pytest.fixture(autouse=True)
def mario(db):
    """The account the schema's examples name (REGISTER_EXAMPLES, ADDRESS_EXAMPLES, LogIn)."""
    return UserFactory(username="mario", email="mario@example.com", password="i-keep-jumping")


# (operation, phase) -> cases sent, over this process's run.
CASES = Counter()


@pytest.fixture(scope="module", autouse=True)
def report(request):
    yield
    if not CASES:
        return
    operations = {operation for operation, _ in CASES}
    phases = Counter()
    for (_, phase), count in CASES.items():
        phases[phase] += count
    line = (
        f"schema fuzz: {len(operations)} operations, {sum(phases.values())} cases "
        f"({', '.join(f'{count} {phase}' for phase, count in sorted(phases.items()))})"
    )
    request.config.stash.setdefault(SUMMARY, []).append(line)


def call_and_validate(case, **kwargs):
    CASES[case.operation.label, case.meta.phase.name.value if case.meta else "explicit"] += 1
    with connection_kept():
        case.call_and_validate(excluded_checks=NOT_APPLICABLE, **kwargs)


def test_every_operation_of_the_schema_is_fuzzed():
    documented = {
        f"{method.upper()} {path}"
        for path, operations in SchemaGenerator().get_schema(public=True)["paths"].items()
        for method in operations
    }

    fuzzed = {result.ok().label for result in schema.get_all_operations()}

    assert fuzzed == documented
    assert "POST /auth/users/reset_username/" in fuzzed


@contextmanager
def connection_kept():
    """Keep the test's database connection open across a WSGI call.

    Django closes old connections when a request starts and finishes; with persistent
    connections on PostgreSQL that would close the connection holding the test's transaction.
    Django's own test client disconnects the same receiver around each request, for the same
    reason (and connects it again afterwards, so this wraps each call, not the whole test).
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def alice_token(db):
    return login(APIClient(), UserFactory(username="alice"))["access"]


@pytest.fixture
def alice_browser_cookies(db):
    """The refresh and CSRF cookies a browser holds after alice logged in."""
    browser = APIClient(enforce_csrf_checks=True)
    login(browser, UserFactory(username="alice"))
    return {name: browser.cookies[name].value for name in ("refresh_token", "csrftoken")}


@schema.parametrize()
@bounded
def test_anonymous_calls_are_answered_as_documented(case):
    call_and_validate(case)


@schema.parametrize()
@bounded
def test_authenticated_calls_are_answered_as_documented(case, alice_token):
    call_and_validate(case, headers={"Authorization": f"Bearer {alice_token}"})


@schema.include(path_regex=r"^/auth/jwt/(refresh|logout|logout-all)/$").parametrize()
@bounded
def test_cookie_mode_calls_are_answered_as_documented(case, alice_browser_cookies):
    call_and_validate(
        case,
        cookies=alice_browser_cookies,
        headers={"X-CSRFToken": alice_browser_cookies["csrftoken"]},
    )


# JSON that Python decodes but no view can take: a lone UTF-16 surrogate, and nesting deep
# enough to overflow a recursive walk. Each replaces the generated body of every operation.
HOSTILE_BODIES = {
    "lone_surrogate": b'{"username": "\\ud800", "email": "\\ud800@example.com", "password": "\\udfff"}',
    "nested_1000_deep": b'{"username": ' + b"[" * 1000 + b"]" * 1000 + b"}",
}


@pytest.mark.parametrize("body", HOSTILE_BODIES.values(), ids=HOSTILE_BODIES.keys())
@schema.parametrize()
@settings(bounded, max_examples=1)
def test_hostile_json_is_a_documented_400(case, body, alice_token):
    with connection_kept():
        response = case.call_and_validate(
            data=body,
            headers={"Authorization": f"Bearer {alice_token}", "Content-Type": "application/json"},
            excluded_checks=NOT_APPLICABLE,
        )
    # A generated id is mostly nobody's, answered 404 before the body is read;
    # accounts/tests/test_json_input.py sends these bodies to real objects.
    if len(case.operation.body) and "{" not in case.path:
        assert response.status_code == 400
        assert response.json()["code"] == "parse_error"
