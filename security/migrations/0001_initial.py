# SecurityEvent moves here from the accounts app. Its table, rows and indexes stay as they are
# (db_table = "accounts_securityevent"): only Django's idea of which app owns it changes.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from eventScheduler.web.migration_ops import move_content_type

EVENT_TYPES = [
    ("login_succeeded", "Login succeeded"),
    ("login_failed", "Login failed"),
    ("logout", "Logout"),
    ("logout_all", "Logout everywhere"),
    ("token_reuse_detected", "Token reuse detected"),
    ("password_changed", "Password changed"),
    ("password_reset_requested", "Password reset requested"),
    ("password_reset_completed", "Password reset completed"),
    ("account_activated", "Account activated"),
    ("throttled", "Throttled"),
]


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("accounts", "0004_securityevent_scope"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="SecurityEvent",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("type", models.CharField(choices=EVENT_TYPES, max_length=32)),
                        ("ip", models.GenericIPAddressField(blank=True, null=True)),
                        ("user_agent", models.CharField(blank=True, max_length=255)),
                        ("scope", models.CharField(blank=True, max_length=64)),
                        ("created", models.DateTimeField(auto_now_add=True)),
                        (
                            "user",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="security_events",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "db_table": "accounts_securityevent",
                        "ordering": ["-created", "-id"],
                        "indexes": [
                            models.Index(
                                fields=["user", "-created"], name="securityevent_user_created"
                            ),
                            models.Index(
                                fields=["type", "-created"], name="securityevent_type_created"
                            ),
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
        move_content_type("securityevent", from_app="accounts", to_app="security"),
    ]
