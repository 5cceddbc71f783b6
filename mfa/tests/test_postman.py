"""The Postman collection of the TOTP flows: real routes, tests on every request, and a
pre-request script whose codes are the ones pyotp (and so the server) computes."""

import json
import shutil
import subprocess

import pyotp
import pytest
from django.conf import settings
from django.urls import resolve

from eventScheduler.tests.test_postman import allowed_methods, path_of

COLLECTION = json.loads(
    (settings.BASE_DIR / "docs/postman/eventScheduler-mfa.postman_collection.json").read_text()
)
ITEMS = COLLECTION["item"]
NODE = shutil.which("node")


def script(item, listen):
    return "\n".join(
        line
        for event in item["event"]
        if event["listen"] == listen
        for line in event["script"]["exec"]
    )


@pytest.mark.parametrize("item", ITEMS, ids=[item["name"] for item in ITEMS])
def test_each_request_targets_a_route_and_has_tests(item):
    assert item["request"]["method"] in allowed_methods(resolve(path_of(item)).func)
    assert "pm.test(" in script(item, "test")


def test_the_flow_in_order():
    assert [item["name"] for item in ITEMS] == [
        "Log in with the password",
        "Start TOTP setup",
        "Activate TOTP",
        "Log in: the password alone is not enough",
        "Log in: the code",
        "My second factors",
        "Turn TOTP off",
    ]


def test_requests_sending_a_code_compute_it_and_say_they_need_the_secret():
    for item in ITEMS:
        if "{{totpCode}}" in item["request"].get("body", {}).get("raw", ""):
            assert "NEEDS the secret: `totpSecret`" in script(item, "prerequest"), item["name"]
    assert "totpSecret" in COLLECTION["info"]["description"]


# The script runs in Node with the two things Postman's sandbox gives it: `pm` and crypto-js
# (here its HmacSHA1 and hex parsing, done by Node's crypto).
SANDBOX = """
const crypto = require("crypto");
const env = new Map(Object.entries(%(environment)s));
globalThis.pm = {environment: {get: (k) => env.get(k), set: (k, v) => env.set(k, v)}};
Date.now = () => %(now_ms)d;
const cryptoJs = {
  enc: {Hex: {parse: (hex) => Buffer.from(hex, "hex")}},
  HmacSHA1: (message, key) => {
    const digest = crypto.createHmac("sha1", key).update(message).digest("hex");
    return {toString: () => digest};
  },
};
const require_ = (name) => { if (name !== "crypto-js") throw new Error(name); return cryptoJs; };
new Function("require", %(script)s)(require_);
console.log(JSON.stringify({code: env.get("totpCode"), step: env.get("totpLastStep")}));
"""


def run_script(secret, now, last_step=None):
    environment = {"totpSecret": secret, **({"totpLastStep": last_step} if last_step else {})}
    program = SANDBOX % {
        "environment": json.dumps(environment),
        "now_ms": int(now * 1000),
        "script": json.dumps(script(ITEMS[2], "prerequest")),
    }
    result = subprocess.run([NODE, "-e", program], capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.mark.skipif(NODE is None, reason="needs Node.js to run the Postman script")
def test_the_pre_request_script_computes_the_apps_code():
    secret, now = pyotp.random_base32(), 1_796_000_015.0
    totp = pyotp.TOTP(secret)

    first = run_script(secret, now)
    second = run_script(secret, now, last_step=first["step"])

    assert first["code"] == totp.at(now)
    # A code is good once: the next request uses the next step's code.
    assert second["code"] == totp.at(now + 30)
