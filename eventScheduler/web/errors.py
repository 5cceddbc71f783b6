"""Errors on the wire: every error is a JSON body with at least `detail` and `code`.

Validation errors keep DRF's field keys at the top level (`{"location": [...]}`), which
djoser's clients already read, and add `detail` and `code` beside them.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.views import defaults
from rest_framework import exceptions
from rest_framework.views import exception_handler as drf_exception_handler


def exception_handler(exc, context):
    # DRF answers Django's own two exceptions too; convert first so their codes are known.
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(*exc.args)
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied(*exc.args)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None  # not an API error: Django's handler500 answers
    if isinstance(exc, exceptions.ValidationError):
        codes = exc.get_codes()
        if isinstance(response.data, dict):
            response.data = {"detail": "Invalid input.", "code": "invalid", **response.data}
        else:  # raised with a bare message or list of messages
            response.data = {"detail": response.data[0], "code": codes[0]}
    elif isinstance(response.data, dict) and "detail" in response.data:
        response.data.setdefault("code", exc.get_codes())
    return response


def _json_error(status_code, detail, code):
    return JsonResponse({"detail": detail, "code": code}, status=status_code)


def _is_admin(request):
    return request.path_info.startswith("/admin/")


def bad_request(request, exception):
    if _is_admin(request):
        return defaults.bad_request(request, exception)
    return _json_error(400, "Bad request.", "bad_request")


def permission_denied(request, exception):
    if _is_admin(request):
        return defaults.permission_denied(request, exception)
    return _json_error(
        403, "You do not have permission to perform this action.", "permission_denied"
    )


def page_not_found(request, exception):
    if _is_admin(request):
        return defaults.page_not_found(request, exception)
    return _json_error(404, "Not found.", "not_found")


def server_error(request):
    if _is_admin(request):
        return defaults.server_error(request)
    return _json_error(500, "A server error occurred.", "server_error")
