# LoginSession went to the logins app and SecurityEvent to the security app, each keeping its
# table; here the accounts app only forgets them (no database operation).

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_securityevent_scope"),
        ("logins", "0001_initial"),
        ("security", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="LoginSession"),
                migrations.DeleteModel(name="SecurityEvent"),
            ],
            database_operations=[],
        ),
    ]
