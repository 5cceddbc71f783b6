"""django-tasks-db's `db_worker`, which also queues again the tasks a killed worker left running
(notifications.worker). This app comes before django_tasks_db in INSTALLED_APPS, so
`manage.py db_worker` is this command; every option is django-tasks-db's."""

import os

from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
from django_tasks_db.management.commands import db_worker

from notifications.worker import start_watching


class Command(db_worker.Command):
    help = db_worker.Command.help + ", queueing again the tasks a killed worker left running"

    def handle(self, *args, **options):
        # With --reload the first process only restarts the second, which does the work.
        if not options["reload"] or os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
            start_watching()
        return super().handle(*args, **options)
