"""Every answer the suite's test client gets is held to the published OpenAPI schema.

The root conftest wraps Django's test client (DRF's APIClient goes through it) so that each
response to a documented operation is validated with openapi-core against the schema that
/api/schema/ serves: its status must be documented, its body and content type must match. A
serializer change that breaks the published contract fails the test that made the request.
Requests to paths or methods the schema does not document (the admin, health probes, the docs
pages, an OPTIONS) are not API operations and pass unchecked, and so does the https redirect of
a plain-HTTP request in production mode.
"""

import json
from collections import Counter
from functools import cache, wraps

from django.test import Client
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from openapi_core import Config, OpenAPI
from openapi_core.contrib.django import DjangoOpenAPIRequest, DjangoOpenAPIResponse
from openapi_core.datatypes import RequestParameters

# Responses checked, by operation ("GET /auth/users/me/"), over this process's run.
CHECKED = Counter()


@cache
def published_schema():
    """The schema as /api/schema/?format=json serves it, as plain JSON data."""
    document = SchemaGenerator().get_schema(request=None, public=True)
    return json.loads(OpenApiJsonRenderer().render(document, renderer_context={}))


@cache
def _openapi():
    # The schema itself is validated by `make lint` and test_schema.py; not once per worker.
    return OpenAPI.from_dict(published_schema(), config=Config(spec_validator_cls=None))


class _Request(DjangoOpenAPIRequest):
    """The request Django handled, as openapi-core reads one.

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


def check(response):
    """Raise AssertionError when `response` answers a documented operation off the schema."""
    request = getattr(response, "wsgi_request", None)
    if request is None or _redirected_to_https(response):
        return
    operation = _Request(request)
    if not operation.documented:
        return
    CHECKED[f"{request.method} {operation.path_pattern}"] += 1
    try:
        _openapi().validate_response(operation, DjangoOpenAPIResponse(response))
    except Exception as exc:
        raise AssertionError(
            f"{request.method} {request.path_info} answered {response.status_code} off the "
            f"published schema: {_reason(exc)}\nbody: {response.content[:500]!r}"
        ) from exc


def _redirected_to_https(response):
    # SECURE_SSL_REDIRECT: plain HTTP reaches no operation; the schema describes the https API.
    return response.status_code == 301 and response.get("Location", "").startswith("https://")


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
