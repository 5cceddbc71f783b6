from django.apps import AppConfig


class SecurityConfig(AppConfig):
    """Abuse limits (throttles) and the audit log (SecurityEvent)."""

    name = "security"

    def ready(self):
        from security import receivers  # noqa: F401  (connects the receivers)
