from django.db import transaction
from djoser import views as djoser_views
from rest_framework import generics, permissions
from rest_framework.decorators import action

from accounts.models import LoginSession, UserProfile
from accounts.permissions import IsOwnerProfileOrReadOnly
from accounts.serializers import UserProfileSerializer
from accounts.services import profile_create
from accounts.tokens import current_session_id, sessions_revoke


class UserProfileListCreateView(generics.ListCreateAPIView):
    queryset = UserProfile.objects.select_related("user")
    serializer_class = UserProfileSerializer

    def perform_create(self, serializer):
        serializer.instance = profile_create(user=self.request.user, **serializer.validated_data)


class UserProfileDetailView(generics.RetrieveUpdateDestroyAPIView):
    queryset = UserProfile.objects.select_related("user")
    serializer_class = UserProfileSerializer
    permission_classes = [permissions.IsAuthenticated, IsOwnerProfileOrReadOnly]


class UserViewSet(djoser_views.UserViewSet):
    """djoser's /auth/users/ endpoints; the project's additions to them go here."""

    # Redeclared with djoser's own arguments: an override without @action is no route.
    @action(["post"], detail=False)
    def set_password(self, request, *args, **kwargs):
        with transaction.atomic():
            response = super().set_password(request, *args, **kwargs)
            sessions_revoke(
                user=request.user,
                reason=LoginSession.RevokedReason.PASSWORD_CHANGED,
                keep=current_session_id(request),
            )
        return response

    def perform_destroy(self, instance):
        sessions_revoke(user=instance, reason=LoginSession.RevokedReason.ACCOUNT_DELETED)
        super().perform_destroy(instance)
