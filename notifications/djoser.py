"""djoser's email classes (DJOSER["EMAIL"]) that queue a task instead of sending."""

from notifications.services import send


class QueuedEmail:
    kind = ""

    def __init__(self, request=None, context=None, *args, **kwargs):
        self.user = (context or {})["user"]

    def send(self, to, *args, **kwargs):
        # The worker writes to the user's address as it is then.
        send(self.kind, user_id=self.user.pk)


class ActivationEmail(QueuedEmail):
    kind = "activation"


class PasswordChangedEmail(QueuedEmail):
    kind = "password_changed"
