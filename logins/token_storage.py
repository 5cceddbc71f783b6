"""Refresh tokens at rest: encrypted, so a dump of the database holds no usable token.

simplejwt's OutstandingToken keeps each refresh token it records in full. A session's current
token must stay recoverable (a refresh racing another within the reuse grace window is
answered with it), so it is encrypted (Fernet: AES-CBC with an HMAC) rather than hashed. The
key is derived from the JWT signing key, which never is in the database: whoever holds that
key can mint tokens anyway, so the encryption adds no new secret to keep.
"""

import base64
import functools

from cryptography.fernet import Fernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from rest_framework_simplejwt.settings import api_settings

KEY_PURPOSE = b"eventScheduler: refresh tokens at rest"


@functools.lru_cache(maxsize=4)
def _fernet(signing_key):
    derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=KEY_PURPOSE).derive(
        signing_key.encode()
    )
    return Fernet(base64.urlsafe_b64encode(derived))


def fernet():
    return _fernet(api_settings.SIGNING_KEY)


def is_plain(stored):
    # A JWT has dots between its parts; a Fernet token is URL-safe base64, which has none.
    return "." in stored


def encrypt(token):
    return fernet().encrypt(token.encode()).decode()


def decrypt(stored):
    """The token kept in `stored`; a row from before encryption holds it as it is."""
    if is_plain(stored):
        return stored
    return fernet().decrypt(stored.encode()).decode()
