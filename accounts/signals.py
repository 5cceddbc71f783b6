from django.conf import settings
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver

from accounts.services import profile_ensure
from logins.models import LoginSession
from logins.tokens import sessions_revoke
from security import audit
from security.models import SecurityEvent


@receiver(post_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="accounts.create_profile")
def create_profile(sender, instance, created, raw=False, **kwargs):
    # raw: loaddata restores profiles from the fixture itself.
    if created and not raw:
        profile_ensure(user=instance)


# Deactivation ends every login session, whichever code saved the user (admin, API, shell);
# the sessions stay revoked if the account is activated again.


@receiver(pre_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="accounts.note_deactivation")
def note_deactivation(sender, instance, raw=False, update_fields=None, **kwargs):
    instance._being_deactivated = (
        not raw
        and not instance.is_active
        and instance.pk is not None
        and (update_fields is None or "is_active" in update_fields)
        and sender._default_manager.filter(pk=instance.pk, is_active=True).exists()
    )


@receiver(post_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="accounts.end_deactivated")
def end_deactivated(sender, instance, raw=False, **kwargs):
    if getattr(instance, "_being_deactivated", False):
        instance._being_deactivated = False
        sessions_revoke(user=instance, reason=LoginSession.RevokedReason.DEACTIVATED)
        audit.record(type=SecurityEvent.Type.ACCOUNT_DEACTIVATED, request=None, user=instance)
