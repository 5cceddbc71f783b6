"""The browser demo in examples/demo/, driven in headless Chromium as a cross-origin SPA.

The page is served from one origin (a static file server) and calls the API on another
(pytest-django's live server), so every call goes through real CORS in a real browser. It runs
in both of its modes: the README's browser flow (refresh token in the HttpOnly cookie) and
bearer mode (both tokens in memory); after logging out, the session must be over on the server.
"""

import contextlib
import functools
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from playwright.sync_api import sync_playwright
from rest_framework.test import APIClient

from accounts.models import UserProfile
from logins.models import LoginSession

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DEMO = settings.BASE_DIR / "examples" / "demo"
ARTIFACTS = settings.BASE_DIR / "artifacts"
COOKIE = "refresh_token"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason="Chromium is not installed at /usr/bin/chromium (apt-get install chromium; .ci/run does)",
    ),
]


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


@pytest.fixture
def demo_port():
    server = ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(DEMO))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_port
    server.shutdown()
    server.server_close()
    thread.join()


@pytest.fixture
def demo_origin(demo_port):
    """Another site than the API's (localhost): fine for Bearer tokens, never for cookies."""
    return f"http://127.0.0.1:{demo_port}"


@pytest.fixture
def same_site_demo_origin(demo_port, settings):
    """Another origin on the API's site, listed for CORS (and so trusted for CSRF)."""
    origin = f"http://localhost:{demo_port}"
    settings.CORS_ALLOWED_ORIGINS = [origin]
    # What settings.py derives from CORS_ALLOWED_ORIGINS; the settings fixture does not re-run it.
    settings.CSRF_TRUSTED_ORIGINS = [origin]
    return origin


@contextlib.contextmanager
def chromium_page():
    # Playwright's sync API runs an event loop in this thread until the block ends, and the
    # ORM refuses to run beside one: query the database after leaving it.
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1000, "height": 760})
        page.set_default_timeout(10_000)
        yield page
        browser.close()


def record_api_calls(page, api):
    """Every answer the page gets from the API, in order, as (method, path, status)."""
    calls = []
    page.on(
        "response",
        lambda r: (
            r.url.startswith(api)
            and calls.append((r.request.method, r.url.removeprefix(api), r.status))
        ),
    )
    return calls


def auth_cookies(page, api):
    """The browser's cookies for the API's /auth/ paths, by name."""
    return {cookie["name"]: cookie for cookie in page.context.cookies(f"{api}/auth/")}


def open_demo(page, demo_origin, api, mode=None):
    query = f"api={api}" + (f"&mode={mode}" if mode else "")
    # networkidle: cookie mode tries to resume a session on load; let it finish first.
    page.goto(f"{demo_origin}/index.html?{query}", wait_until="networkidle")
    page.wait_for_selector("#api-url:has-text('http')")


def fill(page, form, **values):
    for name, value in values.items():
        field = page.locator(f"{form} [name={name}]")
        if isinstance(value, bool):
            field.set_checked(value)
        else:
            field.fill(value)
    page.locator(f"{form} button[type=submit]").click()


def text(page, selector):
    return page.locator(selector).inner_text()


def register_log_in_and_edit_the_profile(page):
    """The steps both modes share; asserts what the page shows after each."""
    assert page.locator("#logged-in").is_hidden()

    fill(
        page,
        "#register-form",
        username="carol",
        password="a-long-passphrase",
        location="Lisbon",
        is_organizer=True,
    )
    page.wait_for_selector("#status:has-text('Registered carol. Log in now.')")

    fill(page, "#login-form", username="carol", password="a-long-passphrase")
    page.wait_for_selector("#status:has-text('Logged in as carol.')")
    assert page.locator("#logged-out").is_hidden()
    assert text(page, "#me-username") == "carol"
    assert text(page, "#me-role") == "Organizer"
    assert text(page, "#me-location") == "Lisbon"
    assert page.locator("#profile-form [name=location]").input_value() == "Lisbon"

    fill(
        page,
        "#profile-form",
        location="Porto",
        description="Runs the chess club",
        is_organizer=False,
    )
    page.wait_for_selector("#status:has-text('Profile saved.')")
    assert text(page, "#me-role") == "Attendee"
    assert text(page, "#me-location") == "Porto"
    assert text(page, "#me-description") == "Runs the chess club"


def log_out(page):
    with page.expect_request(lambda r: r.url.endswith("/auth/jwt/logout/")) as logout:
        page.locator("#logout").click()
    page.wait_for_selector("#status:has-text('Logged out.')")
    assert page.locator("#logged-in").is_hidden()
    assert page.locator("#login-form").is_visible()
    return logout.value


def assert_carol_logged_out(refresh_token):
    """The server ended carol's session: it is revoked, and its refresh token is refused."""
    profile = UserProfile.objects.get(user__username="carol")
    assert (profile.location, profile.description, profile.is_organizer) == (
        "Porto",
        "Runs the chess club",
        False,
    )
    session = LoginSession.objects.get(user__username="carol")
    assert session.revoked_reason == LoginSession.RevokedReason.LOGOUT
    response = APIClient().post(reverse("jwt-refresh"), {"refresh": refresh_token})
    assert response.status_code == 401
    assert response.json()["code"] == "token_not_valid"


def test_cookie_mode_keeps_the_refresh_token_out_of_reach_and_logs_out_for_real(
    live_server, same_site_demo_origin
):
    api = live_server.url
    ARTIFACTS.mkdir(exist_ok=True)
    with chromium_page() as page:
        calls = record_api_calls(page, api)
        open_demo(page, same_site_demo_origin, api)
        assert "HttpOnly cookie" in text(page, "#mode")
        register_log_in_and_edit_the_profile(page)

        refresh_cookie = auth_cookies(page, api)[COOKIE]
        assert (refresh_cookie["httpOnly"], refresh_cookie["sameSite"]) == (True, "Lax")
        assert (refresh_cookie["path"], refresh_cookie["secure"]) == ("/auth/", True)
        assert COOKIE not in page.evaluate("document.cookie")

        # The access token was in memory only; the cookie brings the session back.
        page.reload(wait_until="networkidle")
        page.wait_for_selector("#status:has-text('Welcome back, carol.')")
        assert text(page, "#me-location") == "Porto"
        page.screenshot(path=ARTIFACTS / "demo-logged-in.png", full_page=True)
        refresh_cookie = auth_cookies(page, api)[COOKIE]

        logout = log_out(page)
        logout_headers = logout.all_headers()
        page.screenshot(path=ARTIFACTS / "demo-logged-out.png", full_page=True)
        assert COOKIE not in auth_cookies(page, api)

        page.reload(wait_until="networkidle")
        assert page.locator("#login-form").is_visible()
        assert page.locator("#logged-in").is_hidden()

    assert calls == [
        ("GET", "/auth/csrf/", 200),
        ("POST", "/auth/jwt/refresh/", 400),  # a first visit: no cookie, nothing to resume
        ("POST", "/auth/users/", 201),
        ("POST", "/auth/jwt/create/", 200),
        ("GET", "/auth/users/me/", 200),
        ("GET", "/auth/mfa/", 200),
        ("PATCH", "/api/accounts/profile/me/", 200),
        ("GET", "/auth/users/me/", 200),
        ("GET", "/auth/csrf/", 200),  # the reload
        ("POST", "/auth/jwt/refresh/", 200),
        ("GET", "/auth/users/me/", 200),
        ("GET", "/auth/mfa/", 200),
        ("POST", "/auth/jwt/logout/", 204),
        ("GET", "/auth/csrf/", 200),  # the reload after logging out
        ("POST", "/auth/jwt/refresh/", 400),
    ]
    assert logout.post_data is None
    assert logout_headers["x-csrftoken"]
    assert f"{COOKIE}={refresh_cookie['value']}" in logout_headers["cookie"]
    assert_carol_logged_out(refresh_cookie["value"])


def test_bearer_mode_sends_tokens_in_headers_only_and_logs_out_for_real(
    live_server, demo_origin, settings
):
    api = live_server.url
    settings.CORS_ALLOWED_ORIGINS = [demo_origin]
    with chromium_page() as page:
        calls = record_api_calls(page, api)
        requests = []
        page.on("request", lambda r: r.url.startswith(api) and requests.append(r))
        open_demo(page, demo_origin, api, mode="bearer")
        assert text(page, "#api-url") == api
        assert text(page, "#mode") == "both tokens in memory only"
        with page.expect_response(lambda r: r.url.endswith("/auth/jwt/create/")) as login:
            register_log_in_and_edit_the_profile(page)
        refresh_token = login.value.json()["refresh"]
        logout = log_out(page)
        me_headers = next(r for r in requests if r.url.endswith("/auth/users/me/")).all_headers()

    assert calls == [
        ("POST", "/auth/users/", 201),
        ("POST", "/auth/jwt/create/", 200),
        ("GET", "/auth/users/me/", 200),
        ("GET", "/auth/mfa/", 200),
        ("PATCH", "/api/accounts/profile/me/", 200),
        ("GET", "/auth/users/me/", 200),
        ("POST", "/auth/jwt/logout/", 204),
    ]
    # A browser sends Authorization cross-origin only after the API's preflight allowed it.
    assert me_headers["authorization"].startswith("Bearer ")
    assert "cookie" not in me_headers
    assert logout.post_data_json == {"refresh": refresh_token}
    assert_carol_logged_out(refresh_token)


def test_page_on_an_unlisted_origin_cannot_call_the_api(live_server, demo_origin, settings):
    settings.CORS_ALLOWED_ORIGINS = ["https://app.example.com"]

    with chromium_page() as page:
        open_demo(page, demo_origin, live_server.url)
        fill(page, "#login-form", username="carol", password="a-long-passphrase")

        page.wait_for_selector("#error:has-text('Could not reach the API')")
        assert page.locator("#logged-in").is_hidden()
