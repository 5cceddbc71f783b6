from rest_framework import serializers

from logins.models import LoginSession


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
