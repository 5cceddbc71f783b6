"""Email is optional, but one address (whatever its case) belongs to one account."""

import pytest
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction

from accounts.serializers import UniqueEmailMixin
from accounts.tests.factories import UserFactory

User = get_user_model()
REGISTER = "/auth/users/"


def register(client, username, email):
    return client.post(
        REGISTER, {"username": username, "password": "a-long-passphrase", "email": email}
    )


@pytest.fixture
def competing_signup(monkeypatch):
    """Let another request take `email` between our uniqueness check and our write."""

    def take(email):
        check = UniqueEmailMixin.validate_email

        def check_then_lose_the_race(serializer, value):
            value = check(serializer, value)
            UserFactory(username="speedy", email=email)
            return value

        monkeypatch.setattr(UniqueEmailMixin, "validate_email", check_then_lose_the_race)

    return take


@pytest.mark.parametrize("email", ["alice@example.com", "ALICE@Example.COM"])
def test_registering_a_taken_email_is_a_400_naming_email(anon, alice, email):
    response = register(anon, "carol", email)

    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert body["email"] == ["A user with that email already exists."]
    assert not User.objects.filter(username="carol").exists()


@pytest.mark.django_db
def test_many_accounts_may_have_no_email(anon):
    for username in ["carol", "dave"]:
        response = anon.post(REGISTER, {"username": username, "password": "a-long-passphrase"})
        assert response.status_code == 201

    assert User.objects.filter(email="").count() == 2


@pytest.mark.django_db
def test_the_database_refuses_a_case_variant_of_a_taken_email():
    UserFactory(username="carol", email="carol@example.com")

    with pytest.raises(IntegrityError), transaction.atomic():
        UserFactory(username="dave", email="Carol@Example.com")


@pytest.mark.django_db
def test_a_registration_that_loses_a_race_for_the_email_is_a_400(anon, competing_signup):
    competing_signup("carol@example.com")

    response = register(anon, "carol", "Carol@example.com")

    assert response.status_code == 400
    assert response.json()["email"] == ["A user with that email already exists."]
    assert list(User.objects.values_list("username", flat=True)) == ["speedy"]
