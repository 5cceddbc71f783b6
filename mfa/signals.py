from django.dispatch import receiver

from logins.signals import logged_out_everywhere
from mfa.services import pending_logins_end


@receiver(logged_out_everywhere, dispatch_uid="mfa.end_pending_logins")
def end_pending_logins(sender, user, **kwargs):
    # "Log out everywhere" also ends logins still waiting for their second factor.
    pending_logins_end(user=user)
