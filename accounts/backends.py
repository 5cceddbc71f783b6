from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db.models import Q


def can_name_a_user(identifier):
    """Whether `identifier` could be a username or an email address at all.

    Neither ever holds a NUL character, and PostgreSQL refuses to even compare one, so such
    input (which the throttles look up before any validation) must not reach a query.
    """
    return bool(identifier) and "\x00" not in identifier


def users_matching(identifier):
    """Every user a login with `identifier` could authenticate: the exact username first,
    then the email, ignoring case.

    At most two: usernames and (case-insensitively) emails are unique, but an account from
    before "@" was refused in usernames may be named like another person's email address.
    The per-account login limit counts an attempt against each of them.
    """
    User = get_user_model()
    if not can_name_a_user(identifier):
        return []
    matches = User._default_manager.filter(Q(username=identifier) | Q(email__iexact=identifier))
    return sorted(matches, key=lambda user: user.username != identifier)


class UsernameOrEmailBackend(ModelBackend):
    """Authenticate with the username or the email address in the `username` credential.

    Inactive users are refused here (ModelBackend.user_can_authenticate) and again by
    simplejwt's USER_AUTHENTICATION_RULE, so no token is issued to them whichever check runs.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get(get_user_model().USERNAME_FIELD)
        if username is None or password is None:
            return None
        if not password.strip():
            return None
        candidates = users_matching(username)
        if not candidates:
            # Hash once anyway, so an unknown name takes as long as a known one (Django #20760).
            get_user_model()().set_password(password)
            return None
        for user in candidates:
            if user.check_password(password) and self.user_can_authenticate(user):
                return user
        return None
