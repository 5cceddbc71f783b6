import copy

from django.db import IntegrityError, transaction
from djoser import serializers as djoser_serializers
from djoser.conf import settings as djoser_settings
from rest_framework import serializers
from rest_framework.exceptions import ErrorDetail

from accounts.models import UserProfile
from accounts.services import email_taken, user_by_email, user_register


class FieldsBuiltOnceMixin:
    """Work out a ModelSerializer's fields from the model once per class, not per instance.

    ModelSerializer rebuilds every field from the model's definition each time it is
    instantiated: more than half of what rendering /auth/users/me/ cost. The fields depend only
    on the class (Meta and declared fields), so they are built once and each instance gets
    copies to bind, the way DRF already copies declared fields for every instance.
    """

    def get_fields(self):
        cls = type(self)
        if "_fields_built_once" not in cls.__dict__:
            cls._fields_built_once = super().get_fields()
        return copy.deepcopy(cls._fields_built_once)


class UserProfileSerializer(FieldsBuiltOnceMixin, serializers.ModelSerializer):
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


class UniqueEmailMixin:
    """Email is optional, but unique ignoring case; a clash is a 400 on `email`, never a 500.

    The database constraint (User.Meta.constraints) decides when two requests race past
    the check; its IntegrityError becomes the same 400.
    """

    email_taken_message = "A user with that email already exists."

    def validate_email(self, value):
        if email_taken(email=value, exclude=self.instance):
            raise serializers.ValidationError(self.email_taken_message, code="unique")
        return value

    def raise_if_email_taken(self, email, exclude=None):
        if email and email_taken(email=email, exclude=exclude):
            raise serializers.ValidationError(
                {"email": [ErrorDetail(self.email_taken_message, code="unique")]}
            )


PROFILE_FIELDS = ("is_organizer", "location", "description")


class UserCreateSerializer(UniqueEmailMixin, djoser_serializers.UserCreateSerializer):
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
        try:
            return user_register(
                user_fields=validated_data,
                profile_fields=profile,
                is_active=not djoser_settings.SEND_ACTIVATION_EMAIL,
            )
        except IntegrityError:
            # A concurrent request took the username or email between validation and insert;
            # its row is committed now, so validating again names the field.
            self.run_validation(self.initial_data)
            raise


class UserSerializer(FieldsBuiltOnceMixin, UniqueEmailMixin, djoser_serializers.UserSerializer):
    def update(self, instance, validated_data):
        try:
            with transaction.atomic():
                return super().update(instance, validated_data)
        except IntegrityError:
            self.raise_if_email_taken(validated_data.get("email"), exclude=instance)
            raise


class CurrentUserSerializer(UserSerializer):
    """The caller with their profile, so an app needs one request after logging in."""

    profile = UserProfileSerializer(
        read_only=True,
        allow_null=True,
        help_text="null when the user deleted their profile.",
    )

    class Meta(UserSerializer.Meta):
        fields = (*UserSerializer.Meta.fields, "profile")


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


class SendEmailResetSerializer(djoser_serializers.SendEmailResetSerializer):
    """djoser's, finding the account by email whatever its case (used by reset and resend)."""

    def get_user(self, is_active=True):
        return user_by_email(email=self.data.get("email"), is_active=is_active)
