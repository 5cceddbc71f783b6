"""/auth/jwt/*, /auth/csrf/ and /auth/sessions/*: tokens and login sessions.

POST /auth/jwt/create/ is routed by mfa.urls: its LoginView extends views.LoginView with the
second-factor step, and this app may not import the one above it.
"""

from django.urls import path

from logins import views

urlpatterns = [
    path("jwt/refresh/", views.RefreshView.as_view(), name="jwt-refresh"),
    path("jwt/verify/", views.VerifyView.as_view(), name="jwt-verify"),
    path("jwt/logout/", views.LogoutView.as_view(), name="jwt-logout"),
    path("jwt/logout-all/", views.LogoutAllView.as_view(), name="jwt-logout-all"),
    path("csrf/", views.CsrfTokenView.as_view(), name="csrf"),
    path("sessions/", views.LoginSessionListView.as_view(), name="session-list"),
    path("sessions/<uuid:pk>/", views.LoginSessionDetailView.as_view(), name="session-detail"),
]
