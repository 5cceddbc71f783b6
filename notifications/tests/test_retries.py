"""SMTP failures are retried with backoff, then given up on with an error naming the task, not
the address; a bug fails its task and the worker goes on; a task a killed worker left running
is queued again. Run in-process on the database backend with django-tasks-db's own worker."""

import logging
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.management.commands import db_worker
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from eventScheduler.tests.live import free_port
from eventScheduler.tests.smtp import smtp_server
from notifications.tasks import deliver
from notifications.worker import requeue_stale_tasks

RESET_PASSWORD = "/auth/users/reset_password/"


@pytest.fixture
def database_queue(settings, monkeypatch):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    # The worker closes connections between tasks; here it shares the test's transaction.
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)


@pytest.fixture
def smtp_down(settings):
    """Django's SMTP backend pointed at a port where nothing listens."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False


def run_worker():
    """Run every task that is due, then return (django-tasks-db's worker in batch mode)."""
    Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    ).run()


def make_due(task_id):
    DBTaskResult.objects.filter(id=task_id).update(run_after=timezone.now())


def test_smtp_failures_are_retried_with_backoff_then_given_up(
    settings, anon, alice, database_queue, smtp_down, caplog
):
    settings.EMAIL_RETRY_DELAYS = [60, 300]
    assert anon.post(RESET_PASSWORD, {"email": alice.email}).status_code == 204
    caplog.set_level(logging.INFO)
    delays = []
    for _ in settings.EMAIL_RETRY_DELAYS:
        run_worker()
        retry = DBTaskResult.objects.filter(status=TaskResultStatus.READY).get()
        delays.append(round((retry.run_after - timezone.now()).total_seconds() / 60))
        make_due(retry.id)

    run_worker()

    assert delays == [1, 5]
    tasks = DBTaskResult.objects.order_by("enqueued_at")
    assert [task.status for task in tasks] == ["SUCCESSFUL", "SUCCESSFUL", "FAILED"]
    assert [task.args_kwargs["kwargs"].get("attempt", 1) for task in tasks] == [1, 2, 3]
    last = tasks.last()
    assert last.exception_class_path == "notifications.tasks.DeliveryFailed"
    [given_up] = [r for r in caplog.records if r.levelno == logging.ERROR and "given up" in r.msg]
    assert str(last.id) in given_up.getMessage()
    assert str(tasks.first().id) in given_up.getMessage()
    # The address is in none of the logs, nor in the stored error.
    assert all(alice.email not in record.getMessage() for record in caplog.records)
    assert alice.email not in last.traceback


def test_a_late_retry_still_carries_a_working_link(
    settings, anon, alice, database_queue, smtp_down, mailoutbox
):
    from eventScheduler.tests.emails import frontend_link

    anon.post(RESET_PASSWORD, {"email": alice.email})
    run_worker()  # SMTP down: a retry is scheduled
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    make_due(DBTaskResult.objects.get(status=TaskResultStatus.READY).id)

    run_worker()

    [message] = mailoutbox
    uid, token = frontend_link(message.body, "PASSWORD_RESET_CONFIRM_URL")
    confirm = anon.post(
        "/auth/users/reset_password_confirm/",
        {"uid": uid, "token": token, "new_password": "a-late-passphrase"},
    )
    assert confirm.status_code == 204


def test_a_refused_recipient_fails_at_once_without_its_address(settings, alice, database_queue):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    with smtp_server(settings.EMAIL_PORT) as inbox:
        inbox.refuse = "550 5.1.1 No such user"
        deliver.enqueue(kind="password_changed", user_id=alice.pk)

        run_worker()

    [task] = DBTaskResult.objects.all()
    assert task.status == TaskResultStatus.FAILED
    assert "SMTPRecipientsRefused 550" in task.traceback
    assert alice.email not in task.traceback


def test_a_bug_fails_its_task_with_the_traceback_logged_and_the_worker_goes_on(
    alice, database_queue, mailoutbox, caplog
):
    broken = DBTaskResult.objects.get(id=deliver.enqueue(kind="password_changed", user_id="x").id)
    deliver.enqueue(kind="password_changed", user_id=alice.pk)

    run_worker()

    broken.refresh_from_db()
    assert broken.status == TaskResultStatus.FAILED
    assert "Traceback" in broken.traceback
    assert any(
        record.exc_info and str(broken.id) in record.getMessage() for record in caplog.records
    )
    assert len(mailoutbox) == 1


def test_a_task_left_running_too_long_is_queued_again_and_only_that_one(
    settings, alice, database_queue
):
    settings.TASK_STALE_AFTER = timedelta(minutes=10)
    stale, busy = (deliver.enqueue(kind="password_changed", user_id=alice.pk) for _ in range(2))
    DBTaskResult.objects.filter(id=stale.id).update(
        status=TaskResultStatus.RUNNING, started_at=timezone.now() - timedelta(minutes=11)
    )
    DBTaskResult.objects.filter(id=busy.id).update(
        status=TaskResultStatus.RUNNING, started_at=timezone.now() - timedelta(minutes=9)
    )

    assert [str(i) for i in requeue_stale_tasks()] == [stale.id]

    statuses = dict(DBTaskResult.objects.values_list("id", "status"))
    assert {str(k): v for k, v in statuses.items()} == {
        stale.id: TaskResultStatus.READY,
        busy.id: TaskResultStatus.RUNNING,
    }


def test_the_queue_command_counts_waiting_scheduled_running_and_failed(
    alice, database_queue, capsys
):
    old = deliver.enqueue(kind="password_changed", user_id=alice.pk)
    DBTaskResult.objects.filter(id=old.id).update(enqueued_at=timezone.now() - timedelta(hours=1))
    deliver.enqueue(kind="password_changed", user_id=alice.pk)
    deliver.using(run_after=timezone.now() + timedelta(minutes=5)).enqueue(
        kind="password_changed", user_id=alice.pk
    )
    failed = deliver.enqueue(kind="password_changed", user_id=alice.pk)
    DBTaskResult.objects.filter(id=failed.id).update(status=TaskResultStatus.FAILED)

    call_command("email_queue", "--json")
    import json

    status = json.loads(capsys.readouterr().out)
    assert status == {
        "waiting": 2,
        "scheduled": 1,
        "running": 0,
        "failed": 1,
        "oldest_waiting_seconds": pytest.approx(3600, abs=5),
    }
    with pytest.raises(SystemExit) as exit:
        call_command("email_queue", "--max-age", "600")
    assert exit.value.code == 1
    assert "oldest waiting: 3600 s" in capsys.readouterr().out
