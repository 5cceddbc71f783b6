"""WSGI entry point: `gunicorn eventScheduler.wsgi`.

Configuration errors and system checks are reported once by gunicorn.conf.py's on_starting,
before any worker imports this module.
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "eventScheduler.settings")

application = get_wsgi_application()
