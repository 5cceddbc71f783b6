"""Helpers the tests share: real logins and fresh interpreters."""

import os
import subprocess
import sys

import jwt
from django.conf import settings
from django.urls import reverse

from accounts.tests.factories import PASSWORD


def login(client, user, password=PASSWORD):
    """Authenticate `client` as `user` through the real token endpoint; return the token pair."""
    response = client.post(
        reverse("jwt-create"), {"username": user.username, "password": password}, format="json"
    )
    assert response.status_code == 200, response.content
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {response.data['access']}")
    return response.data


def manage(*args, **environ):
    """Run manage.py in a fresh interpreter whose environment holds only `environ` of ours."""
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(
            ("DJANGO_", "DATABASE_URL", "REDIS_URL", "JWT_")
            + ("ARGON2_", "EMAIL_", "DEFAULT_FROM_EMAIL", "FRONTEND_", "SITE_NAME")
            + ("SEND_ACTIVATION_EMAIL", "THROTTLE_", "CORS_")
        )
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env={**clean, **environ},
        capture_output=True,
        text=True,
        timeout=60,
    )


def manage_shell(script, **environ):
    """Run `script` in `manage.py shell` under `environ`; return what it printed."""
    result = manage("shell", "--no-imports", "-c", script, **environ)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def resigned(token, **claims):
    """`token` with `claims` changed, signed again with the project's key (time travel)."""
    payload = jwt.decode(token, options={"verify_signature": False})
    payload.update(claims)
    return jwt.encode(payload, settings.SIMPLE_JWT["SIGNING_KEY"], algorithm="HS256")


def claims(token):
    return jwt.decode(token, options={"verify_signature": False})


def bearer(client, access):
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {access}")
    return client
