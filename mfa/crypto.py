"""Encryption at rest of TOTP secrets: Fernet (AES-128-CBC + HMAC-SHA256) from `cryptography`.

MFA_ENCRYPTION_KEY holds one or more Fernet keys, comma-separated: the first encrypts, every
one decrypts (rotation: put the new key first, run `manage.py mfa_rotate_key`, then drop the
old one). Without it, the key is derived from DJANGO_SECRET_KEY with HKDF; that derived key
also stays a decryption key, so setting MFA_ENCRYPTION_KEY later loses no secret.
"""

import base64
from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed
from django.dispatch import receiver

HKDF_INFO = b"eventScheduler mfa: TOTP secret encryption"

__all__ = ["InvalidToken", "decrypt", "encrypt", "reencrypt"]


def derived_key(secret_key):
    """A Fernet key derived from the Django secret key (HKDF-SHA256, purpose-bound)."""
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=HKDF_INFO)
    return base64.urlsafe_b64encode(hkdf.derive(secret_key.encode()))


@cache
def _fernet():
    keys = [key.strip() for key in settings.MFA_ENCRYPTION_KEY.split(",") if key.strip()]
    try:
        fernets = [Fernet(key) for key in keys]
    except ValueError as exc:
        raise ImproperlyConfigured(
            "MFA_ENCRYPTION_KEY must be Fernet keys (32 url-safe base64-encoded bytes), "
            "comma-separated; make one with "
            "`python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key())'`."
        ) from exc
    fernets.append(Fernet(derived_key(settings.SECRET_KEY)))
    return MultiFernet(fernets)


@receiver(setting_changed)
def _forget_keys(setting, **kwargs):
    if setting in ("MFA_ENCRYPTION_KEY", "SECRET_KEY"):
        _fernet.cache_clear()


def encrypt(plaintext: str) -> str:
    return _fernet().encrypt(plaintext.encode()).decode()


def decrypt(token: str) -> str:
    """The plaintext; raises InvalidToken when no configured key opens it."""
    return _fernet().decrypt(token.encode()).decode()


def reencrypt(token: str) -> str:
    """The same plaintext under the first key (for key rotation)."""
    return _fernet().rotate(token.encode()).decode()
