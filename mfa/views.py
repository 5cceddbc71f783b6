"""The /auth/mfa/ and /auth/passkeys/ endpoints, and the login that asks for a second factor.

The work is done in mfa.services and mfa.passkeys; OpenAPI is in mfa.schema.
"""

from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, generics, permissions, status
from rest_framework.response import Response
from rest_framework.views import APIView

from logins import views as login_views
from logins.tokens import assurance_level
from mfa import passkeys, schema, services, throttles
from mfa.exceptions import CodeRequired
from mfa.permissions import SecondFactorSession
from mfa.serializers import (
    CodeSerializer,
    CurrentPasswordSerializer,
    MFAAuthenticateSerializer,
    MFAStatusSerializer,
    MFATokenSerializer,
    OptionalCurrentPasswordSerializer,
    PasskeyCreateSerializer,
    PasskeyLoginSerializer,
    PasskeySerializer,
    RecoveryCodesSerializer,
    TOTPSetupSerializer,
)

MFA_REQUIRED = _("A second factor is required: finish with POST /auth/mfa/authenticate/.")


def no_store(response):
    response["Cache-Control"] = "no-store"
    return response


def password_checked(request, data):
    """Check the caller's `current_password` under the login lock; a wrong one counts."""
    serializer = CurrentPasswordSerializer(data=data)
    serializer.is_valid(raise_exception=True)
    throttles.check_attempt(request=request, user=request.user)
    if not request.user.check_password(serializer.validated_data["current_password"]):
        throttles.record_failure(request=request, user=request.user)
        raise exceptions.ValidationError(
            {"current_password": [_("Invalid password.")]}, code="invalid_password"
        )


@schema.login
class LoginView(login_views.LoginView):
    """POST /auth/jwt/create/: a user with a second factor gets a 403 and an `mfa_token`."""

    def password_accepted(self, request, user):
        methods = services.methods_of(user)
        if not methods:
            return super().password_accepted(request, user)
        body = {
            "detail": MFA_REQUIRED,
            "code": "mfa_required",
            "mfa_token": services.pending_login_start(user=user),
            "methods": methods,
        }
        return no_store(Response(body, status=status.HTTP_403_FORBIDDEN))


@schema.mfa_status
class MFAStatusView(APIView):
    def get(self, request):
        return Response(MFAStatusSerializer(services.mfa_status(request.user)).data)


class EnrolmentView(generics.GenericAPIView):
    """Starting a factor's set-up: limited by requests per account and IP (POST only)."""

    permission_classes = [permissions.IsAuthenticated, SecondFactorSession]
    enrolment_throttles = [throttles.EnrolAccountThrottle, throttles.EnrolIPThrottle]

    def get_throttles(self):
        extra = self.enrolment_throttles if self.request.method == "POST" else []
        return [*super().get_throttles(), *(throttle() for throttle in extra)]


@schema.totp
class TOTPView(EnrolmentView):
    serializer_class = CurrentPasswordSerializer

    def post(self, request):
        password_checked(request, request.data)
        setup = services.totp_begin(user=request.user)
        return no_store(Response(TOTPSetupSerializer(setup).data))

    def delete(self, request):
        services.totp_disable(user=request.user, code=request.data.get("code"), request=request)
        return Response(status=status.HTTP_204_NO_CONTENT)


@schema.totp_activate
class TOTPActivateView(generics.GenericAPIView):
    permission_classes = [permissions.IsAuthenticated, SecondFactorSession]
    serializer_class = CodeSerializer

    def post(self, request):
        codes = services.totp_activate(
            user=request.user, code=request.data.get("code"), request=request
        )
        body = RecoveryCodesSerializer({"recovery_codes": codes}).data
        return no_store(Response(body, status=status.HTTP_201_CREATED))


@schema.recovery_codes
class RecoveryCodesView(generics.GenericAPIView):
    permission_classes = [permissions.IsAuthenticated, SecondFactorSession]
    serializer_class = CodeSerializer

    def post(self, request):
        codes = services.recovery_codes_regenerate(
            user=request.user, code=request.data.get("code"), request=request
        )
        return no_store(Response(RecoveryCodesSerializer({"recovery_codes": codes}).data))


class PendingLoginView(login_views.TokenView):
    """Views for the holder of an `mfa_token`: no other credential is read."""

    authentication_classes = ()
    permission_classes = ()


@schema.authenticate
class MFAAuthenticateView(PendingLoginView):
    serializer_class = MFAAuthenticateSerializer

    def post(self, request):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        if "credential" in data:
            tokens = passkeys.pending_login_with_passkey(
                raw_token=data["mfa_token"], credential=data["credential"], request=request
            )
        elif data.get("code") not in (None, ""):
            tokens = services.pending_login_with_code(
                raw_token=data["mfa_token"], code=data["code"], request=request
            )
        else:
            raise CodeRequired(_("`code` (or a passkey's `credential`) is required."))
        return login_views.tokens_response(request, tokens, new_login=True)


@schema.webauthn_options
class WebAuthnOptionsView(PendingLoginView):
    serializer_class = MFATokenSerializer

    def post(self, request):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        options = passkeys.second_factor_options(raw_token=serializer.validated_data["mfa_token"])
        return no_store(Response(options))


@schema.passkey_registration_options
class PasskeyRegistrationOptionsView(EnrolmentView):
    serializer_class = OptionalCurrentPasswordSerializer

    def post(self, request):
        # A passkey is a way in on its own: a stolen access token alone must not add one.
        if assurance_level(request) < 2:
            password_checked(request, request.data)
        return no_store(Response(passkeys.registration_options(user=request.user)))


@schema.passkey_create
class PasskeyCreateView(generics.GenericAPIView):
    permission_classes = [permissions.IsAuthenticated, SecondFactorSession]
    serializer_class = PasskeyCreateSerializer

    def post(self, request):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        passkey = passkeys.passkey_register(
            user=request.user,
            name=serializer.validated_data["name"],
            credential=serializer.validated_data["credential"],
            request=request,
        )
        return Response(PasskeySerializer(passkey).data, status=status.HTTP_201_CREATED)


@schema.passkey_delete
class PasskeyDetailView(generics.DestroyAPIView):
    permission_classes = [permissions.IsAuthenticated, SecondFactorSession]

    def get_queryset(self):
        return self.request.user.passkeys.all()

    def perform_destroy(self, instance):
        passkeys.passkey_delete(passkey=instance, request=self.request)


@schema.passkey_login_options
class PasskeyLoginOptionsView(PendingLoginView):
    # Each call stores a challenge: anonymous callers are limited per IP.
    throttle_classes = [throttles.PasskeyLoginOptionsIPThrottle]

    def post(self, request):
        return no_store(Response(passkeys.login_options()))


@schema.passkey_login
class PasskeyLoginView(PendingLoginView):
    serializer_class = PasskeyLoginSerializer

    def post(self, request):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        tokens = passkeys.passkey_login(
            credential=serializer.validated_data["credential"], request=request
        )
        return login_views.tokens_response(request, tokens, new_login=True)
