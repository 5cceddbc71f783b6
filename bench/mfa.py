"""Time one second-factor check per request: a TOTP code and a WebAuthn assertion.

    .venv/bin/python bench/mfa.py [--rounds N]

Each is measured twice: the verification alone (decrypting the secret and checking the code
with pyotp; py_webauthn verifying an ES256 assertion), then a full request through Django's
test client against a throw-away SQLite database: POST /auth/mfa/authenticate/ with a code
(the pending login, the lock check, the conditional UPDATE that spends the step, a new session
and its tokens, the audit) and POST /auth/passkeys/login/ (the challenge row, the assertion,
the counter update, a new session). The password login before the code is not timed. The
assertions come from the tests' software authenticator (mfa/tests/authenticator.py).
"""

import argparse
import datetime
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
DB_DIR = tempfile.mkdtemp(prefix="bench-mfa-")
os.environ.setdefault("DJANGO_DEBUG", "1")
os.environ["DATABASE_URL"] = f"sqlite:///{DB_DIR}/bench.sqlite3"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "eventScheduler.settings")
# Out of the way: every request comes from one address and one account.
for variable in (
    "THROTTLE_LOGIN_FAILURES_PER_ACCOUNT",
    "THROTTLE_LOGIN_FAILURES_PER_IP",
    "THROTTLE_PASSKEY_LOGIN_OPTIONS_PER_IP",
):
    os.environ[variable] = ""

import django  # noqa: E402

django.setup()

import pyotp  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from webauthn import verify_authentication_response  # noqa: E402

from mfa import crypto, passkeys, totp  # noqa: E402
from mfa.models import Passkey, TOTPDevice  # noqa: E402
from mfa.tests.authenticator import SoftAuthenticator  # noqa: E402

PASSWORD = "correct-horse-battery"
RP_ID, ORIGIN = "bench.example", "https://bench.example"


def timed(action, rounds):
    action()  # warm up
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        action()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples), min(samples)


class Steps:
    """Hands out codes of ever newer TOTP steps, and tells the server it is that time."""

    def __init__(self, secret):
        self.totp = pyotp.TOTP(secret)
        self.step = self.totp.timecode(totp.current_time()) + 1

    def next_code(self):
        self.step += 1
        moment = datetime.datetime.fromtimestamp(self.step * 30, datetime.UTC)
        totp.current_time = lambda: moment
        return self.totp.generate_otp(self.step)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=200)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    user = get_user_model().objects.create_user(username="bench", password=PASSWORD)
    secret = totp.new_secret()
    TOTPDevice.objects.create(
        user=user,
        encrypted_secret=crypto.encrypt(secret),
        confirmed_at=django.utils.timezone.now(),
    )
    device = SoftAuthenticator(rp_id=RP_ID, origin=ORIGIN)
    rows = []
    with override_settings(WEBAUTHN_RP_ID=RP_ID, WEBAUTHN_ORIGINS=[ORIGIN]):
        # Register the passkey through the service, as the API does.
        options = passkeys.registration_options(user=user)
        passkeys.passkey_register(
            user=user, name="bench", credential=device.create(options), request=None
        )
        passkey = Passkey.objects.get(user=user)
        public_key = bytes(passkey.public_key)

        stored = TOTPDevice.objects.get(user=user).encrypted_secret
        steps = Steps(secret)

        def totp_check():
            code = steps.next_code()
            assert totp.matching_step(crypto.decrypt(stored), code) is not None

        rows.append(("TOTP: decrypt + pyotp check", *timed(totp_check, args.rounds)))

        challenge = b"0123456789abcdef0123456789abcdef"
        # Signed beforehand: the authenticator's work is not the server's.
        assertions = [
            (
                count,
                device.get({"challenge": passkeys.bytes_to_base64url(challenge)}, sign_count=count),
            )
            for count in range(1000, 1000 + args.rounds + 1)
        ]

        def assertion_check():
            count, credential = assertions.pop()
            verify_authentication_response(
                credential=credential,
                expected_challenge=challenge,
                expected_rp_id=RP_ID,
                expected_origin=ORIGIN,
                credential_public_key=public_key,
                credential_current_sign_count=count - 1,
                require_user_verification=True,
            )

        rows.append(("WebAuthn: py_webauthn verify (ES256)", *timed(assertion_check, args.rounds)))

        client = Client(HTTP_HOST="localhost")

        def pending():
            response = client.post(
                "/auth/jwt/create/",
                {"username": "bench", "password": PASSWORD},
                content_type="application/json",
            )
            return response.json()["mfa_token"]

        tokens = []

        def code_request():
            body = {"mfa_token": tokens.pop(), "code": steps.next_code()}
            response = client.post("/auth/mfa/authenticate/", body, content_type="application/json")
            assert response.status_code == 200, response.content

        samples = []
        tokens.append(pending())
        code_request()  # warm up
        for _ in range(args.rounds):
            tokens.append(pending())  # not timed: the password login before the code
            start = time.perf_counter()
            code_request()
            samples.append(time.perf_counter() - start)
        rows.append(
            ("POST /auth/mfa/authenticate/ (code)", statistics.median(samples), min(samples))
        )

        samples = []
        for _ in range(args.rounds + 1):
            options = client.post("/auth/passkeys/login/options/").json()
            credential = device.get(options)  # the authenticator's work, not timed
            start = time.perf_counter()
            response = client.post(
                "/auth/passkeys/login/", {"credential": credential}, content_type="application/json"
            )
            samples.append(time.perf_counter() - start)
            assert response.status_code == 200, response.content
        samples = samples[1:]
        rows.append(("POST /auth/passkeys/login/", statistics.median(samples), min(samples)))

    print(f"{platform.processor() or platform.machine()}, Python {platform.python_version()}")
    print(f"{args.rounds} rounds each; milliseconds\n")
    print(f"| {'what':<40} | median | min   |")
    print(f"|{'-' * 42}|--------|-------|")
    for name, median, minimum in rows:
        print(f"| {name:<40} | {median * 1000:6.2f} | {minimum * 1000:5.2f} |")


if __name__ == "__main__":
    try:
        main()
    finally:
        shutil.rmtree(DB_DIR, ignore_errors=True)
