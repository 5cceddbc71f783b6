"""TOTP secrets at rest: Fernet under MFA_ENCRYPTION_KEY, else a key derived with HKDF."""

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command

from mfa import crypto
from mfa.models import TOTPDevice


def test_without_a_key_the_secret_key_derives_one(settings):
    settings.MFA_ENCRYPTION_KEY = ""
    token = crypto.encrypt("JBSWY3DPEHPK3PXP")

    assert Fernet(crypto.derived_key(settings.SECRET_KEY)).decrypt(token.encode()) == (
        b"JBSWY3DPEHPK3PXP"
    )
    # Bound to its purpose: not the secret key itself, nor another derivation.
    assert crypto.derived_key(settings.SECRET_KEY) != crypto.derived_key(settings.SECRET_KEY + "x")


def test_the_configured_key_encrypts(settings):
    key = Fernet.generate_key()
    settings.MFA_ENCRYPTION_KEY = key.decode()

    token = crypto.encrypt("JBSWY3DPEHPK3PXP")

    assert Fernet(key).decrypt(token.encode()) == b"JBSWY3DPEHPK3PXP"
    with pytest.raises(crypto.InvalidToken):
        Fernet(crypto.derived_key(settings.SECRET_KEY)).decrypt(token.encode())


def test_secrets_from_before_the_key_was_set_still_open(settings):
    settings.MFA_ENCRYPTION_KEY = ""
    old = crypto.encrypt("JBSWY3DPEHPK3PXP")
    settings.MFA_ENCRYPTION_KEY = Fernet.generate_key().decode()

    assert crypto.decrypt(old) == "JBSWY3DPEHPK3PXP"


def test_another_secret_key_opens_nothing(settings):
    settings.MFA_ENCRYPTION_KEY = ""
    token = crypto.encrypt("JBSWY3DPEHPK3PXP")
    settings.SECRET_KEY = "another-secret-key"

    with pytest.raises(crypto.InvalidToken):
        crypto.decrypt(token)


def test_a_malformed_key_is_a_configuration_error(settings):
    settings.MFA_ENCRYPTION_KEY = "not-a-fernet-key"
    with pytest.raises(ImproperlyConfigured, match="MFA_ENCRYPTION_KEY"):
        crypto.encrypt("x")


def test_rotation_reencrypts_under_the_new_key(settings, alice):
    old_key, new_key = Fernet.generate_key(), Fernet.generate_key()
    settings.MFA_ENCRYPTION_KEY = old_key.decode()
    TOTPDevice.objects.create(user=alice, encrypted_secret=crypto.encrypt("JBSWY3DPEHPK3PXP"))
    settings.MFA_ENCRYPTION_KEY = f"{new_key.decode()},{old_key.decode()}"

    call_command("mfa_rotate_key", stdout=open("/dev/null", "w"))

    stored = TOTPDevice.objects.get(user=alice).encrypted_secret
    assert Fernet(new_key).decrypt(stored.encode()) == b"JBSWY3DPEHPK3PXP"
    settings.MFA_ENCRYPTION_KEY = new_key.decode()
    assert crypto.decrypt(stored) == "JBSWY3DPEHPK3PXP"
