from django.urls import path

from security import views

urlpatterns = [
    path("security-events/", views.SecurityEventListView.as_view(), name="security-events"),
]
