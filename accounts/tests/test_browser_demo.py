"""The browser demo in examples/demo/, driven in headless Chromium as a cross-origin SPA.

The page is served from one origin (a static file server) and calls the API on another
(pytest-django's live server), so every call goes through real CORS in a real browser.
"""

import contextlib
import functools
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import sync_playwright

from accounts.models import UserProfile

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

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="Chromium is not installed at /usr/bin/chromium (apt-get install chromium; .ci/run does)",
)


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


@pytest.fixture
def demo_origin():
    server = ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(DEMO))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()
    thread.join()


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


def open_demo(page, demo_origin, api):
    page.goto(f"{demo_origin}/index.html?api={api}")
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


def test_register_log_in_edit_the_profile_and_log_out(live_server, demo_origin, settings):
    settings.CORS_ALLOWED_ORIGINS = [demo_origin]
    ARTIFACTS.mkdir(exist_ok=True)
    with chromium_page() as page:
        api_requests = walk_through_the_demo(page, demo_origin, live_server.url)

    calls = [(r.method, r.url.removeprefix(live_server.url)) for r in api_requests]
    assert calls == [
        ("POST", "/auth/users/"),
        ("POST", "/auth/jwt/create/"),
        ("GET", "/auth/users/me/"),
        ("PATCH", "/api/accounts/profile/me/"),
        ("GET", "/auth/users/me/"),
        ("POST", "/auth/jwt/logout/"),
    ]
    # A browser sends Authorization cross-origin only after the API's preflight allowed it.
    me = next(r for r in api_requests if r.url.endswith("/auth/users/me/"))
    assert me.headers["authorization"].startswith("Bearer ")
    assert "cookie" not in me.headers
    logout = next(r for r in api_requests if r.url.endswith("/auth/jwt/logout/"))
    assert '"refresh"' in logout.post_data
    profile = UserProfile.objects.get(user__username="carol")
    assert (profile.location, profile.description, profile.is_organizer) == (
        "Porto",
        "Runs the chess club",
        False,
    )


def walk_through_the_demo(page, demo_origin, api):
    """Register, log in, edit the profile, log out; assert the page after each step."""
    api_requests = []
    page.on("request", lambda r: r.url.startswith(api) and api_requests.append(r))

    open_demo(page, demo_origin, api)
    assert text(page, "#api-url") == api
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
    page.screenshot(path=ARTIFACTS / "demo-logged-in.png", full_page=True)

    page.locator("#logout").click()
    page.wait_for_selector("#status:has-text('Logged out.')")
    assert page.locator("#logged-in").is_hidden()
    assert page.locator("#login-form").is_visible()
    page.screenshot(path=ARTIFACTS / "demo-logged-out.png", full_page=True)

    return api_requests


def test_page_on_an_unlisted_origin_cannot_call_the_api(live_server, demo_origin, settings):
    settings.CORS_ALLOWED_ORIGINS = ["https://app.example.com"]

    with chromium_page() as page:
        open_demo(page, demo_origin, live_server.url)
        fill(page, "#login-form", username="carol", password="a-long-passphrase")

        page.wait_for_selector("#error:has-text('Could not reach the API')")
        assert page.locator("#logged-in").is_hidden()
