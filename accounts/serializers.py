from django.db import IntegrityError
from djoser import serializers as djoser_serializers
from rest_framework import serializers

from accounts.models import UserProfile


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


class UserCreateSerializer(djoser_serializers.UserCreateSerializer):
    """djoser's registration, answering a lost race the way validation answers a taken name."""

    def perform_create(self, validated_data):
        try:
            return super().perform_create(validated_data)
        except IntegrityError:
            # A concurrent request took the username between validation and insert; its row
            # is committed now, so validating again names the field ({"username": [...]}).
            self.run_validation(self.initial_data)
            raise
