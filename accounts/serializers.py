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
