from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"

    def ready(self):
        from accounts import emails, signals  # noqa: F401  (registers the email kinds, receivers)
        from eventScheduler.web import health  # noqa: F401  (registers its system check)
