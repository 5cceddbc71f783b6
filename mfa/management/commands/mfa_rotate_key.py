from django.core.management.base import BaseCommand
from django.db import transaction

from mfa import crypto
from mfa.models import TOTPDevice


class Command(BaseCommand):
    help = (
        "Re-encrypt every TOTP secret under the first key of MFA_ENCRYPTION_KEY; run it after "
        "putting a new key first, then remove the old key."
    )

    def handle(self, *args, **options):
        count = 0
        with transaction.atomic():
            for device in TOTPDevice.objects.select_for_update().only("pk", "encrypted_secret"):
                device.encrypted_secret = crypto.reencrypt(device.encrypted_secret)
                device.save(update_fields=["encrypted_secret"])
                count += 1
        self.stdout.write(f"Re-encrypted {count} TOTP secret(s).")
