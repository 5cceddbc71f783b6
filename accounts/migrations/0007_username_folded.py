"""Usernames unique after NFKC normalisation and case folding (accounts.usernames.fold).

Existing accounts get their key. Where names already fold alike ("alice" and "Alice" both
registered before this), the oldest account keeps the key and the others get "<key>#<id>":
every one of them still logs in (by its exact name) and none can be renamed into another.
"""

import unicodedata

import django.contrib.auth.validators
from django.db import migrations, models

import accounts.models
import accounts.usernames


def fold(name):
    # accounts.usernames.fold as of this migration.
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", name).casefold())


def fill_username_keys(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    taken = set()
    for user in User.objects.order_by("pk").only("pk", "username").iterator():
        key = fold(user.username)
        if key in taken:
            key = f"{key}#{user.pk}"
        taken.add(key)
        User.objects.filter(pk=user.pk).update(username_folded=key)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0006_profile_description_max_length"),
    ]

    operations = [
        migrations.AlterModelManagers(
            name="user",
            managers=[
                ("objects", accounts.models.UserManager()),
            ],
        ),
        migrations.AddField(
            model_name="user",
            name="username_folded",
            field=models.TextField(editable=False, null=True),
        ),
        migrations.RunPython(fill_username_keys, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="user",
            name="username_folded",
            field=models.TextField(editable=False, unique=True),
        ),
        migrations.AlterField(
            model_name="user",
            name="username",
            field=models.CharField(
                error_messages={"unique": "A user with that username already exists."},
                help_text="150 characters or fewer: letters of one script, digits and . + - _ (no @).",
                max_length=150,
                unique=True,
                validators=[
                    django.contrib.auth.validators.UnicodeUsernameValidator(),
                    accounts.usernames.UsernameCharactersValidator(),
                ],
                verbose_name="username",
            ),
        ),
    ]
