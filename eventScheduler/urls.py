from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("auth/", include("accounts.auth_urls")),
    path("api/accounts/", include("accounts.urls")),
]

handler400 = "accounts.exceptions.bad_request"
handler403 = "accounts.exceptions.permission_denied"
handler404 = "accounts.exceptions.page_not_found"
handler500 = "accounts.exceptions.server_error"
