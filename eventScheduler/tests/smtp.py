"""A real SMTP server for the delivery tests (aiosmtpd on 127.0.0.1), that can also refuse
recipients or hold a conversation until the test lets it go."""

import asyncio
import email
import email.policy
import threading
import time
from contextlib import contextmanager

from aiosmtpd.controller import Controller


class Inbox:
    """Keeps every message accepted. `refuse` answers RCPT with that reply; `hold()` stops
    each conversation at RCPT until `release()`, then refuses it with a 451 (or, with
    `hold(accept=True)`, goes on as usual)."""

    def __init__(self):
        self.messages = []
        self.refuse = None
        self.delay = 0  # seconds each message takes to be accepted, as a busy server's would
        self.held = threading.Event()
        self._hold = None
        self._accept_held = False

    def hold(self, *, accept=False):
        self._hold = threading.Event()
        self._accept_held = accept

    def release(self):
        self._hold.set()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self._hold is not None and not self._hold.is_set():
            self.held.set()
            while not self._hold.is_set():
                await asyncio.sleep(0.05)
            if not self._accept_held:
                return "451 4.3.0 Try again later"
        if self.refuse:
            return self.refuse
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        await asyncio.sleep(self.delay)
        self.messages.append(
            email.message_from_bytes(envelope.content, policy=email.policy.default)
        )
        return "250 Message accepted for delivery"

    def wait_for(self, count, timeout=30):
        """The messages, once at least `count` have arrived."""
        deadline = time.monotonic() + timeout
        while len(self.messages) < count:
            assert time.monotonic() < deadline, f"{len(self.messages)} of {count} emails arrived"
            time.sleep(0.1)
        return self.messages


@contextmanager
def smtp_server(port, inbox=None):
    inbox = inbox or Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield inbox
    finally:
        controller.stop()


def text_of(message):
    return message.get_body(preferencelist=("plain",)).get_content()
