"""A request id for every request: logged with each line, returned in `X-Request-ID`."""

import logging
import re
import uuid
from collections.abc import Mapping

from django.core.signals import request_finished
from django.dispatch import receiver
from rest_framework.throttling import BaseThrottle

from eventScheduler.web.logs import NO_REQUEST, request_id

HEADER = "X-Request-ID"
# Ids a client or proxy may hand us: short, and nothing that could forge a log line or a header.
VALID = re.compile(r"[A-Za-z0-9._:+/=-]{1,128}")

auth_logger = logging.getLogger("accounts.auth")


class RequestIdMiddleware:
    """Take the client's `X-Request-ID` when it is valid, else make one; log with it, return it.

    Also logs each authentication failure (401): method, path, error code and client IP,
    never a credential.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        sent = request.headers.get(HEADER, "")
        current = sent if VALID.fullmatch(sent) else uuid.uuid4().hex
        # Kept until the response is closed: Django logs 4xx answers after every middleware.
        request_id.set(current)
        response = self.get_response(request)
        if response.status_code == 401:
            _log_auth_failure(request, response)
        response[HEADER] = current
        return response


@receiver(request_finished, dispatch_uid="eventScheduler.web.request_id.forget")
def _forget_request_id(sender, **kwargs):
    request_id.set(NO_REQUEST)


def _log_auth_failure(request, response):
    data = getattr(response, "data", None)
    auth_logger.warning(
        "authentication failed",
        extra={
            "method": request.method,
            "path": request.path,
            "status": response.status_code,
            "code": data.get("code") if isinstance(data, Mapping) else None,
            "client_ip": BaseThrottle().get_ident(request),
        },
    )
