"""WSGI entry point: `gunicorn eventScheduler.wsgi`."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "eventScheduler.settings")

application = get_wsgi_application()
