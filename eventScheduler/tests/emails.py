"""Reading the account emails the tests receive."""

import re

from django.conf import settings


def frontend_link(body, setting):
    """The uid and token of the frontend link built from DJOSER[setting] in an email body."""
    djoser = settings.DJOSER
    base = f"{djoser['EMAIL_FRONTEND_PROTOCOL']}://{djoser['EMAIL_FRONTEND_DOMAIN']}/"
    pattern = re.escape(base + djoser[setting]).replace(r"\{uid\}", "(?P<uid>[\\w-]+)")
    pattern = pattern.replace(r"\{token\}", "(?P<token>[\\w-]+)")
    match = re.search(pattern, body)
    assert match, f"no {setting} link in:\n{body}"
    return match["uid"], match["token"]
