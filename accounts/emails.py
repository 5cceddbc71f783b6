"""The account emails whose links carry this app's tokens, registered with notifications.

Each kind of link has a token of its own purpose (accounts.link_tokens), made by the worker when
it builds the email; the templates are under notifications/templates/notifications/<kind>/.
"""

from django.conf import settings

from accounts.link_tokens import (
    activation_token,
    email_change_token,
    password_reset_token,
    username_reset_token,
)
from notifications.emails import Kind, frontend_link, register


def link(path_setting, token_generator):
    def make(user):
        path = settings.DJOSER.get(path_setting) or getattr(settings, path_setting)
        return frontend_link(path, user, token_generator)

    return make


def waiting_for_activation(user, data):
    # A deactivated account is not waiting for activation: no activation email for it.
    return user.activated_at is None


def still_pending(user, data):
    # A newer request replaced this address: its link would confirm the newer one.
    return user.pending_email.casefold() == (data.get("new_email") or "").casefold()


for kind in [
    Kind(
        "activation",
        active=False,
        link=link("ACTIVATION_URL", activation_token),
        wanted=waiting_for_activation,
    ),
    Kind("password_reset", link=link("PASSWORD_RESET_CONFIRM_URL", password_reset_token)),
    Kind("username_reset", link=link("USERNAME_RESET_CONFIRM_URL", username_reset_token)),
    Kind(
        "email_change_confirm",
        link=link("EMAIL_CHANGE_CONFIRM_URL", email_change_token),
        wanted=still_pending,
    ),
    Kind("email_change_taken", active=None),
    Kind("email_change_notice", active=None),
]:
    register(kind)
