"""Whether this app server can serve: probes for a load balancer, and 503s while it cannot.

The probes are plain Django views, not DRF ones: no authentication, no throttling, no
content negotiation, so a load balancer can call them every second for next to nothing.
"""

import logging

from django.core.cache import cache
from django.db import InterfaceError, OperationalError, connection
from django.http import JsonResponse
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

# Errors that say a backing service is down or unreachable, not that the request is wrong.
OUTAGES = (OperationalError, InterfaceError, RedisConnectionError, RedisTimeoutError)
RETRY_AFTER_SECONDS = 5


def unavailable(detail, **extra):
    response = JsonResponse({"detail": detail, "code": "service_unavailable", **extra}, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def _probe(view):
    def probe(request):
        if request.method not in ("GET", "HEAD"):
            response = JsonResponse(
                {"detail": f'Method "{request.method}" not allowed.', "code": "method_not_allowed"},
                status=405,
            )
            response["Allow"] = "GET, HEAD"
            return response
        response = view(request)
        response["Cache-Control"] = "no-store"
        return response

    return probe


@_probe
def live(request):
    """The process is up and answering; touches nothing else."""
    return JsonResponse({"status": "ok"})


def _database_is_up():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def _cache_is_up():
    cache.get("health:ready")


CHECKS = {"database": _database_is_up, "cache": _cache_is_up}


@_probe
def ready(request):
    """The database and the cache answer; 503 naming the ones that do not."""
    results = {}
    for name, check in CHECKS.items():
        try:
            check()
        except Exception:  # whatever breaks a dependency makes this server unready
            logger.warning("readiness check failed: %s", name, exc_info=True)
            results[name] = "unavailable"
        else:
            results[name] = "ok"
    failed = [name for name, result in results.items() if result != "ok"]
    if failed:
        return unavailable(f"Unavailable: {', '.join(failed)}.", checks=results)
    return JsonResponse({"status": "ok", "checks": results})


class ServiceUnavailableMiddleware:
    """Answer 503 JSON, not a 500, when the database or the cache cannot be reached.

    The client did nothing wrong and may retry; Django's connection handling reconnects on
    a later request once the service is back.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OUTAGES):
            return None
        logger.error("backing service unavailable", exc_info=exception)
        return unavailable("The service is temporarily unavailable; try again shortly.")
