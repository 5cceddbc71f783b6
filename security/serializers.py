from rest_framework import serializers

from security.models import SecurityEvent


class SecurityEventSerializer(serializers.ModelSerializer):
    user = serializers.CharField(
        source="user.username",
        read_only=True,
        default=None,
        allow_null=True,
        help_text="The account's username; null for a failed login under an unknown name "
        "and for an account deleted since.",
    )

    class Meta:
        model = SecurityEvent
        fields = ["id", "type", "user", "ip", "user_agent", "scope", "created"]
        read_only_fields = fields


class SecurityEventFilterSerializer(serializers.Serializer):
    """The query parameters of the security-event list; `user` (an id) is for staff only."""

    type = serializers.ChoiceField(
        choices=SecurityEvent.Type.choices, required=False, help_text="Only events of this type."
    )
    user = serializers.IntegerField(
        min_value=1,
        required=False,
        help_text="Staff only: the events of the account with this id (others see only theirs).",
    )
