"""Delivery for real: the API on gunicorn enqueues, `manage.py db_worker` processes send over
SMTP to aiosmtpd. The mail server down, a worker killed mid-task, two workers on one queue.

On PostgreSQL (CI's second pass) they share the test database; on SQLite a file of their own.
"""

import json
import re
import signal
import time

import pytest

from eventScheduler.tests.emails import frontend_link
from eventScheduler.tests.live import postgresql_only
from eventScheduler.tests.smtp import Inbox, smtp_server, text_of
from notifications.tests.deployment import deployment, wait_until

pytestmark = pytest.mark.django_db(transaction=True)

RESET = "/auth/users/reset_password/"
CONFIRM = "/auth/users/reset_password_confirm/"


@pytest.fixture
def tmp(tmp_path, django_db_setup):
    return tmp_path


def login_status(api, username, password):
    return api.post("/auth/jwt/create/", {"username": username, "password": password}).status


def test_the_worker_sends_a_reset_link_that_sets_a_new_password(tmp):
    with deployment(tmp) as stack, smtp_server(int(stack.env["EMAIL_PORT"])) as inbox:
        stack.register("carol", "carol@example.com")

        assert stack.api.post(RESET, {"email": "Carol@Example.com"}).status == 204

        [message] = inbox.wait_for(1)
        assert message["To"] == "carol@example.com"
        assert message["Subject"] == "Password reset on eventScheduler"
        assert message.get_body(preferencelist=("html",)) is not None
        uid, token = frontend_link(text_of(message), "PASSWORD_RESET_CONFIRM_URL")
        confirm = stack.api.post(
            CONFIRM, {"uid": uid, "token": token, "new_password": "mailed-phrase"}
        )
        assert confirm.status == 204
        assert login_status(stack.api, "carol", "mailed-phrase") == 200
        # The password-changed notice follows, without a link that carries a token.
        [_, notice] = inbox.wait_for(2)
        assert notice["Subject"] == "Your eventScheduler password was changed"
        assert uid not in text_of(notice)


def test_the_activation_link_from_the_worker_activates_the_account(tmp):
    with (
        deployment(tmp, SEND_ACTIVATION_EMAIL="1") as stack,
        smtp_server(int(stack.env["EMAIL_PORT"])) as inbox,
    ):
        stack.register("dave", "dave@example.com")
        assert login_status(stack.api, "dave", "a-long-passphrase") == 401

        [message] = inbox.wait_for(1)
        uid, token = frontend_link(text_of(message), "ACTIVATION_URL")

        assert stack.api.post("/auth/users/activation/", {"uid": uid, "token": token}).status == 204
        assert login_status(stack.api, "dave", "a-long-passphrase") == 200


def test_an_email_change_sends_a_working_link_to_the_new_address_and_a_notice_to_the_old(tmp):
    with deployment(tmp) as stack, smtp_server(int(stack.env["EMAIL_PORT"])) as inbox:
        stack.register("judy", "judy@example.com")
        tokens = stack.api.login("judy", "a-long-passphrase")
        change = {"current_password": "a-long-passphrase", "new_email": "judy@example.net"}

        assert (
            stack.api.post("/auth/users/set_email/", change, token=tokens["access"]).status == 202
        )

        messages = {m["To"]: m for m in inbox.wait_for(2)}
        assert set(messages) == {"judy@example.com", "judy@example.net"}
        assert "judy@example.net" in text_of(messages["judy@example.com"])
        link = re.search(r"email-change/([\w-]+)/([\w-]+)", text_of(messages["judy@example.net"]))
        confirm = {"uid": link[1], "token": link[2]}
        assert stack.api.post("/auth/users/set_email_confirm/", confirm).status == 204
        me = stack.api.get("/auth/users/me/", token=tokens["access"])
        assert me.json()["email"] == "judy@example.net"


def test_a_sign_in_from_a_new_device_is_noticed(tmp):
    with (
        deployment(tmp, NOTIFY_NEW_LOGIN="1") as stack,
        smtp_server(int(stack.env["EMAIL_PORT"])) as inbox,
    ):
        stack.register("erin", "erin@example.com")
        credentials = {"username": "erin", "password": "a-long-passphrase"}
        assert (
            stack.api.post(
                "/auth/jwt/create/", credentials, headers={"User-Agent": "Laptop/1"}
            ).status
            == 200
        )
        assert (
            stack.api.post(
                "/auth/jwt/create/", credentials, headers={"User-Agent": "Phone/2"}
            ).status
            == 200
        )

        [message] = inbox.wait_for(1)
        assert message["Subject"] == "A new sign-in to your eventScheduler account"
        assert "Phone/2" in text_of(message)


def test_with_the_mail_server_down_the_api_answers_and_the_email_goes_out_once_it_is_back(tmp):
    with deployment(tmp, EMAIL_RETRY_DELAYS="1,1,1,1") as stack:
        stack.register("frank", "frank@example.com")

        reply = stack.api.post(RESET, {"email": "frank@example.com"})
        unknown = stack.api.post(RESET, {"email": "nobody@example.com"})

        assert (reply.status, reply.body) == (unknown.status, unknown.body) == (204, b"")
        worker = stack.workers[0]
        wait_until(lambda: "retried by task" in worker.log(), message="a failed attempt")
        with smtp_server(int(stack.env["EMAIL_PORT"])) as inbox:
            [message] = inbox.wait_for(1)
            assert message["To"] == "frank@example.com"
            wait_until(lambda: stack.queue()["waiting"] + stack.queue()["scheduled"] == 0)
            assert len(inbox.messages) == 1
        assert stack.queue()["failed"] == 0
        assert "frank@example.com" not in worker.log()


def test_an_email_whose_worker_was_killed_mid_task_is_sent_after_a_restart(tmp):
    with deployment(tmp, TASK_STALE_AFTER_SECONDS="3") as stack:
        inbox = Inbox()
        inbox.hold()
        with smtp_server(int(stack.env["EMAIL_PORT"]), inbox):
            stack.register("grace", "grace@example.com")
            assert stack.api.post(RESET, {"email": "grace@example.com"}).status == 204
            assert inbox.held.wait(30), "the worker never reached the mail server"
            stack.workers[0].kill()
            inbox.release()  # the killed worker's conversation ends unaccepted
            assert stack.queue()["running"] == 1

            stack.start_worker()

            [message] = inbox.wait_for(1)
            assert message["To"] == "grace@example.com"
            uid, token = frontend_link(text_of(message), "PASSWORD_RESET_CONFIRM_URL")
            confirm = {"uid": uid, "token": token, "new_password": "after-the-crash"}
            assert stack.api.post(CONFIRM, confirm).status == 204
        assert "queued again 1 task" in stack.workers[1].log()


def test_sigterm_lets_the_worker_finish_the_email_it_is_sending(tmp):
    with deployment(tmp) as stack:
        inbox = Inbox()
        inbox.hold(accept=True)
        with smtp_server(int(stack.env["EMAIL_PORT"]), inbox):
            stack.register("ivan", "ivan@example.com")
            assert stack.api.post(RESET, {"email": "ivan@example.com"}).status == 204
            assert inbox.held.wait(30), "the worker never reached the mail server"
            [worker] = stack.workers

            worker.process.send_signal(signal.SIGTERM)
            time.sleep(0.5)
            assert worker.process.poll() is None  # still in the middle of the email
            inbox.release()

            assert worker.process.wait(timeout=30) == 0
            [message] = inbox.messages
            assert message["To"] == "ivan@example.com"
        queue = stack.queue()
        assert (queue["waiting"], queue["running"], queue["failed"]) == (0, 0, 0)


@postgresql_only
def test_two_workers_on_one_queue_send_each_email_exactly_once(tmp):
    count = 24
    with deployment(tmp, workers=0) as stack, smtp_server(int(stack.env["EMAIL_PORT"])) as inbox:
        inbox.delay = 0.1  # one worker alone would take 2.4 s: both get their share
        for i in range(count):
            stack.register(f"user{i}", f"user{i}@example.com")
        for i in range(count):
            assert stack.api.post(RESET, {"email": f"user{i}@example.com"}).status == 204

        stack.start_worker()
        stack.start_worker()

        inbox.wait_for(count)
        wait_until(lambda: stack.queue()["waiting"] + stack.queue()["running"] == 0)
        expected = sorted(f"user{i}@example.com" for i in range(count))
        assert sorted(m["To"] for m in inbox.messages) == expected
        assert len({m["Message-ID"] for m in inbox.messages}) == count
        printed = stack.manage(
            "shell",
            "--no-imports",
            "-c",
            "import json; from django_tasks_db.models import DBTaskResult as T; "
            "print(json.dumps(list(T.objects.values_list('worker_ids', flat=True))))",
        )
        worker_ids = json.loads(printed)
        assert [len(ids) for ids in worker_ids] == [1] * count  # each task claimed once
        assert len({ids[0] for ids in worker_ids}) == 2  # by both workers
