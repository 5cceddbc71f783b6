from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

from eventScheduler.web import health

urlpatterns = [
    path("admin/", admin.site.urls),
    path("auth/", include("accounts.auth_urls")),
    path("auth/", include("logins.urls")),
    path("auth/", include("mfa.urls")),
    path("api/accounts/", include("accounts.urls")),
    path("api/accounts/", include("security.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path(
        "api/docs/",
        health.documentation_page(SpectacularSwaggerView).as_view(url_name="schema"),
        name="swagger-ui",
    ),
    path(
        "api/redoc/",
        health.documentation_page(SpectacularRedocView).as_view(url_name="schema"),
        name="redoc",
    ),
    # Load-balancer probes: no authentication, exempt from the HTTPS redirect.
    path("health/live/", health.live, name="health-live"),
    path("health/ready/", health.ready, name="health-ready"),
]

handler400 = "eventScheduler.web.errors.bad_request"
handler403 = "eventScheduler.web.errors.permission_denied"
handler404 = "eventScheduler.web.errors.page_not_found"
handler500 = "eventScheduler.web.errors.server_error"
