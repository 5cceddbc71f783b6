from django.apps import AppConfig


class MfaConfig(AppConfig):
    name = "mfa"
    verbose_name = "Second factors"

    def ready(self):
        from django.contrib import admin

        from mfa import signals  # noqa: F401  (connects the receivers)
        from mfa.forms import AdminLoginForm

        # The admin is a way in too: a staff user with a factor types its code there.
        admin.site.login_form = AdminLoginForm
        admin.site.login_template = "mfa/admin_login.html"
