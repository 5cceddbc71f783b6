from django import forms
from rest_framework.exceptions import APIException, Throttled

from mfa import services
from security.admin import ThrottledAdminAuthenticationForm


class AdminLoginForm(ThrottledAdminAuthenticationForm):
    """The admin's login (held to the login limits by security), asking a staff user who has a
    second factor for a code as well."""

    otp_code = forms.CharField(
        label="Code",
        required=False,
        max_length=64,
        help_text="From your authenticator app, or a recovery code (if you set one up).",
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def clean(self):
        cleaned_data = super().clean()
        user = self.get_user()
        if user is None or not services.has_second_factor(user):
            return cleaned_data
        if not services.totp_enabled(user):
            raise forms.ValidationError(
                "This account's second factor is a passkey; the admin login needs an "
                "authenticator app code.",
                code="mfa_totp_required",
            )
        try:
            services.verify_code(
                user=user, code=cleaned_data.get("otp_code") or None, request=self.request
            )
        except Throttled as exc:
            raise forms.ValidationError(
                "Too many failed attempts; try again later.", code="throttled"
            ) from exc
        except APIException as exc:
            raise forms.ValidationError(str(exc.detail), code=exc.get_codes()) from exc
        return cleaned_data
