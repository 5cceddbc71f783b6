"""The /auth/ routes: djoser's user endpoints (through our subclass) and simplejwt's tokens."""

from django.urls import path
from rest_framework.routers import SimpleRouter
from rest_framework_simplejwt import views as jwt_views

from accounts.views import UserViewSet

router = SimpleRouter()
router.register("users", UserViewSet)

urlpatterns = [
    *router.urls,
    path("jwt/create/", jwt_views.TokenObtainPairView.as_view(), name="jwt-create"),
    path("jwt/refresh/", jwt_views.TokenRefreshView.as_view(), name="jwt-refresh"),
    path("jwt/verify/", jwt_views.TokenVerifyView.as_view(), name="jwt-verify"),
]
