"""Other users' records on /auth/users/<id>/: model permissions, not staff status."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from rest_framework.test import APIClient

from accounts.tests.factories import PASSWORD, UserFactory
from eventScheduler.tests.utils import login
from security.models import SecurityEvent

User = get_user_model()
LIST = "/auth/users/"


def record(user_or_pk):
    return f"/auth/users/{getattr(user_or_pk, 'pk', user_or_pk)}/"


def client_of(username, *codenames, **flags):
    user = UserFactory(username=username, **flags)
    user.user_permissions.set(
        Permission.objects.filter(content_type__app_label="accounts", codename__in=codenames)
    )
    client = APIClient()
    login(client, user)
    return client


def delete(client, target):
    return client.delete(record(target), {"current_password": PASSWORD})


@pytest.fixture
def root(db):
    return UserFactory(username="root", is_staff=True, is_superuser=True)


def test_staff_alone_cannot_see_change_or_delete_another_user(alice, root):
    staff = client_of("mod", is_staff=True)

    assert staff.get(record(alice)).status_code == 404
    assert staff.patch(record(alice), {"email": "mod@example.com"}).status_code == 404
    assert delete(staff, alice).status_code == 404
    assert delete(staff, root).status_code == 404
    assert User.objects.filter(pk__in=[alice.pk, root.pk]).count() == 2
    [own] = staff.get(LIST).json()["results"]
    assert own["username"] == "mod"
    assert staff.get(record(own["id"])).status_code == 200


def test_a_hidden_record_answers_like_a_missing_one(alice):
    staff = client_of("mod", is_staff=True)
    missing = User.objects.order_by("-pk").first().pk + 100

    for method in ("get", "patch", "delete"):
        hidden = getattr(staff, method)(record(alice))
        absent = getattr(staff, method)(record(missing))
        assert (hidden.status_code, hidden.content) == (absent.status_code, absent.content)


def test_view_user_sees_others_but_changes_and_deletes_nothing(alice):
    viewer = client_of("viewer", "view_user")

    assert viewer.get(record(alice)).json()["username"] == "alice"
    assert {u["username"] for u in viewer.get(LIST).json()["results"]} == {"alice", "viewer"}
    assert viewer.patch(record(alice), {}).status_code == 403
    assert delete(viewer, alice).status_code == 403
    assert User.objects.filter(pk=alice.pk).exists()


def test_delete_user_deletes_others(alice):
    admin = client_of("admin", "view_user", "delete_user")

    assert delete(admin, alice).status_code == 204
    assert not User.objects.filter(pk=alice.pk).exists()


def test_only_a_superuser_changes_or_deletes_a_superuser(root):
    admin = client_of("admin", "view_user", "change_user", "delete_user", is_staff=True)
    other_root = client_of("root2", is_staff=True, is_superuser=True)

    assert admin.get(record(root)).status_code == 200
    assert admin.patch(record(root), {}).status_code == 403
    assert delete(admin, root).status_code == 403
    assert delete(other_root, root).status_code == 204


@pytest.mark.parametrize("method", ["patch", "put"])
def test_email_and_username_are_read_only_for_others_too(alice, method):
    admin = client_of("admin", "view_user", "change_user")
    change = {"email": "admin@evil.example", "username": "mallory"}

    response = getattr(admin, method)(record(alice), change)

    assert response.status_code == 200
    assert response.json()["email"] == "alice@example.com"
    alice.refresh_from_db()
    assert (alice.email, alice.username) == ("alice@example.com", "alice")


def test_deleting_an_account_is_audited(alice, alice_client):
    alice_client.delete("/auth/users/me/", {"current_password": PASSWORD}, HTTP_USER_AGENT="Edge")

    [event] = SecurityEvent.objects.filter(type=SecurityEvent.Type.ACCOUNT_DELETED)
    assert (event.user, event.user_agent) == (None, "Edge")


# --- The same rules in the admin -----------------------------------------------------------


@pytest.fixture
def admin_client_with(client, db):
    """The Django test client logged into the admin as staff holding `codenames`."""

    def make(*codenames):
        staff = UserFactory(username="mod", is_staff=True)
        staff.user_permissions.set(
            Permission.objects.filter(content_type__app_label="accounts", codename__in=codenames)
        )
        client.force_login(staff)
        return client, staff

    return make


def test_the_admin_lets_no_one_but_a_superuser_change_or_delete_a_superuser(
    admin_client_with, root
):
    client, _ = admin_client_with("view_user", "change_user", "delete_user")

    change = client.post(f"/admin/accounts/user/{root.pk}/change/", {"username": "pwned"})
    delete = client.post(f"/admin/accounts/user/{root.pk}/delete/", {"post": "yes"})

    assert (change.status_code, delete.status_code) == (403, 403)
    root.refresh_from_db()
    assert root.username == "root"


def test_change_user_in_the_admin_cannot_grant_superuser(admin_client_with):
    client, staff = admin_client_with("view_user", "change_user")
    page = client.get(f"/admin/accounts/user/{staff.pk}/change/")

    assert page.status_code == 200
    assert 'name="is_superuser"' not in page.content.decode()
    assert 'name="user_permissions"' not in page.content.decode()
