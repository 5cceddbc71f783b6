"""Every request has an id: the client's `X-Request-ID` when it is safe, else a new one."""

import logging
import re

import pytest
from django.urls import reverse

from eventScheduler.web.logs import RequestIdFilter

LIVE = reverse("health-live")


def test_an_id_is_made_when_none_is_sent(anon):
    first = anon.get(LIVE)["X-Request-ID"]
    second = anon.get(LIVE)["X-Request-ID"]

    assert re.fullmatch(r"[0-9a-f]{32}", first)
    assert first != second


@pytest.mark.parametrize(
    "sent",
    ["abc-123", "0b7c2e3a-4f1d-4c55-9a7e-1f2d3c4b5a69", "Root=1-67891233:a.b_c/d+e", "x" * 128],
)
def test_a_safe_id_from_the_client_is_kept(anon, sent):
    assert anon.get(LIVE, HTTP_X_REQUEST_ID=sent)["X-Request-ID"] == sent


@pytest.mark.parametrize(
    "sent",
    ["x" * 129, "two words", 'quote"d', "new\nline", "<script>", "semi;colon", "ümlaut", ""],
)
def test_an_unsafe_id_is_replaced(anon, sent):
    returned = anon.get(LIVE, HTTP_X_REQUEST_ID=sent)["X-Request-ID"]

    assert re.fullmatch(r"[0-9a-f]{32}", returned)


def test_error_answers_carry_the_id_too(anon, db):
    response = anon.get("/api/nowhere/", HTTP_X_REQUEST_ID="lost-1")

    assert response.status_code == 404
    assert response["X-Request-ID"] == "lost-1"


def test_log_lines_of_a_request_carry_its_id(anon, alice, caplog):
    caplog.handler.addFilter(RequestIdFilter())

    with caplog.at_level(logging.WARNING):
        anon.get("/auth/users/me/", HTTP_X_REQUEST_ID="trace-me")

    assert {record.name for record in caplog.records} == {"accounts.auth", "django.request"}
    assert {record.request_id for record in caplog.records} == {"trace-me"}


def test_lines_logged_outside_a_request_have_no_id(anon, caplog):
    caplog.handler.addFilter(RequestIdFilter())
    anon.get(LIVE, HTTP_X_REQUEST_ID="over-now")

    logging.getLogger("accounts").warning("between requests")

    assert caplog.records[-1].request_id == "-"
