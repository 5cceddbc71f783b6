from django.urls import path

from accounts import views

urlpatterns = [
    path("all-profiles/", views.UserProfileListCreateView.as_view(), name="all-profiles"),
    path("profile/<int:pk>/", views.UserProfileDetailView.as_view(), name="profile"),
    path("security-events/", views.SecurityEventListView.as_view(), name="security-events"),
]
