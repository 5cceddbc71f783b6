"""The API's one request parser: JSON that every view can use as it comes.

Python's json module accepts two kinds of JSON that the rest of the stack cannot take: lone
UTF-16 surrogates ("\\ud800"), which no database can store and which crash the first encode,
and documents nested so deep that decoding them (or walking them later) overflows the stack.
Both are refused here, once for every endpoint, with the usual `parse_error` answer, and so is
a body that is not a JSON object (a number or a list), which no endpoint takes.
"""

from django.conf import settings
from rest_framework import parsers
from rest_framework.exceptions import ParseError
from rest_framework.utils import json

# No request body of this API nests beyond a handful of levels.
MAX_DEPTH = 32


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        parser_context = parser_context or {}
        encoding = parser_context.get("encoding", settings.DEFAULT_CHARSET)
        try:
            # DRF's strict loads: NaN and Infinity are not JSON either.
            data = json.loads(stream.read().decode(encoding))
        except RecursionError as exc:
            raise ParseError(f"JSON parse error - nested deeper than {MAX_DEPTH} levels.") from exc
        except ValueError as exc:
            raise ParseError(f"JSON parse error - {exc}") from exc
        if not isinstance(data, dict):
            # Every body of this API is an object; views may read it with .get().
            raise ParseError("JSON parse error - the body must be a JSON object.")
        _check(data)
        return data


def _check(data):
    """Refuse strings that are not Unicode text and nesting deeper than MAX_DEPTH (no recursion)."""
    pending = [(data, 1)]
    while pending:
        value, depth = pending.pop()
        if isinstance(value, str):
            _check_text(value)
        elif isinstance(value, (dict, list)):
            if depth > MAX_DEPTH:
                raise ParseError(f"JSON parse error - nested deeper than {MAX_DEPTH} levels.")
            if isinstance(value, dict):
                for key, item in value.items():
                    _check_text(key)
                    pending.append((item, depth + 1))
            else:
                pending.extend((item, depth + 1) for item in value)


def _check_text(text):
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise ParseError("JSON parse error - a string holds a lone UTF-16 surrogate.") from exc
