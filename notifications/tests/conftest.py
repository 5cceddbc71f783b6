# The actors and fixtures of the accounts tests (alice, anon, alice_client, ...).
from accounts.tests.conftest import *  # noqa: F403
from accounts.tests.conftest import _empty_cache  # noqa: F401
