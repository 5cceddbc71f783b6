"""The project's routes plus reference views the API's endpoints are measured against.

`/bench/bare/` is a plain Django view returning constant JSON through the same middleware: the
ceiling. The others add one layer of GET /auth/users/me/'s stack at a time, to show where its
cost comes from: DRF's dispatch (`/bench/drf/`), then checking the access token without the
database (`/bench/token/`), then simplejwt's stock user lookup, one query (`/bench/token-user/`).
"""

from django.http import JsonResponse
from django.urls import include, path
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework_simplejwt.authentication import (
    JWTAuthentication,
    JWTStatelessUserAuthentication,
)

from eventScheduler.urls import handler400, handler403, handler404, handler500  # noqa: F401


def bare(request):
    return JsonResponse({"status": "ok"})


class DrfView(APIView):
    authentication_classes = ()
    permission_classes = ()

    def get(self, request):
        return Response({"status": "ok"})


class TokenCheckedView(DrfView):
    authentication_classes = (JWTStatelessUserAuthentication,)
    permission_classes = (IsAuthenticated,)


class TokenUserView(TokenCheckedView):
    authentication_classes = (JWTAuthentication,)


urlpatterns = [
    path("bench/bare/", bare),
    path("bench/drf/", DrfView.as_view()),
    path("bench/token/", TokenCheckedView.as_view()),
    path("bench/token-user/", TokenUserView.as_view()),
    path("", include("eventScheduler.urls")),
]
