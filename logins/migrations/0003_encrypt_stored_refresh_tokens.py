"""Encrypt the refresh tokens simplejwt's OutstandingToken rows hold in full (token_storage).

Every token keeps working: a token is checked by its signature and its jti, never against the
stored text, which only the reuse grace window reads back. Unmigrated rows would still be read
as they are (token_storage.decrypt); this leaves none in a dump.
"""

from django.db import migrations

from logins import token_storage


def encrypt_tokens(apps, schema_editor):
    OutstandingToken = apps.get_model("token_blacklist", "OutstandingToken")
    for row in OutstandingToken.objects.filter(token__contains=".").only("pk", "token").iterator():
        OutstandingToken.objects.filter(pk=row.pk).update(token=token_storage.encrypt(row.token))


def decrypt_tokens(apps, schema_editor):
    OutstandingToken = apps.get_model("token_blacklist", "OutstandingToken")
    for row in OutstandingToken.objects.exclude(token__contains=".").only("pk", "token").iterator():
        OutstandingToken.objects.filter(pk=row.pk).update(token=token_storage.decrypt(row.token))


class Migration(migrations.Migration):
    dependencies = [
        ("logins", "0002_adminsession"),
        ("token_blacklist", "0013_alter_blacklistedtoken_options_and_more"),
    ]

    operations = [
        migrations.RunPython(encrypt_tokens, decrypt_tokens),
    ]
