"""Seed the benchmark's users and report the profile list's queries per page.

Run by bench/run.py as `python -m bench.prepare` with the server's environment. Idempotent:
keeps the seeded users, removes the ones earlier registration runs created.
"""

import json
import os
import sys

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.hashers import make_password  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from rest_framework_simplejwt.token_blacklist.models import OutstandingToken  # noqa: E402

from accounts.models import UserProfile  # noqa: E402

User = get_user_model()

USERS = 1000
PASSWORD = "bench-passphrase-1"
REGISTERED_PREFIX = "bench-reg-"


def seed():
    User.objects.filter(username__startswith=REGISTERED_PREFIX).delete()
    hashed = make_password(PASSWORD)  # once: the project's hasher is slow on purpose
    User.objects.bulk_create(
        # bulk_create skips User.save(), which keeps the folded name (these fold to themselves).
        [
            User(username=f"bench-{n:04}", username_folded=f"bench-{n:04}", password=hashed)
            for n in range(USERS)
        ],
        ignore_conflicts=True,
    )
    seeded = User.objects.filter(username__regex=r"^bench-[0-9]{4}$")
    # Users kept from an older run may hold another hasher's hash, which their first login
    # would verify and then replace: every measured login must cost what one costs today.
    seeded.update(password=hashed)
    # Their sessions (and tokens) of earlier runs, so that each run starts from the same tables.
    OutstandingToken.objects.filter(user__in=seeded).delete()
    # bulk_create sends no post_save, so the profiles the signal would make are made here.
    users = seeded.filter(profile__isnull=True)
    UserProfile.objects.bulk_create([UserProfile(user=user) for user in users])


def queries_per_page():
    """Queries one authenticated GET of the profile list costs, for several pages."""
    client = Client(HTTP_HOST="127.0.0.1")
    # A real login: access tokens are only good with the live session that issued them.
    login = client.post(
        "/auth/jwt/create/",
        {"username": "bench-0000", "password": PASSWORD},
        content_type="application/json",
    )
    assert login.status_code == 200, login.content
    token = login.json()["access"]
    pages = {}
    for page in (1, 10, 50):
        with CaptureQueriesContext(connection) as captured:
            response = client.get(
                "/api/accounts/all-profiles/",
                {"page": page},
                HTTP_AUTHORIZATION=f"Bearer {token}",
            )
        assert response.status_code == 200, response.content
        pages[page] = len(captured)
    return pages


if __name__ == "__main__":
    seed()
    json.dump(
        {
            "users": User.objects.count(),
            "password": PASSWORD,
            "queries_per_page": queries_per_page(),
        },
        sys.stdout,
    )
