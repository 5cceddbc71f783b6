"""Serializers build their fields once per class; each instance still gets its own."""

from accounts.serializers import CurrentUserSerializer, UserProfileSerializer


def test_each_instance_binds_its_own_copy_of_the_fields(alice, bob):
    for_alice, for_bob = CurrentUserSerializer(alice), CurrentUserSerializer(bob)

    for name in ("email", "profile"):
        assert for_alice.fields[name] is not for_bob.fields[name]
        assert for_alice.fields[name].parent is for_alice
        assert for_bob.fields[name].parent is for_bob
    assert for_alice.data["username"] == "alice"
    assert for_bob.data["profile"]["user"] == "bob"


def test_validation_of_one_instance_does_not_leak_into_another(alice):
    bad = UserProfileSerializer(alice.profile, data={"location": "x" * 31}, partial=True)
    good = UserProfileSerializer(alice.profile, data={"location": "Lisbon"}, partial=True)

    assert not bad.is_valid()
    assert good.is_valid(), good.errors
    assert set(bad.errors) == {"location"}
