from rest_framework import generics

from security.models import SecurityEvent
from security.serializers import SecurityEventFilterSerializer, SecurityEventSerializer


class SecurityEventListView(generics.ListAPIView):
    """The caller's own security events, newest first; staff see everyone's.

    `?type=` filters by event type; staff may add `?user=<id>`.
    """

    serializer_class = SecurityEventSerializer

    def get_queryset(self):
        filters = SecurityEventFilterSerializer(data=self.request.query_params)
        filters.is_valid(raise_exception=True)
        events = SecurityEvent.objects.select_related("user")
        if not self.request.user.is_staff:
            events = events.filter(user=self.request.user)
        elif "user" in filters.validated_data:
            events = events.filter(user_id=filters.validated_data["user"])
        if "type" in filters.validated_data:
            events = events.filter(type=filters.validated_data["type"])
        return events
