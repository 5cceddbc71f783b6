from django.apps import AppConfig


class LoginsConfig(AppConfig):
    """Login sessions and their tokens: /auth/jwt/*, /auth/sessions/*, cookie mode."""

    name = "logins"

    def ready(self):
        from logins import schema, signals  # noqa: F401  (the audit receivers, OpenAPI extensions)
