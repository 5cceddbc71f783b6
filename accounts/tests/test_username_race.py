"""A set_username that loses a race for a name is a 400 naming the field, never a 500."""

from accounts.tests.factories import PASSWORD, UserFactory


def test_a_name_taken_between_the_check_and_the_save_is_a_400(alice_client, monkeypatch):
    UserFactory(username="Mario")
    # The other request commits its "mario" after this one's check has passed.
    monkeypatch.setattr("accounts.serializers.username_taken", lambda *args, **kwargs: False)

    response = alice_client.post(
        "/auth/users/set_username/",
        {"current_password": PASSWORD, "new_username": "mario"},
        format="json",
    )

    assert response.status_code == 400
    assert response.json()["new_username"] == ["A user with that username already exists."]
    assert alice_client.get("/auth/users/me/").json()["username"] == "alice"
