"""Account emails as background tasks: see notifications.services.send."""


def send(kind, *, user_id, to=None, context=None):
    """Queue the `kind` email to a user once the current transaction commits.

    The one entry point for other apps; see notifications.services.send.
    """
    from notifications.services import send

    send(kind, user_id=user_id, to=to, context=context)
