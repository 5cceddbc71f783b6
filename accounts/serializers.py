from django.db import IntegrityError, transaction
from djoser import serializers as djoser_serializers
from rest_framework import serializers
from rest_framework.exceptions import ErrorDetail

from accounts.models import LoginSession, SecurityEvent, UserProfile
from accounts.services import email_taken, user_by_email


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


class UserCreateSerializer(UniqueEmailMixin, djoser_serializers.UserCreateSerializer):
    def perform_create(self, validated_data):
        try:
            return super().perform_create(validated_data)
        except IntegrityError:
            self.raise_if_email_taken(validated_data.get("email"))
            raise


class UserSerializer(UniqueEmailMixin, djoser_serializers.UserSerializer):
    def update(self, instance, validated_data):
        try:
            with transaction.atomic():
                return super().update(instance, validated_data)
        except IntegrityError:
            self.raise_if_email_taken(validated_data.get("email"), exclude=instance)
            raise


class SendEmailResetSerializer(djoser_serializers.SendEmailResetSerializer):
    """djoser's, finding the account by email whatever its case (used by reset and resend)."""

    def get_user(self, is_active=True):
        return user_by_email(email=self.data.get("email"), is_active=is_active)


class SecurityEventSerializer(serializers.ModelSerializer):
    user = serializers.CharField(source="user.username", read_only=True, default=None)

    class Meta:
        model = SecurityEvent
        fields = ["id", "type", "user", "ip", "user_agent", "created"]
        read_only_fields = fields


class SecurityEventFilterSerializer(serializers.Serializer):
    """The query parameters of the security-event list; `user` (an id) is for staff only."""

    type = serializers.ChoiceField(choices=SecurityEvent.Type.choices, required=False)
    user = serializers.IntegerField(min_value=1, required=False)


class RefreshTokenSerializer(serializers.Serializer):
    # Optional: browser apps send the refresh token in its cookie instead.
    refresh = serializers.CharField(required=False)


class TokenPairSerializer(serializers.Serializer):
    access = serializers.CharField()
    refresh = serializers.CharField()


class LoginSessionSerializer(serializers.ModelSerializer):
    current = serializers.SerializerMethodField()

    class Meta:
        model = LoginSession
        fields = ["id", "created_at", "last_refreshed_at", "user_agent", "ip_address", "current"]

    def get_current(self, session) -> bool:
        return str(session.pk) == self.context["current_session_id"]


class VerifyTokenSerializer(serializers.Serializer):
    token = serializers.CharField()
