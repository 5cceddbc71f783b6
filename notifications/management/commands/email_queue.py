"""`manage.py email_queue`: how the task queue stands, for an operator or a monitoring probe."""

import json

from django.core.management.base import BaseCommand
from django.db.models import Count, Min, Q
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult, get_date_max


def queue_status(*, now=None) -> dict:
    """Counts of the queue, in one query: waiting (due now), scheduled (a retry not yet due),
    running, failed, and the age in seconds of the oldest waiting task (null when none)."""
    now = now or timezone.now()
    due = Q(status=TaskResultStatus.READY) & (Q(run_after__lte=now) | Q(run_after=get_date_max()))
    counts = DBTaskResult.objects.aggregate(
        waiting=Count("pk", filter=due),
        scheduled=Count(
            "pk",
            filter=Q(status=TaskResultStatus.READY, run_after__gt=now)
            & ~Q(run_after=get_date_max()),
        ),
        running=Count("pk", filter=Q(status=TaskResultStatus.RUNNING)),
        failed=Count("pk", filter=Q(status=TaskResultStatus.FAILED)),
        oldest_enqueued=Min("enqueued_at", filter=due),
    )
    oldest = counts.pop("oldest_enqueued")
    counts["oldest_waiting_seconds"] = round((now - oldest).total_seconds()) if oldest else None
    return counts


class Command(BaseCommand):
    help = (
        "Show the task queue (account emails): waiting, scheduled retries, running, failed, "
        "and the age of the oldest waiting task. Exits with 1 when that age exceeds --max-age."
    )

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="one JSON object")
        parser.add_argument(
            "--max-age",
            type=int,
            metavar="SECONDS",
            help="exit with status 1 when the oldest waiting task is older (no worker running?)",
        )

    def handle(self, *args, max_age=None, **options):
        status = queue_status()
        if options["json"]:
            self.stdout.write(json.dumps(status))
        else:
            oldest = status["oldest_waiting_seconds"]
            self.stdout.write(
                f"waiting: {status['waiting']}\n"
                f"scheduled: {status['scheduled']}\n"
                f"running: {status['running']}\n"
                f"failed: {status['failed']}\n"
                f"oldest waiting: {'-' if oldest is None else f'{oldest} s'}"
            )
        oldest = status["oldest_waiting_seconds"]
        if max_age is not None and oldest is not None and oldest > max_age:
            raise SystemExit(1)
