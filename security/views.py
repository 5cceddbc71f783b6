from drf_spectacular.utils import extend_schema
from rest_framework import generics

from security.models import SecurityEvent
from security.serializers import SecurityEventFilterSerializer, SecurityEventSerializer


@extend_schema(
    summary="My security events",
    description="Logins, logouts, password and email changes, refused attempts and the like, "
    "newest first: your own, or everyone's for staff. A bad `type` or `user` is a 400 naming it.",
    parameters=[SecurityEventFilterSerializer],
)
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
