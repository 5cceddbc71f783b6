"""The /auth/ routes: djoser's user endpoints (through our subclass), tokens and sessions."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from accounts import auth_views
from accounts.views import UserViewSet
from mfa import views as mfa_views

router = SimpleRouter()
router.register("users", UserViewSet)

urlpatterns = [
    *router.urls,
    # The login with its second-factor step (mfa.views.LoginView extends auth_views.LoginView).
    path("jwt/create/", mfa_views.LoginView.as_view(), name="jwt-create"),
    path("jwt/refresh/", auth_views.RefreshView.as_view(), name="jwt-refresh"),
    path("jwt/verify/", auth_views.VerifyView.as_view(), name="jwt-verify"),
    path("jwt/logout/", auth_views.LogoutView.as_view(), name="jwt-logout"),
    path("jwt/logout-all/", auth_views.LogoutAllView.as_view(), name="jwt-logout-all"),
    path("csrf/", auth_views.CsrfTokenView.as_view(), name="csrf"),
    path("sessions/", auth_views.LoginSessionListView.as_view(), name="session-list"),
    path("sessions/<uuid:pk>/", auth_views.LoginSessionDetailView.as_view(), name="session-detail"),
]
