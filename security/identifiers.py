"""Which accounts a login name could mean: what the per-account limits count by."""

from django.contrib.auth import get_user_model
from django.db.models import Q


def can_name_a_user(identifier):
    """Whether `identifier` could be a username or an email address at all.

    Neither ever holds a NUL character, and PostgreSQL refuses to even compare one, so such
    input (which the throttles look up before any validation) must not reach a query.
    """
    return bool(identifier) and "\x00" not in identifier


def users_matching(identifier):
    """The users `identifier` may name: the exact username first, then the email, ignoring case.

    At most two: usernames and (case-insensitively) emails are unique, but one person's
    username may be spelt like another person's email address.
    """
    User = get_user_model()
    if not can_name_a_user(identifier):
        return []
    matches = User._default_manager.filter(Q(username=identifier) | Q(email__iexact=identifier))
    return sorted(matches, key=lambda user: user.username != identifier)
