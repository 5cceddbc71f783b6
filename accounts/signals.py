from django.conf import settings
from django.db.models.signals import post_save
from django.dispatch import receiver

from accounts.services import profile_ensure


@receiver(post_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="accounts.create_profile")
def create_profile(sender, instance, created, raw=False, **kwargs):
    # raw: loaddata restores profiles from the fixture itself.
    if created and not raw:
        profile_ensure(user=instance)
