"""gunicorn's settings for `make serve` and deployments (gunicorn also finds this file itself
when started from the project folder). Everything else comes from the environment; any
gunicorn flag can still be given on the command line or in GUNICORN_CMD_ARGS."""

import multiprocessing

import environ

from eventScheduler.web.logs import ACCESS_LOG_FORMAT, logging_config

env = environ.Env()

# gunicorn's own variable; its documentation suggests 2 x cores + 1 sync workers.
workers = env.int("WEB_CONCURRENCY", default=2 * multiprocessing.cpu_count() + 1)

# Access lines on stdout, everything else on stderr, in the app's format (JSON unless debug).
accesslog = "-"
access_log_format = ACCESS_LOG_FORMAT
_debug = env.bool("DJANGO_DEBUG", default=False)
logconfig_dict = logging_config(
    json_lines=env.str("DJANGO_LOG_FORMAT", default="text" if _debug else "json") == "json",
    level=env.str("DJANGO_LOG_LEVEL", default="INFO"),
)
