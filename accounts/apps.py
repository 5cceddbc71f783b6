from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"

    def ready(self):
        from accounts import health, signals  # noqa: F401  (system checks, receivers)
