"""Argon2id by default, PBKDF2 hashes upgraded at login, no login with an empty password."""

import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.hashers import make_password
from django.urls import reverse

from accounts.tests.factories import PASSWORD, UserFactory
from eventScheduler.tests.utils import manage, manage_shell

# The production list (settings.PASSWORD_HASHERS outside tests, which use MD5 for speed).
ARGON2_FIRST = [
    "accounts.hashers.Argon2idPasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
HASH_A_PASSWORD = (
    "from django.contrib.auth.hashers import make_password; print(make_password('s3cret-pass'))"
)


def test_the_default_hasher_is_argon2id_at_owasp_minimum():
    encoded = manage_shell(HASH_A_PASSWORD, DJANGO_DEBUG="1")

    assert encoded.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")


def test_argon2_parameters_come_from_the_environment():
    encoded = manage_shell(
        HASH_A_PASSWORD,
        DJANGO_DEBUG="1",
        ARGON2_MEMORY_COST_KIB="47104",
        ARGON2_TIME_COST="3",
        ARGON2_PARALLELISM="2",
    )

    assert encoded.startswith("argon2$argon2id$v=19$m=47104,t=3,p=2$")


@pytest.mark.parametrize(
    "weaker",
    [{"ARGON2_MEMORY_COST_KIB": "8192"}, {"ARGON2_TIME_COST": "1"}, {"ARGON2_PARALLELISM": "0"}],
)
def test_parameters_below_the_owasp_minimum_refuse_to_start(weaker):
    result = manage("check", DJANGO_DEBUG="1", **weaker)

    assert result.returncode != 0
    assert "below OWASP's minimum" in result.stderr


def test_pbkdf2_still_verifies_in_production_settings():
    script = (
        "from django.contrib.auth.hashers import check_password, make_password; "
        "print(check_password('s3cret-pass', make_password('s3cret-pass', hasher='pbkdf2_sha256')))"
    )

    assert manage_shell(script, DJANGO_DEBUG="1") == "True"


def test_a_pbkdf2_hash_is_upgraded_to_argon2id_at_login(anon, db, settings):
    settings.PASSWORD_HASHERS = ARGON2_FIRST
    carol = UserFactory(username="carol", password=None)
    carol.password = make_password(PASSWORD, hasher="pbkdf2_sha256")
    carol.save()

    response = anon.post(reverse("jwt-create"), {"username": "carol", "password": PASSWORD})

    assert response.status_code == 200
    carol.refresh_from_db()
    assert carol.password.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")
    assert carol.check_password(PASSWORD)


def test_an_argon2_hash_with_old_parameters_is_rehashed_at_login(anon, db, settings):
    settings.PASSWORD_HASHERS = ARGON2_FIRST
    carol = UserFactory(username="carol")
    settings.ARGON2_MEMORY_COST_KIB = 20480

    response = anon.post(reverse("jwt-create"), {"username": "carol", "password": PASSWORD})

    assert response.status_code == 200
    carol.refresh_from_db()
    assert "$m=20480,t=2,p=1$" in carol.password


def test_a_failed_login_does_not_touch_the_old_hash(anon, db, settings):
    settings.PASSWORD_HASHERS = ARGON2_FIRST
    old_hash = make_password(PASSWORD, hasher="pbkdf2_sha256")
    carol = UserFactory(username="carol", password=None)
    carol.password = old_hash
    carol.save()

    anon.post(reverse("jwt-create"), {"username": "carol", "password": "wrong-password"})

    carol.refresh_from_db()
    assert carol.password == old_hash


@pytest.mark.parametrize("blank", ["", " ", "   \t "])
def test_an_empty_or_whitespace_password_never_logs_in(anon, db, blank):
    # An account whose password was set to blank (by a script, say) stays closed too.
    carol = UserFactory(username="carol")
    carol.set_password(blank)
    carol.save()

    response = anon.post(reverse("jwt-create"), {"username": "carol", "password": blank})

    assert response.status_code in (400, 401)
    assert "access" not in response.json()
    assert authenticate(username="carol", password=blank) is None
