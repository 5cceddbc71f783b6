# LoginSession moves here from the accounts app. Its table and rows stay as they are
# (db_table = "accounts_loginsession"): only Django's idea of which app owns it changes.

import uuid

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

from eventScheduler.web.migration_ops import move_content_type


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("accounts", "0004_securityevent_scope"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("token_blacklist", "0013_alter_blacklistedtoken_options_and_more"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="LoginSession",
                    fields=[
                        (
                            "id",
                            models.UUIDField(
                                default=uuid.uuid4,
                                editable=False,
                                primary_key=True,
                                serialize=False,
                            ),
                        ),
                        ("previous_jti", models.CharField(blank=True, max_length=255)),
                        ("rotated_at", models.DateTimeField(blank=True, null=True)),
                        ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                        ("last_refreshed_at", models.DateTimeField(blank=True, null=True)),
                        ("user_agent", models.CharField(blank=True, max_length=512)),
                        ("ip_address", models.GenericIPAddressField(blank=True, null=True)),
                        ("revoked_at", models.DateTimeField(blank=True, null=True)),
                        (
                            "revoked_reason",
                            models.CharField(
                                blank=True,
                                choices=[
                                    ("logout", "Logout"),
                                    ("logout_all", "Logout All"),
                                    ("token_reuse", "Token Reuse"),
                                    ("password_changed", "Password Changed"),
                                    ("account_deleted", "Account Deleted"),
                                ],
                                max_length=32,
                            ),
                        ),
                        (
                            "refresh_token",
                            models.OneToOneField(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="login_session",
                                to="token_blacklist.outstandingtoken",
                            ),
                        ),
                        (
                            "user",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="login_sessions",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={"db_table": "accounts_loginsession", "ordering": ["-created_at"]},
                ),
            ],
            database_operations=[],
        ),
        move_content_type("loginsession", from_app="accounts", to_app="logins"),
    ]
