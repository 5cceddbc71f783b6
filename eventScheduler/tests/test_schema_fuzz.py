"""Property-based: generated requests against every documented operation, through WSGI.

No answer may be a 5xx or contradict the schema (status code, content type, body), for an
anonymous caller, a logged-in one, and, on the token endpoints that read it, a browser holding
a live refresh cookie and its CSRF token. The run is bounded so the suite stays quick.
"""

from contextlib import contextmanager

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import override_settings
from hypothesis import HealthCheck, settings
from rest_framework.test import APIClient
from schemathesis import checks

from accounts.tests.factories import UserFactory
from eventScheduler.tests.utils import login
from eventScheduler.wsgi import application

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

bounded = settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture(autouse=True)
def wsgi_host(settings, db):
    settings.ALLOWED_HOSTS = [HOST, "testserver"]


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
    with connection_kept():
        case.call_and_validate(excluded_checks=NOT_APPLICABLE)


@schema.parametrize()
@bounded
def test_authenticated_calls_are_answered_as_documented(case, alice_token):
    with connection_kept():
        case.call_and_validate(
            headers={"Authorization": f"Bearer {alice_token}"}, excluded_checks=NOT_APPLICABLE
        )


@schema.include(path_regex=r"^/auth/jwt/(refresh|logout|logout-all)/$").parametrize()
@bounded
def test_cookie_mode_calls_are_answered_as_documented(case, alice_browser_cookies):
    with connection_kept():
        case.call_and_validate(
            cookies=alice_browser_cookies,
            headers={"X-CSRFToken": alice_browser_cookies["csrftoken"]},
            excluded_checks=NOT_APPLICABLE,
        )
