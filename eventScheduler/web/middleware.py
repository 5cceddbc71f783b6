from django.urls import get_urlconf, is_valid_path


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
