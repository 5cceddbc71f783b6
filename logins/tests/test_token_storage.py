"""A dump of the database holds no usable refresh token: they are stored encrypted."""

import importlib

import pytest
from cryptography.fernet import InvalidToken
from django.apps import apps
from django.db import connection
from django.urls import reverse
from rest_framework_simplejwt.token_blacklist.models import OutstandingToken
from rest_framework_simplejwt.tokens import RefreshToken

from eventScheduler.tests.utils import login
from logins import token_storage
from logins.models import LoginSession

REFRESH = reverse("jwt-refresh")


def dumped_tokens():
    """What `pg_dump` or `sqlite3 .dump` would show of the table."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT token FROM token_blacklist_outstandingtoken")
        return [token for (token,) in cursor.fetchall()]


def test_issued_refresh_tokens_are_not_in_the_database(anon, alice):
    tokens = login(anon, alice)
    rotated = anon.post(REFRESH, {"refresh": tokens["refresh"]}).json()

    stored = dumped_tokens()

    assert len(stored) == 2
    for token in (tokens["refresh"], rotated["refresh"]):
        assert all(token not in value and token.split(".")[1] not in value for value in stored)
    assert not any("." in value for value in stored)


def test_tokens_simplejwt_records_itself_are_encrypted_too(alice):
    token = RefreshToken.for_user(alice)

    assert dumped_tokens() != [str(token)]
    assert token_storage.decrypt(dumped_tokens()[0]) == str(token)


def test_the_grace_window_still_hands_back_the_current_token(anon, alice):
    tokens = login(anon, alice)
    first = anon.post(REFRESH, {"refresh": tokens["refresh"]}).json()

    again = anon.post(REFRESH, {"refresh": tokens["refresh"]}).json()

    assert again["refresh"] == first["refresh"]


def test_only_the_signing_key_decrypts(db):
    stored = token_storage.encrypt("a.b.c")

    assert token_storage.decrypt(stored) == "a.b.c"
    with pytest.raises(InvalidToken):
        token_storage._fernet("another-signing-key-" * 3).decrypt(stored.encode())


def test_rows_from_before_encryption_keep_working_and_the_migration_encrypts_them(anon, alice):
    tokens = login(anon, alice)
    outstanding = LoginSession.objects.get(user=alice).refresh_token
    # As stored before: the whole JWT (update() skips the encrypting pre_save).
    OutstandingToken.objects.filter(pk=outstanding.pk).update(token=tokens["refresh"])
    rotated = anon.post(REFRESH, {"refresh": tokens["refresh"]}).json()
    OutstandingToken.objects.filter(pk=outstanding.pk).update(token=tokens["refresh"])
    session = LoginSession.objects.get(user=alice)
    OutstandingToken.objects.filter(pk=session.refresh_token_id).update(token=rotated["refresh"])
    # A concurrent refresh reads the (plain) current token back.
    assert (
        anon.post(REFRESH, {"refresh": tokens["refresh"]}).json()["refresh"] == rotated["refresh"]
    )

    migration = importlib.import_module("logins.migrations.0003_encrypt_stored_refresh_tokens")
    migration.encrypt_tokens(apps, None)

    assert not any("." in value for value in dumped_tokens())
    assert (
        anon.post(REFRESH, {"refresh": tokens["refresh"]}).json()["refresh"] == rotated["refresh"]
    )
    assert anon.post(REFRESH, {"refresh": rotated["refresh"]}).status_code == 200
