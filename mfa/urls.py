"""Second factors (/auth/mfa/), passkeys (/auth/passkeys/) and the login that asks for a second
factor (/auth/jwt/create/, whose base view is logins'), mounted under /auth/."""

from django.urls import path

from mfa import views

urlpatterns = [
    path("jwt/create/", views.LoginView.as_view(), name="jwt-create"),
    path("mfa/", views.MFAStatusView.as_view(), name="mfa-status"),
    path("mfa/totp/", views.TOTPView.as_view(), name="mfa-totp"),
    path("mfa/totp/activate/", views.TOTPActivateView.as_view(), name="mfa-totp-activate"),
    path("mfa/recovery-codes/", views.RecoveryCodesView.as_view(), name="mfa-recovery-codes"),
    path("mfa/authenticate/", views.MFAAuthenticateView.as_view(), name="mfa-authenticate"),
    path("mfa/webauthn/options/", views.WebAuthnOptionsView.as_view(), name="mfa-webauthn-options"),
    path(
        "passkeys/register/options/",
        views.PasskeyRegistrationOptionsView.as_view(),
        name="passkey-register-options",
    ),
    path("passkeys/", views.PasskeyCreateView.as_view(), name="passkey-list"),
    path("passkeys/<int:pk>/", views.PasskeyDetailView.as_view(), name="passkey-detail"),
    path(
        "passkeys/login/options/",
        views.PasskeyLoginOptionsView.as_view(),
        name="passkey-login-options",
    ),
    path("passkeys/login/", views.PasskeyLoginView.as_view(), name="passkey-login"),
]
