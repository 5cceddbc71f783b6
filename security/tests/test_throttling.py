"""Registration, password reset and activation resend are rate-limited per IP and per email."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from eventScheduler.tests.utils import manage_shell
from security.throttles import parse_rate

REGISTER = "/auth/users/"
RESET = "/auth/users/reset_password/"
RESEND = "/auth/users/resend_activation/"
CLIENT = "198.51.100.1"
OTHER_CLIENT = "198.51.100.2"


def register(client, n, ip=CLIENT, **extra):
    return client.post(
        REGISTER,
        {"username": f"user{n}", "password": "a-long-passphrase"},
        REMOTE_ADDR=ip,
        **extra,
    )


def reset(client, email, ip=CLIENT):
    return client.post(RESET, {"email": email}, REMOTE_ADDR=ip)


def assert_throttled(response, period=60):
    assert response.status_code == 429
    body = response.json()
    assert body["code"] == "throttled"
    assert body["detail"].startswith("Request was throttled.")
    assert 1 <= int(response["Retry-After"]) <= period


@pytest.mark.django_db
def test_registrations_per_ip_are_limited(anon, cache_backend, throttle_rates):
    throttle_rates(register_ip="2/m")

    assert [register(anon, n).status_code for n in range(2)] == [201, 201]
    assert_throttled(register(anon, 2))
    assert register(anon, 3, ip=OTHER_CLIENT).status_code == 201


@pytest.mark.django_db
def test_a_forged_forwarded_for_does_not_reset_the_limit(anon, cache_backend, throttle_rates):
    throttle_rates(register_ip="2/m")
    register(anon, 0)
    register(anon, 1)

    response = register(anon, 2, HTTP_X_FORWARDED_FOR="203.0.113.99")

    assert_throttled(response)


@pytest.mark.django_db
def test_behind_trusted_proxies_the_forwarded_client_is_counted(
    anon, settings, cache_backend, throttle_rates
):
    throttle_rates(register_ip="1/m")
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    proxy = {"ip": "10.0.0.2"}

    assert register(anon, 0, **proxy, HTTP_X_FORWARDED_FOR="203.0.113.1").status_code == 201
    assert register(anon, 1, **proxy, HTTP_X_FORWARDED_FOR="203.0.113.2").status_code == 201
    assert_throttled(register(anon, 2, **proxy, HTTP_X_FORWARDED_FOR="203.0.113.1"))


def test_password_resets_per_email_are_limited_across_ips(anon, alice, cache_backend, mailoutbox):
    # The default rate (5/h per address) is what stops a reset-email flood.
    for n in range(5):
        assert reset(anon, "alice@example.com", ip=f"198.51.100.{n + 1}").status_code == 204

    assert_throttled(reset(anon, "ALICE@example.com ", ip="198.51.100.99"), period=3600)
    assert len(mailoutbox) == 5


@pytest.mark.django_db
def test_password_resets_per_email_count_unknown_addresses_too(anon, throttle_rates):
    throttle_rates(password_reset_email="1/h")
    reset(anon, "nobody@example.com")

    assert_throttled(reset(anon, "nobody@example.com", ip=OTHER_CLIENT), period=3600)


@pytest.mark.django_db
def test_password_resets_per_ip_are_limited_across_emails(anon, cache_backend, throttle_rates):
    throttle_rates(password_reset_ip="3/m")
    for n in range(3):
        assert reset(anon, f"someone{n}@example.com").status_code == 204

    assert_throttled(reset(anon, "someone-else@example.com"))
    assert reset(anon, "someone-else@example.com", ip=OTHER_CLIENT).status_code == 204


@pytest.mark.django_db
def test_activation_resends_are_limited_per_email_and_ip(anon, settings, throttle_rates):
    settings.DJOSER = {**settings.DJOSER, "SEND_ACTIVATION_EMAIL": True}
    throttle_rates(activation_resend_ip="2/m")

    assert anon.post(RESEND, {"email": "carol@example.com"}, REMOTE_ADDR=CLIENT).status_code == 204
    # The default per-address rate is one resend per three minutes.
    again = anon.post(RESEND, {"email": "carol@example.com"}, REMOTE_ADDR=OTHER_CLIENT)
    assert_throttled(again, period=180)
    assert anon.post(RESEND, {"email": "dave@example.com"}, REMOTE_ADDR=CLIENT).status_code == 204
    assert_throttled(anon.post(RESEND, {"email": "erin@example.com"}, REMOTE_ADDR=CLIENT))


@pytest.mark.django_db
def test_an_empty_rate_turns_a_limit_off(anon, throttle_rates):
    throttle_rates(register_ip=None)

    assert {register(anon, n).status_code for n in range(25)} == {201}


def test_other_endpoints_are_not_limited(alice_client, throttle_rates):
    throttle_rates(register_ip="1/m", password_reset_ip="1/m")

    assert {alice_client.get("/auth/users/me/").status_code for _ in range(5)} == {200}


@pytest.mark.parametrize(
    ("rate", "parsed"),
    [
        ("5/5m", (5, 300)),
        ("10/m", (10, 60)),
        ("10/minute", (10, 60)),
        ("1/3m", (1, 180)),
        ("100/d", (100, 86400)),
        ("3/2h", (3, 7200)),
        (None, (None, None)),
    ],
)
def test_rates_are_counts_per_period(rate, parsed):
    assert parse_rate(rate) == parsed


@pytest.mark.parametrize("rate", ["5", "5/", "five/m", "5/5w", "5/m/ip"])
def test_a_malformed_rate_is_a_configuration_error(rate):
    with pytest.raises(ImproperlyConfigured):
        parse_rate(rate)


def test_rates_come_from_the_environment():
    script = (
        "from django.conf import settings; rates = settings.REST_FRAMEWORK['DEFAULT_THROTTLE_RATES'];"
        " print(rates['register_ip'], rates['login_failures_account'], rates['password_reset_ip'])"
    )

    printed = manage_shell(
        script,
        DJANGO_DEBUG="1",
        THROTTLE_REGISTER_PER_IP="3/h",
        THROTTLE_LOGIN_FAILURES_PER_ACCOUNT="10/15m",
        THROTTLE_PASSWORD_RESET_PER_IP="",
    )

    assert printed == "3/h 10/15m None"
