"""The email backend comes from the environment: console in debug, SMTP in production."""

import json

from eventScheduler.tests.test_settings import PRODUCTION
from eventScheduler.tests.utils import manage_shell

SHOW_EMAIL_SETTINGS = (
    "import json; from django.conf import settings as s; print(json.dumps({name: getattr(s, name)"
    " for name in ['EMAIL_BACKEND', 'EMAIL_HOST', 'EMAIL_PORT', 'EMAIL_HOST_USER',"
    " 'EMAIL_HOST_PASSWORD', 'EMAIL_USE_TLS', 'EMAIL_USE_SSL', 'DEFAULT_FROM_EMAIL']}))"
)
SMTP = "django.core.mail.backends.smtp.EmailBackend"


def email_settings(**environ):
    return json.loads(manage_shell(SHOW_EMAIL_SETTINGS, **environ))


def test_debug_prints_emails_to_the_console():
    assert email_settings(DJANGO_DEBUG="1")["EMAIL_BACKEND"] == (
        "django.core.mail.backends.console.EmailBackend"
    )


def test_production_sends_over_smtp_to_localhost_by_default():
    email = email_settings(**PRODUCTION)

    assert (email["EMAIL_BACKEND"], email["EMAIL_HOST"], email["EMAIL_PORT"]) == (
        SMTP,
        "localhost",
        25,
    )


def test_email_url_configures_smtp():
    email = email_settings(
        **PRODUCTION,
        EMAIL_URL="smtp+tls://mailer:p%40ss@mail.example.com:587",
        DEFAULT_FROM_EMAIL="Events <events@example.com>",
    )

    assert email == {
        "EMAIL_BACKEND": SMTP,
        "EMAIL_HOST": "mail.example.com",
        "EMAIL_PORT": 587,
        "EMAIL_HOST_USER": "mailer",
        "EMAIL_HOST_PASSWORD": "p@ss",
        "EMAIL_USE_TLS": True,
        "EMAIL_USE_SSL": False,
        "DEFAULT_FROM_EMAIL": "Events <events@example.com>",
    }


def test_email_variables_configure_smtp():
    email = email_settings(
        **PRODUCTION,
        EMAIL_HOST="smtp.example.com",
        EMAIL_PORT="465",
        EMAIL_HOST_USER="mailer",
        EMAIL_HOST_PASSWORD="secret",
        EMAIL_USE_SSL="1",
    )

    assert email["EMAIL_BACKEND"] == SMTP
    assert (email["EMAIL_HOST"], email["EMAIL_PORT"], email["EMAIL_USE_SSL"]) == (
        "smtp.example.com",
        465,
        True,
    )
    assert (email["EMAIL_HOST_USER"], email["EMAIL_HOST_PASSWORD"]) == ("mailer", "secret")
