import pytest
from django.urls import reverse

from accounts.tests.factories import UserFactory


@pytest.fixture
def staff_client(client, db):
    admin = UserFactory(username="root", is_staff=True, is_superuser=True)
    client.force_login(admin)
    return client


def test_user_changelist_searches_username_and_email(staff_client, alice, bob):
    url = reverse("admin:accounts_user_changelist")

    by_name = staff_client.get(url, {"q": "alice"})
    by_email = staff_client.get(url, {"q": "bob@example.com"})

    assert by_name.status_code == 200
    assert [u.username for u in by_name.context["cl"].result_list] == ["alice"]
    assert [u.username for u in by_email.context["cl"].result_list] == ["bob"]


def test_user_changelist_filters_by_is_organizer(staff_client, alice, bob):
    alice.profile.is_organizer = True
    alice.profile.save()

    response = staff_client.get(
        reverse("admin:accounts_user_changelist"), {"profile__is_organizer__exact": "1"}
    )

    assert [u.username for u in response.context["cl"].result_list] == ["alice"]


def test_user_change_page_shows_the_profile_inline(staff_client, alice):
    response = staff_client.get(reverse("admin:accounts_user_change", args=[alice.pk]))

    assert response.status_code == 200
    assert b"is_organizer" in response.content
    assert b"profile-0-location" in response.content or b"profile-0-description" in response.content
