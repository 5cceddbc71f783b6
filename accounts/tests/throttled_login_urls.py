"""The token views with the login throttles attached, as phase 2 of issue 4 will attach them."""

from django.urls import path
from rest_framework_simplejwt import views as jwt_views

from accounts import throttles

urlpatterns = [
    path(
        "auth/jwt/create/",
        jwt_views.TokenObtainPairView.as_view(
            throttle_classes=[
                throttles.LoginFailureAccountThrottle,
                throttles.LoginFailureIPThrottle,
            ]
        ),
        name="jwt-create",
    ),
    path(
        "auth/jwt/refresh/",
        jwt_views.TokenRefreshView.as_view(throttle_classes=[throttles.TokenRefreshIPThrottle]),
        name="jwt-refresh",
    ),
]
