import pytest
from django.contrib.auth import get_user_model
from django.core import management

from accounts.models import UserProfile, userProfile
from accounts.tests.factories import UserFactory


@pytest.mark.django_db
def test_every_new_user_gets_exactly_one_profile():
    user = get_user_model().objects.create_user("dave", password="a-long-passphrase")

    assert UserProfile.objects.filter(user=user).count() == 1
    assert user.profile.is_organizer is False


@pytest.mark.django_db
def test_saving_a_user_again_creates_no_second_profile():
    user = UserFactory()
    profile = user.profile
    user.first_name = "Dave"
    user.save()

    assert list(UserProfile.objects.filter(user=user)) == [profile]


@pytest.mark.django_db
def test_saving_a_user_whose_profile_was_deleted_does_not_recreate_it():
    user = UserFactory()
    user.profile.delete()
    user.save()

    assert not UserProfile.objects.filter(user=user).exists()


@pytest.mark.django_db
def test_superuser_gets_a_profile_too():
    management.call_command(
        "createsuperuser", username="root", email="root@example.com", interactive=False
    )

    assert UserProfile.objects.filter(user__username="root").count() == 1


def test_tutorial_spelling_is_the_same_model():
    assert userProfile is UserProfile
