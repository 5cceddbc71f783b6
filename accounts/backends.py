from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from security.identifiers import users_matching


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
