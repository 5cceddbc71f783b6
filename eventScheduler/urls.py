from django.contrib import admin
from django.urls import include, path

from accounts import health

urlpatterns = [
    path("admin/", admin.site.urls),
    path("auth/", include("accounts.auth_urls")),
    path("api/accounts/", include("accounts.urls")),
    # Load-balancer probes: no authentication, exempt from the HTTPS redirect.
    path("health/live/", health.live, name="health-live"),
    path("health/ready/", health.ready, name="health-ready"),
]

handler400 = "accounts.exceptions.bad_request"
handler403 = "accounts.exceptions.permission_denied"
handler404 = "accounts.exceptions.page_not_found"
handler500 = "accounts.exceptions.server_error"
