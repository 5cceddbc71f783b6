from django.urls import path

from accounts import views

urlpatterns = [
    path("all-profiles/", views.UserProfileListCreateView.as_view(), name="all-profiles"),
    path("profile/me/", views.MyProfileView.as_view(), name="profile-me"),
    path("profile/<int:pk>/", views.UserProfileDetailView.as_view(), name="profile"),
]
