"""A password reset over a real SMTP conversation with a local server (aiosmtpd)."""

import email
import email.policy
import socket

import pytest
from aiosmtpd.controller import Controller
from django.urls import reverse

from eventScheduler.tests.emails import frontend_link

RESET = "/auth/users/reset_password/"
CONFIRM = "/auth/users/reset_password_confirm/"


class Inbox:
    """An aiosmtpd handler that keeps every message it is sent."""

    def __init__(self):
        self.envelopes = []

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server on a free 127.0.0.1 port, with Django's SMTP backend pointed at it."""
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = controller.hostname, controller.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    yield inbox
    controller.stop()


def test_a_reset_link_received_over_smtp_sets_a_password_that_logs_in(anon, alice, smtp_server):
    assert anon.post(RESET, {"email": "ALICE@example.com"}).status_code == 204

    [envelope] = smtp_server.envelopes
    assert envelope.rcpt_tos == ["alice@example.com"]
    message = email.message_from_bytes(envelope.content, policy=email.policy.default)
    assert message["To"] == "alice@example.com"
    assert message["Subject"] == "Password reset on eventScheduler"
    body = message.get_body(preferencelist=("plain",)).get_content()
    uid, token = frontend_link(body, "PASSWORD_RESET_CONFIRM_URL")

    confirm = anon.post(CONFIRM, {"uid": uid, "token": token, "new_password": "mailed-passphrase"})
    assert confirm.status_code == 204
    login = anon.post(reverse("jwt-create"), {"username": "alice", "password": "mailed-passphrase"})
    assert login.status_code == 200
    assert set(login.json()) == {"access", "refresh"}
