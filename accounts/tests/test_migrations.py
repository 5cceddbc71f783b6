"""Upgrades: existing accounts keep what they had and get what the new rules need."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [("accounts", "0007_username_folded")]
AFTER = [("accounts", "0008_user_activated_at_pending_email")]


def migrate(targets=None):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets or executor.loader.graph.leaf_nodes())
    return executor.loader.project_state(targets).apps if targets else None


@pytest.fixture(autouse=True)
def _back_to_the_latest_state():
    yield
    migrate()


@pytest.mark.django_db(transaction=True)
def test_accounts_that_were_ever_active_count_as_activated():
    old_user = migrate(BEFORE).get_model("accounts", "User")
    joined = timezone.now().replace(microsecond=0)
    for username, is_active, last_login in [
        ("active", True, None),
        ("deactivated", False, joined),
        ("never_activated", False, None),
    ]:
        old_user.objects.create(
            username=username,
            username_folded=username,
            is_active=is_active,
            last_login=last_login,
            date_joined=joined,
        )

    new_user = migrate(AFTER).get_model("accounts", "User")

    assert dict(new_user.objects.values_list("username", "activated_at")) == {
        "active": joined,
        "deactivated": joined,
        "never_activated": None,
    }
