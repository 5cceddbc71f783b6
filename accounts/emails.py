"""Account emails: djoser's messages with tokens of their own purpose, and our own messages.

`account_email_send` is the one place our own account emails (the email change) go out, so
that how they are sent (now, or queued) changes in one place.
"""

from djoser import email as djoser_email
from djoser import utils as djoser_utils
from djoser.conf import settings as djoser_settings

from accounts.link_tokens import activation_token, password_reset_token, username_reset_token


def account_email_send(*, template, to, request=None, **context):
    """Render templates/email/<template>.html (subject and text blocks) with `context`, send it.

    Links in it point at the frontend (DJOSER's EMAIL_FRONTEND_*), never at the request's Host.
    """
    message = djoser_email.BaseDjoserEmail(
        request=request, context=context, template_name=f"email/{template}.html"
    )
    message.send([to])


class LinkEmailMixin:
    """Puts a token of `token_generator`'s purpose into the link djoser's email carries."""

    token_generator = None
    url_setting = ""

    def get_context_data(self):
        context = super().get_context_data()
        user = context["user"]
        context["uid"] = djoser_utils.encode_uid(user.pk)
        context["token"] = self.token_generator.make_token(user)
        context["url"] = getattr(djoser_settings, self.url_setting).format(**context)
        return context


class ActivationEmail(LinkEmailMixin, djoser_email.ActivationEmail):
    token_generator = activation_token
    url_setting = "ACTIVATION_URL"


class PasswordResetEmail(LinkEmailMixin, djoser_email.PasswordResetEmail):
    token_generator = password_reset_token
    url_setting = "PASSWORD_RESET_CONFIRM_URL"


class UsernameResetEmail(LinkEmailMixin, djoser_email.UsernameResetEmail):
    token_generator = username_reset_token
    url_setting = "USERNAME_RESET_CONFIRM_URL"
