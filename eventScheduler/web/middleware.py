from django.conf import settings
from django.core.exceptions import MiddlewareNotUsed
from django.http import Http404
from django.urls import get_urlconf, is_valid_path

from eventScheduler.web.errors import page_not_found


class OptionalTrailingSlashMiddleware:
    """Serve `/path` as `/path/` when only the slashed form is a route.

    Django's APPEND_SLASH answers with a redirect, and clients re-send a redirected POST
    as a GET without its body; rewriting the path in place keeps method and body.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info
        if not path.endswith("/"):
            urlconf = getattr(request, "urlconf", None) or get_urlconf()
            if not is_valid_path(path, urlconf) and is_valid_path(f"{path}/", urlconf):
                request.path_info = f"{path}/"
        return self.get_response(request)


class JsonNotFoundInDebugMiddleware:
    """In debug, an unknown path under /api/ or /auth/ gets the API's JSON 404 too.

    Without debug Django calls handler404, which answers JSON already; with it Django shows
    its HTML page listing every URL pattern, which no API client can read.
    """

    def __init__(self, get_response):
        if not settings.DEBUG:
            raise MiddlewareNotUsed
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info
        if path.startswith(("/api/", "/auth/")):
            urlconf = getattr(request, "urlconf", None) or get_urlconf()
            if not is_valid_path(path, urlconf):
                return page_not_found(request, Http404(path))
        return self.get_response(request)
