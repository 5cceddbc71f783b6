import copy

from django.contrib.auth import get_user_model
from django.db import IntegrityError
from djoser import serializers as djoser_serializers
from djoser.conf import settings as djoser_settings
from rest_framework import exceptions, serializers
from rest_framework.exceptions import ErrorDetail

from accounts.models import USERNAME_TAKEN, UserProfile, username_taken
from accounts.services import email_taken, user_register
from security.throttles import current_password_failure_record

User = get_user_model()


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


class UniqueUsernameMixin:
    """A username is taken when another account's name folds alike (accounts.usernames).

    The field's own validators refuse "@" and mixed scripts; this adds the folded check, which
    the exact-match UniqueValidator of the model field cannot do. The database's unique key
    decides races.
    """

    def renamed_account(self):
        """The account that gets the name: None for a new one."""
        return self.instance

    def validate(self, attrs):
        attrs = super().validate(attrs)
        field = "username" if "username" in self.fields else "new_username"
        name = attrs.get("username", attrs.get(field))
        if name is not None and username_taken(name, exclude=self.renamed_account()):
            raise serializers.ValidationError({field: [ErrorDetail(USERNAME_TAKEN, code="unique")]})
        return attrs


PROFILE_FIELDS = ("is_organizer", "location", "description")


class UserCreateSerializer(
    UniqueUsernameMixin, UniqueEmailMixin, djoser_serializers.UserCreateSerializer
):
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
    description = serializers.CharField(
        write_only=True,
        required=False,
        allow_blank=True,
        max_length=UserProfile._meta.get_field("description").max_length,
    )

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


class UserSerializer(FieldsBuiltOnceMixin, djoser_serializers.UserSerializer):
    schema_description = (
        "A user's record. The email changes only through /auth/users/set_email/ and its link."
    )

    # Declared so that the schema admits the "" of an account that gave no address.
    email = serializers.EmailField(read_only=True, allow_blank=True)

    class Meta(djoser_serializers.UserSerializer.Meta):
        read_only_fields = (djoser_settings.LOGIN_FIELD, "email")


class CurrentUserSerializer(UserSerializer):
    schema_description = "The caller with their profile: one request after logging in."

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
    def validate(self, attrs):
        attrs = super().validate(attrs)
        # Activation is for new accounts: a deactivated one stays deactivated.
        if self.user.activated_at is not None:
            raise exceptions.PermissionDenied(self.error_messages["stale_token"])
        return attrs


class PasswordResetConfirmSerializer(
    StringUidAndTokenMixin, djoser_serializers.PasswordResetConfirmSerializer
):
    pass


class PasswordResetConfirmRetypeSerializer(
    StringUidAndTokenMixin, djoser_serializers.PasswordResetConfirmRetypeSerializer
):
    pass


class UsernameResetConfirmSerializer(
    UniqueUsernameMixin, StringUidAndTokenMixin, djoser_serializers.UsernameResetConfirmSerializer
):
    def renamed_account(self):
        return self.user  # set by djoser's uid check, which runs first


class UsernameResetConfirmRetypeSerializer(
    UniqueUsernameMixin,
    StringUidAndTokenMixin,
    djoser_serializers.UsernameResetConfirmRetypeSerializer,
):
    def renamed_account(self):
        return self.user


class CurrentPasswordCheckMixin:
    """A wrong `current_password` counts against the caller's limit and is audited."""

    def validate_current_password(self, value):
        try:
            return super().validate_current_password(value)
        except serializers.ValidationError:
            current_password_failure_record(request=self.context["request"])
            raise


class SetPasswordSerializer(CurrentPasswordCheckMixin, djoser_serializers.SetPasswordSerializer):
    pass


class SetPasswordRetypeSerializer(
    CurrentPasswordCheckMixin, djoser_serializers.SetPasswordRetypeSerializer
):
    pass


class SetUsernameSerializer(
    CurrentPasswordCheckMixin, UniqueUsernameMixin, djoser_serializers.SetUsernameSerializer
):
    def renamed_account(self):
        return self.context["request"].user


class SetUsernameRetypeSerializer(
    CurrentPasswordCheckMixin, UniqueUsernameMixin, djoser_serializers.SetUsernameRetypeSerializer
):
    def renamed_account(self):
        return self.context["request"].user


class UserDeleteSerializer(CurrentPasswordCheckMixin, djoser_serializers.UserDeleteSerializer):
    pass


class SetEmailSerializer(CurrentPasswordCheckMixin, djoser_serializers.CurrentPasswordSerializer):
    new_email = serializers.EmailField(max_length=User._meta.get_field("email").max_length)

    def validate_new_email(self, value):
        if value.casefold() == self.context["request"].user.email.casefold():
            raise serializers.ValidationError(
                "This is already your email address.", code="same_email"
            )
        return value


class EmailChangeConfirmSerializer(
    StringUidAndTokenMixin, djoser_serializers.UidAndTokenSerializer
):
    def validate(self, attrs):
        attrs = super().validate(attrs)
        if not self.user.is_active:
            raise serializers.ValidationError(
                {"token": [self.error_messages["invalid_token"]]}, code="invalid_token"
            )
        return attrs
