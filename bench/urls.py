"""The project's routes plus `/bench/bare/`: a plain Django view returning constant JSON through
the same middleware, the ceiling the API's endpoints are measured against."""

from django.http import JsonResponse
from django.urls import include, path

from eventScheduler.urls import handler400, handler403, handler404, handler500  # noqa: F401


def bare(request):
    return JsonResponse({"status": "ok"})


urlpatterns = [
    path("bench/bare/", bare),
    path("", include("eventScheduler.urls")),
]
