"""A database migrated by the single-app layout (everything in `accounts`) upgrades with all its
rows: LoginSession moved to `logins` and SecurityEvent to `security`, each keeping its table,
and a token issued before the upgrade still works after it."""

import pytest
from django.contrib.auth.hashers import make_password
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django.utils import timezone
from rest_framework_simplejwt.settings import api_settings
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken
from rest_framework_simplejwt.utils import datetime_from_epoch

from accounts.models import User, UserProfile
from accounts.tests.factories import PASSWORD
from logins.models import LoginSession
from logins.tokens import SESSION_CLAIM, SessionRefreshToken
from security.models import SecurityEvent

# The last state of the single-app layout: the two new apps not there yet.
LAST_SINGLE_APP = ("accounts", "0004_securityevent_scope")
BEFORE = [LAST_SINGLE_APP, ("logins", None), ("security", None)]


def migrate(targets=None):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets or executor.loader.graph.leaf_nodes())
    return executor.loader.project_state(LAST_SINGLE_APP, at_end=True).apps


@pytest.fixture
def old_apps(transactional_db):
    apps = migrate(BEFORE)
    yield apps
    migrate()  # whatever happened, leave the database at the latest state
    ContentType.objects.clear_cache()


def test_every_row_survives_the_upgrade_and_old_tokens_still_work(old_apps, anon):
    OldUser = old_apps.get_model("accounts", "User")
    OldProfile = old_apps.get_model("accounts", "UserProfile")
    OldSession = old_apps.get_model("accounts", "LoginSession")
    OldEvent = old_apps.get_model("accounts", "SecurityEvent")
    OldOutstanding = old_apps.get_model("token_blacklist", "OutstandingToken")
    OldBlacklisted = old_apps.get_model("token_blacklist", "BlacklistedToken")
    OldContentType = old_apps.get_model("contenttypes", "ContentType")
    OldPermission = old_apps.get_model("auth", "Permission")

    mario = OldUser.objects.create(
        username="mario", email="mario@example.com", password=make_password(PASSWORD)
    )
    OldProfile.objects.create(user=mario, location="Mushroom Kingdom", is_organizer=True)
    # A live session whose refresh token was issued by the old code (same classes, same claims).
    refresh = SessionRefreshToken()
    refresh[api_settings.USER_ID_CLAIM] = str(mario.pk)
    old_session_id = "3f0c2a52-8d0e-4f5e-9a43-0b9f4c1d2e7a"
    refresh[SESSION_CLAIM] = old_session_id
    outstanding = OldOutstanding.objects.create(
        user=mario,
        jti=refresh[api_settings.JTI_CLAIM],
        token=str(refresh),
        created_at=timezone.now(),
        expires_at=datetime_from_epoch(refresh["exp"]),
    )
    OldSession.objects.create(id=old_session_id, user=mario, refresh_token=outstanding)
    # A spent token of an ended session, blacklisted.
    spent = OldOutstanding.objects.create(
        user=mario,
        jti="0" * 32,
        token="spent",
        created_at=timezone.now(),
        expires_at=timezone.now() + timezone.timedelta(days=1),
    )
    OldBlacklisted.objects.create(token=spent)
    OldSession.objects.create(
        id="9a1c2a52-8d0e-4f5e-9a43-0b9f4c1d2e7b",
        user=mario,
        refresh_token=spent,
        revoked_at=timezone.now(),
        revoked_reason="logout",
    )
    OldEvent.objects.create(type="login_succeeded", user=mario, ip="198.51.100.7")
    OldEvent.objects.create(type="throttled", scope="login_failures_ip")
    # What the admin had: the old content type, with its permissions.
    session_type, _ = OldContentType.objects.get_or_create(
        app_label="accounts", model="loginsession"
    )
    OldPermission.objects.get_or_create(
        content_type=session_type,
        codename="view_loginsession",
        defaults={"name": "Can view login session"},
    )

    migrate()
    ContentType.objects.clear_cache()

    user = User.objects.get(username="mario")
    assert UserProfile.objects.get(user=user).location == "Mushroom Kingdom"
    assert set(LoginSession.objects.values_list("revoked_reason", flat=True)) == {"", "logout"}
    assert LoginSession.objects.live().get().pk.hex == old_session_id.replace("-", "")
    assert OutstandingToken.objects.count() == 2
    assert BlacklistedToken.objects.get().token.jti == "0" * 32
    assert sorted(SecurityEvent.objects.values_list("type", "scope", "user")) == [
        ("login_succeeded", "", user.pk),
        ("throttled", "login_failures_ip", None),
    ]
    moved = ContentType.objects.get(app_label="logins", model="loginsession")
    assert moved.pk == session_type.pk
    assert "view_loginsession" in moved.permission_set.values_list("codename", flat=True)
    assert not ContentType.objects.filter(app_label="accounts", model="loginsession").exists()

    # The refresh token issued before the upgrade rotates, and its access token authenticates.
    response = anon.post(reverse("jwt-refresh"), {"refresh": str(refresh)}, format="json")
    assert response.status_code == 200, response.content
    anon.credentials(HTTP_AUTHORIZATION=f"Bearer {response.json()['access']}")
    assert anon.get("/auth/users/me/").json()["username"] == "mario"
    anon.credentials(HTTP_AUTHORIZATION=f"Bearer {refresh.access_token}")
    assert anon.get("/auth/users/me/").status_code == 200
