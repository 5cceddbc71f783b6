"""Recovering the tasks a killed worker left "running".

django-tasks-db marks a task RUNNING when a worker claims it and never looks at it again: if
that worker is killed (SIGKILL, a lost machine), the task would stay RUNNING for good. Every
worker therefore queues again, from a thread of its own, each task that has been running for
longer than TASK_STALE_AFTER, far more than sending one email can take. The email of such a task
may have gone out just before the kill, so its recipient may get it twice: only when a worker
dies between the mail server's "250 OK" and the status update that follows it.
"""

import logging
import threading

from django.conf import settings
from django.db import OperationalError, close_old_connections
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger("notifications")


def requeue_stale_tasks(*, stale_after=None) -> list:
    """Put back in the queue the tasks running for longer than `stale_after`; their ids."""
    cutoff = timezone.now() - (stale_after or settings.TASK_STALE_AFTER)
    stale = DBTaskResult.objects.running().filter(started_at__lt=cutoff)
    ids = list(stale.values_list("id", flat=True)[:1000])
    if ids:
        # The status is checked again in the UPDATE: a task that finished meanwhile stays done.
        DBTaskResult.objects.running().filter(id__in=ids, started_at__lt=cutoff).update(
            status=TaskResultStatus.READY, started_at=None
        )
        logger.warning("queued again %d task(s) left running by a worker: %s", len(ids), ids)
    return ids


def watch_stale_tasks(stop: threading.Event, *, every: float) -> None:
    while True:
        try:
            requeue_stale_tasks()
        except OperationalError as exc:
            # SQLite's lock, or the database away for a moment: the next round tries again.
            logger.warning("could not check for stale tasks: %s", exc)
        finally:
            close_old_connections()
        if stop.wait(every):
            return


def start_watching() -> threading.Event:
    """Check for stale tasks now and then every so often (a tenth of TASK_STALE_AFTER, at most a
    minute) until the returned event is set or the process ends."""
    stop = threading.Event()
    every = min(settings.TASK_STALE_AFTER.total_seconds() / 10, 60)
    threading.Thread(
        target=watch_stale_tasks, args=(stop,), kwargs={"every": every}, daemon=True
    ).start()
    return stop
