"""Every answer the suite's tests get is held to the published OpenAPI schema.

The root conftest wraps Django's test client (DRF's APIClient goes through it), and live.py's
`http` checks each reply over a real socket (live servers, gunicorn), so that each response to
a documented operation is validated with openapi-core against the schema that
/api/schema/ serves: its status must be documented, its body and content type must match. A
serializer change that breaks the published contract fails the test that made the request.
Requests to paths or methods the schema does not document (the admin, health probes, the docs
pages, an OPTIONS) are not API operations and pass unchecked, and so does the https redirect of
a plain-HTTP request in production mode.
"""

import json
import threading
from collections import Counter
from functools import cache, wraps
from types import SimpleNamespace
from urllib.parse import urlsplit

from django.test import Client
from django.urls import Resolver404, resolve
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from openapi_core import Config, OpenAPI
from openapi_core.contrib.django import DjangoOpenAPIRequest, DjangoOpenAPIResponse
from openapi_core.datatypes import RequestParameters
from openapi_core.testing import MockResponse

# Responses checked, by operation ("GET /auth/users/me/"), over this process's run.
CHECKED = Counter()


# drf-spectacular's generator is not thread-safe, and tests send requests from threads.
_building = threading.Lock()


@cache
def _built():
    document = SchemaGenerator().get_schema(request=None, public=True)
    schema = json.loads(OpenApiJsonRenderer().render(document, renderer_context={}))
    # The schema itself is validated by `make lint` and test_schema.py; not once per worker.
    return schema, OpenAPI.from_dict(schema, config=Config(spec_validator_cls=None))


def published_schema():
    """The schema as /api/schema/?format=json serves it, as plain JSON data."""
    with _building:
        return _built()[0]


def _openapi():
    with _building:
        return _built()[1]


class _Request(DjangoOpenAPIRequest):
    """The request Django handled (or its route and path), as openapi-core reads one.

    Its operation is the route Django resolved (so `/profile/me/` is never taken for
    `/profile/{id}/`), and its path is the one after the optional trailing slash was added.
    Response validation reads neither its body nor its parameters.
    """

    # The schema names no server; the Host header (maybe a disallowed one) plays no part.
    host_url = "http://testserver"

    def __init__(self, request):
        self.request = request
        self.parameters = RequestParameters()

    @property
    def path_pattern(self):
        pattern = super().path_pattern
        # drf-spectacular publishes `<int:pk>` as `{id}` (SCHEMA_COERCE_PATH_PK).
        return pattern and pattern.replace("{pk}", "{id}")

    @property
    def documented(self):
        """Whether the route Django resolved is an operation of the schema."""
        operations = published_schema()["paths"].get(self.path_pattern or "", {})
        return self.method in operations

    @property
    def path(self):
        return self.request.path_info

    @property
    def body(self):
        return None

    @property
    def content_type(self):
        return ""


def check(response):
    """Raise AssertionError when `response` answers a documented operation off the schema."""
    request = getattr(response, "wsgi_request", None)
    if request is None or _redirected_to_https(response.status_code, response.get("Location")):
        return
    _validate(request, DjangoOpenAPIResponse(response))


def check_reply(method, url, reply):
    """The same for a reply over a real socket (eventScheduler/tests/live.py's `http`)."""
    headers = {name.lower(): value for name, value in reply.headers.items()}
    if _redirected_to_https(reply.status, headers.get("location")):
        return
    path = urlsplit(url).path
    try:
        match = resolve(path)
    except Resolver404:
        return
    request = SimpleNamespace(method=method.upper(), path_info=path, resolver_match=match)
    content_type = headers.get("content-type", "")
    _validate(request, MockResponse(reply.body, reply.status, reply.headers, content_type))


def _validate(request, response):
    operation = _Request(request)
    if not operation.documented:
        return
    CHECKED[f"{request.method} {operation.path_pattern}"] += 1
    try:
        _openapi().validate_response(operation, response)
    except Exception as exc:
        raise AssertionError(
            f"{request.method} {request.path_info} answered {response.status_code} off the "
            f"published schema: {_reason(exc)}\nbody: {response.data[:500]!r}"
        ) from exc


def _redirected_to_https(status, location):
    # SECURE_SSL_REDIRECT: plain HTTP reaches no operation; the schema describes the https API.
    return status == 301 and (location or "").startswith("https://")


def _reason(exc):
    reasons = [str(exc)]
    for error in getattr(exc, "schema_errors", ()) or ():
        reasons.append(f"{list(error.path)}: {error.message}")
    cause = exc.__cause__
    if cause is not None:
        reasons.append(_reason(cause))
    return "; ".join(reasons)


def checked_request(request):
    """Client.request, with each response checked against the schema."""

    @wraps(request)
    def request_and_check(self, **kwargs):
        response = request(self, **kwargs)
        check(response)
        return response

    return request_and_check


def summary():
    """The line the test output ends with: how much of the schema the suite's answers held to."""
    documented = {
        f"{method.upper()} {path}"
        for path, operations in published_schema()["paths"].items()
        for method in operations
    }
    line = (
        f"schema contract: {sum(CHECKED.values())} responses checked, "
        f"{len(CHECKED)} of {len(documented)} operations"
    )
    if unreached := sorted(documented - set(CHECKED)):
        line += f" (none of {', '.join(unreached)})"
    return line


def install(monkeypatch):
    monkeypatch.setattr(Client, "request", checked_request(Client.request))
