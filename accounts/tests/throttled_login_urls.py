"""The token views with the login throttles attached, as phase 2 of issue 4 will attach them."""

from django.urls import path

from accounts import auth_views, throttles

urlpatterns = [
    path(
        "auth/jwt/create/",
        auth_views.LoginView.as_view(
            throttle_classes=[
                throttles.LoginFailureAccountThrottle,
                throttles.LoginFailureIPThrottle,
            ]
        ),
        name="jwt-create",
    ),
    path(
        "auth/jwt/refresh/",
        auth_views.RefreshView.as_view(throttle_classes=[throttles.TokenRefreshIPThrottle]),
        name="jwt-refresh",
    ),
]
