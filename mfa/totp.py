"""TOTP per RFC 6238 with pyotp (SHA-1, 6 digits, 30-second steps), its QR code with segno,
and recovery codes."""

import base64
import datetime
import hashlib
import hmac
import io
import re
import secrets

import pyotp
import segno

# One step either side of now: a phone clock a little off, or a code typed as it changed.
DRIFT_STEPS = 1
TOTP_CODE = re.compile(r"^\d{6}$")
RECOVERY_CODE_COUNT = 10
# 10 random bytes: 16 base32 characters, 80 bits; enough that a plain SHA-256 cannot be
# searched back, so the hash needs no slow function.
RECOVERY_CODE_BYTES = 10


def new_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(secret, *, account, issuer) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=account, issuer_name=issuer)


def qr_svg(uri) -> str:
    """The QR code of `uri` as a standalone SVG document (with its namespace, no XML prolog)."""
    out = io.BytesIO()
    segno.make(uri, error="m").save(out, kind="svg", scale=4, border=2, xmldecl=False)
    return out.getvalue().decode()


def matching_step(secret, code, *, at=None):
    """The time step whose code `code` is (now or one step off), or None."""
    totp = pyotp.TOTP(secret)
    now = totp.timecode(at or current_time())
    for step in range(now - DRIFT_STEPS, now + DRIFT_STEPS + 1):
        if hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def current_time():
    return datetime.datetime.now(datetime.UTC)


def normalized(code) -> str:
    """What the user typed, without the spaces and dashes that make codes readable."""
    return re.sub(r"[\s-]", "", code).lower()


def is_totp_code(code) -> bool:
    return bool(TOTP_CODE.match(code))


def new_recovery_codes() -> list[str]:
    codes = []
    for _ in range(RECOVERY_CODE_COUNT):
        raw = base64.b32encode(secrets.token_bytes(RECOVERY_CODE_BYTES)).decode().lower()
        codes.append("-".join(raw[i : i + 4] for i in range(0, len(raw), 4)))
    return codes


def recovery_code_digest(code) -> str:
    return hashlib.sha256(normalized(code).encode()).hexdigest()
