from djoser import serializers as djoser_serializers
from djoser.conf import settings as djoser_settings
from rest_framework import serializers

from accounts.models import UserProfile
from accounts.services import user_register


class UserProfileSerializer(serializers.ModelSerializer):
    user = serializers.CharField(source="user.username", read_only=True)

    class Meta:
        model = UserProfile
        fields = [
            "id",
            "user",
            "description",
            "location",
            "date_joined",
            "updated_on",
            "is_organizer",
        ]
        read_only_fields = ["date_joined", "updated_on"]


# The tutorial's spelling.
userProfileSerializer = UserProfileSerializer


class CurrentUserSerializer(djoser_serializers.UserSerializer):
    """The caller with their profile, so an app needs one request after logging in."""

    profile = UserProfileSerializer(
        read_only=True,
        allow_null=True,
        help_text="null when the user deleted their profile.",
    )

    class Meta(djoser_serializers.UserSerializer.Meta):
        fields = (*djoser_serializers.UserSerializer.Meta.fields, "profile")


PROFILE_FIELDS = ("is_organizer", "location", "description")


class UserCreateSerializer(djoser_serializers.UserCreateSerializer):
    """djoser's registration, plus the optional profile fields picked at sign-up."""

    is_organizer = serializers.BooleanField(
        write_only=True, required=False, help_text="Organizes events (true) or attends (false)."
    )
    location = serializers.CharField(
        write_only=True,
        required=False,
        allow_blank=True,
        max_length=UserProfile._meta.get_field("location").max_length,
    )
    description = serializers.CharField(write_only=True, required=False, allow_blank=True)

    class Meta(djoser_serializers.UserCreateSerializer.Meta):
        fields = (*djoser_serializers.UserCreateSerializer.Meta.fields, *PROFILE_FIELDS)

    def validate(self, attrs):
        # djoser builds a User from the attributes to check the password against them.
        profile = {name: attrs.pop(name) for name in PROFILE_FIELDS if name in attrs}
        return {**super().validate(attrs), "profile": profile}

    def perform_create(self, validated_data):
        profile = validated_data.pop("profile")
        return user_register(
            user_fields=validated_data,
            profile_fields=profile,
            is_active=not djoser_settings.SEND_ACTIVATION_EMAIL,
        )


class StringUidAndTokenMixin:
    """djoser decodes `uid` and `token` exactly as they were sent, and a JSON number crashed it."""

    def validate(self, attrs):
        for name in ("uid", "token"):
            if not isinstance(self.initial_data.get(name), str):
                raise serializers.ValidationError(
                    {name: [self.error_messages[f"invalid_{name}"]]}, code=f"invalid_{name}"
                )
        return super().validate(attrs)


class ActivationSerializer(StringUidAndTokenMixin, djoser_serializers.ActivationSerializer):
    pass


class PasswordResetConfirmSerializer(
    StringUidAndTokenMixin, djoser_serializers.PasswordResetConfirmSerializer
):
    pass


class PasswordResetConfirmRetypeSerializer(
    StringUidAndTokenMixin, djoser_serializers.PasswordResetConfirmRetypeSerializer
):
    pass


class UsernameResetConfirmSerializer(
    StringUidAndTokenMixin, djoser_serializers.UsernameResetConfirmSerializer
):
    pass


class UsernameResetConfirmRetypeSerializer(
    StringUidAndTokenMixin, djoser_serializers.UsernameResetConfirmRetypeSerializer
):
    pass
