"""The tokens in emailed links: one generator per purpose.

Each has its own key_salt, so a token made for one purpose never checks for another (a
password-reset link posted to /auth/users/activation/ is refused), and hashes the state that
must kill it: a link dies once it has been used, or when the password or email changes.
All expire after PASSWORD_RESET_TIMEOUT, as Django's own reset tokens do.
"""

from django.contrib.auth.tokens import PasswordResetTokenGenerator


def _moment(value):
    return "" if value is None else value.replace(microsecond=0, tzinfo=None).isoformat()


class AccountLinkTokenGenerator(PasswordResetTokenGenerator):
    def _make_hash_value(self, user, timestamp):
        return "|".join(
            [
                str(user.pk),
                user.password,
                user.email,
                _moment(user.last_login),
                str(timestamp),
                *self.state(user),
            ]
        )

    def state(self, user):
        """What else, once changed, makes this purpose's links stale."""
        return []


class ActivationTokenGenerator(AccountLinkTokenGenerator):
    key_salt = "accounts.link_tokens.ActivationTokenGenerator"

    def state(self, user):
        return [str(user.is_active), _moment(user.activated_at)]


class PasswordResetLinkTokenGenerator(AccountLinkTokenGenerator):
    key_salt = "accounts.link_tokens.PasswordResetLinkTokenGenerator"


class UsernameResetTokenGenerator(AccountLinkTokenGenerator):
    key_salt = "accounts.link_tokens.UsernameResetTokenGenerator"

    def state(self, user):
        return [user.get_username()]


class EmailChangeTokenGenerator(AccountLinkTokenGenerator):
    """Bound to the address waiting for confirmation: a newer request kills older links."""

    key_salt = "accounts.link_tokens.EmailChangeTokenGenerator"

    def state(self, user):
        return [user.pending_email]

    def check_token(self, user, token):
        return bool(user.pending_email) and super().check_token(user, token)


activation_token = ActivationTokenGenerator()
password_reset_token = PasswordResetLinkTokenGenerator()
username_reset_token = UsernameResetTokenGenerator()
email_change_token = EmailChangeTokenGenerator()
