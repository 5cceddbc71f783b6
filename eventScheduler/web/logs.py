"""Log format and setup: JSON lines in production, readable lines in development.

`logging_config()` is the one logging setup, used by Django's LOGGING and by gunicorn's
config, so the application's lines and gunicorn's access lines share a format. This module
is imported by settings.py, so it imports nothing that reads Django settings.
"""

import contextvars
import logging
from collections.abc import Mapping

from pythonjsonlogger.core import RESERVED_ATTRS
from pythonjsonlogger.json import JsonFormatter as BaseJsonFormatter

NO_REQUEST = "-"
# The id of the request being served; eventScheduler.web.request_id sets and clears it.
request_id = contextvars.ContextVar("request_id", default=NO_REQUEST)


class RequestIdFilter(logging.Filter):
    """Stamp every record with the id of the request being served ("-" outside a request)."""

    def filter(self, record):
        record.request_id = request_id.get()
        return True


class JsonFormatter(BaseJsonFormatter):
    """One JSON object a line; gunicorn's access records become fields instead of a sentence."""

    def __init__(self, **kwargs):
        super().__init__(
            "%(levelname)s %(name)s %(message)s %(request_id)s",
            rename_fields={"levelname": "level", "name": "logger"},
            # Django attaches the request object to its records; its repr holds the query string.
            reserved_attrs=[*RESERVED_ATTRS, "request"],
            timestamp=True,
            **kwargs,
        )

    def add_fields(self, log_data, record, message_dict):
        super().add_fields(log_data, record, message_dict)
        if record.name == "gunicorn.access" and isinstance(record.args, Mapping):
            atoms = record.args
            log_data.update(
                message="request",
                request_id=atoms["{x-request-id}o"],
                method=atoms["m"],
                path=atoms["U"],
                status=int(atoms["s"]),
                bytes=atoms["B"],
                duration_ms=atoms["M"],
                client_ip=atoms["h"],
                user_agent=atoms["a"],
            )


TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"
# gunicorn's access line in text mode (JSON mode takes the same values as fields).
ACCESS_LOG_FORMAT = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms "%(a)s" request_id=%({x-request-id}o)s'


def logging_config(*, json_lines, level="INFO"):
    """dictConfig for the app and for gunicorn: diagnostics on stderr, access lines on stdout."""
    formatter = {"()": JsonFormatter} if json_lines else {"format": TEXT_FORMAT}

    def stream(name):
        return {
            "class": "logging.StreamHandler",
            "stream": f"ext://sys.{name}",
            "formatter": "main",
            "filters": ["request_id"],
        }

    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": RequestIdFilter}},
        "formatters": {"main": formatter},
        "handlers": {"stderr": stream("stderr"), "stdout": stream("stdout")},
        "root": {"handlers": ["stderr"], "level": level},
        "loggers": {
            # Django's own console handler would print each line a second time.
            "django": {"handlers": [], "level": level, "propagate": True},
            "gunicorn.error": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
            "gunicorn.access": {"handlers": ["stdout"], "level": "INFO", "propagate": False},
        },
    }
