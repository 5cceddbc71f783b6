from django.conf import settings
from django.dispatch import receiver

from logins.signals import logged_in
from notifications.services import send


@receiver(logged_in, dispatch_uid="notifications.new_login")
def notify_new_login(sender, session, user, request, **kwargs):
    # Whether the device is new is decided in the worker; the login pays for one insert.
    if settings.NOTIFY_NEW_LOGIN:
        send(
            "new_login",
            user_id=user.pk,
            context={
                "session": str(session.pk),
                "device": session.user_agent,
                "ip": session.ip_address,
                "at": session.created_at.strftime("%Y-%m-%d %H:%M"),
            },
        )
