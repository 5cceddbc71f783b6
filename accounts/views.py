from djoser import views as djoser_views
from rest_framework import generics, permissions

from accounts.models import UserProfile
from accounts.permissions import IsOwnerProfileOrReadOnly
from accounts.serializers import UserProfileSerializer
from accounts.services import profile_create


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
