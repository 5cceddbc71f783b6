from django.contrib.auth import get_user_model
from django.db import transaction
from django_filters.rest_framework import DjangoFilterBackend
from djoser import utils as djoser_utils
from djoser import views as djoser_views
from djoser.conf import settings as djoser_settings
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics, permissions
from rest_framework.decorators import action

from accounts.exceptions import ActivationDisabled, ProfileMissing
from accounts.filters import UserProfileFilter, UserProfileSearchFilter
from accounts.models import UserProfile
from accounts.permissions import IsOwnerProfileOrReadOnly
from accounts.schema import (
    CONFLICT,
    CURRENT_USER_EXAMPLES,
    PROFILE_EXAMPLES,
    PROFILE_LIST_EXAMPLES,
    REGISTER_EXAMPLES,
)
from accounts.serializers import UserProfileSerializer
from accounts.services import profile_create, user_by_email
from eventScheduler.web.schema import BAD_REQUEST, FORBIDDEN, NOT_FOUND
from logins.authentication import RevocableJWTAuthenticationWithProfile
from logins.models import LoginSession
from logins.tokens import current_session_id, sessions_revoke
from mfa.services import has_second_factor, require_second_factor
from security import audit, throttles
from security.models import SecurityEvent


@extend_schema_view(
    get=extend_schema(summary="List profiles", examples=PROFILE_LIST_EXAMPLES),
    post=extend_schema(
        summary="Create my profile (when I deleted it)",
        responses={201: UserProfileSerializer, 409: CONFLICT},
    ),
)
class UserProfileListCreateView(generics.ListCreateAPIView):
    queryset = UserProfile.objects.select_related("user")
    serializer_class = UserProfileSerializer
    filter_backends = [DjangoFilterBackend, UserProfileSearchFilter]
    filterset_class = UserProfileFilter
    search_fields = ["user__username", "location"]

    def perform_create(self, serializer):
        serializer.instance = profile_create(user=self.request.user, **serializer.validated_data)


class UserProfileDetailView(generics.RetrieveUpdateDestroyAPIView):
    queryset = UserProfile.objects.select_related("user")
    serializer_class = UserProfileSerializer
    permission_classes = [permissions.IsAuthenticated, IsOwnerProfileOrReadOnly]


@extend_schema(examples=PROFILE_EXAMPLES, responses={200: UserProfileSerializer, 404: NOT_FOUND})
class MyProfileView(generics.RetrieveUpdateAPIView):
    """The caller's own profile, without knowing its id."""

    serializer_class = UserProfileSerializer
    authentication_classes = [RevocableJWTAuthenticationWithProfile]

    def get_object(self):
        try:
            return self.request.user.profile
        except UserProfile.DoesNotExist as exc:
            raise ProfileMissing from exc


DELETE_ACCOUNT = (
    'The body must hold the password: `{"current_password": "..."}` '
    "(OpenAPI 3.0 cannot describe a DELETE body)."
)
DJOSER_NO_CONTENT_ACTIONS = [
    "resend_activation",
    "set_password",
    "reset_password",
    "reset_password_confirm",
    "set_username",
    "reset_username",
    "reset_username_confirm",
]


@extend_schema_view(
    list=extend_schema(summary="List users (just you; staff see everyone)"),
    create=extend_schema(summary="Register", examples=REGISTER_EXAMPLES),
    retrieve=extend_schema(summary="A user (yourself; staff: anyone)"),
    update=extend_schema(summary="Change a user's email (yours; staff: anyone's)"),
    partial_update=extend_schema(summary="Change a user's email (yours; staff: anyone's)"),
    me=[
        extend_schema(methods=["GET"], summary="Who am I", examples=CURRENT_USER_EXAMPLES),
        extend_schema(
            methods=["PUT", "PATCH"], summary="Change my email", examples=CURRENT_USER_EXAMPLES
        ),
        extend_schema(
            methods=["DELETE"],
            summary="Delete my account",
            description=DELETE_ACCOUNT,
            responses={204: None, 400: BAD_REQUEST},
        ),
    ],
    destroy=extend_schema(
        summary="Delete an account (your own, or anyone's as staff)",
        description=DELETE_ACCOUNT,
        responses={204: None, 400: BAD_REQUEST},
    ),
    activation=extend_schema(responses={204: None, 403: FORBIDDEN}),
    # djoser answers these with 204 and no body, not with the request serializer.
    **{action: extend_schema(responses={204: None}) for action in DJOSER_NO_CONTENT_ACTIONS},
)
class UserViewSet(djoser_views.UserViewSet):
    """djoser's /auth/users/ endpoints; the project's additions to them go here.

    Each override lets djoser do the work (super()) and only adds the audit record or, for
    password and account changes, ends the user's other sessions.
    """

    # /me/ nests the caller's profile: loaded with the user, not by a second query.
    authentication_classes = [RevocableJWTAuthenticationWithProfile]

    action_throttle_classes = {
        "create": [throttles.RegisterIPThrottle],
        "reset_password": [
            throttles.PasswordResetIPThrottle,
            throttles.PasswordResetEmailThrottle,
        ],
        "resend_activation": [
            throttles.ActivationResendIPThrottle,
            throttles.ActivationResendEmailThrottle,
        ],
    }

    def get_throttles(self):
        extra = self.action_throttle_classes.get(self.action, [])
        return [*super().get_throttles(), *(throttle() for throttle in extra)]

    def get_object(self):
        # DRF's OPTIONS asks for the object too, under the action "metadata", also on /me/.
        if self.action == "metadata" and self.lookup_field not in self.kwargs:
            return self.request.user
        return super().get_object()

    def user_from_uid(self):
        # djoser has already checked the uid and token of this request.
        return get_user_model()._default_manager.get(
            pk=djoser_utils.decode_uid(self.request.data["uid"])
        )

    @action(["post"], detail=False)
    def set_password(self, request, *args, **kwargs):
        # Once the account has a second factor, a code too; checked only after the password
        # was, so that a mistyped password uses up no code (djoser checks it again below).
        user = request.user
        password = request.data.get("current_password")
        if has_second_factor(user) and isinstance(password, str) and user.check_password(password):
            require_second_factor(user=user, request_data=request.data, request=request)
        with transaction.atomic():
            response = super().set_password(request, *args, **kwargs)
            sessions_revoke(
                user=request.user,
                reason=LoginSession.RevokedReason.PASSWORD_CHANGED,
                keep=current_session_id(request),
            )
        audit.record(type=SecurityEvent.Type.PASSWORD_CHANGED, request=request, user=request.user)
        return response

    def perform_destroy(self, instance):
        sessions_revoke(user=instance, reason=LoginSession.RevokedReason.ACCOUNT_DELETED)
        super().perform_destroy(instance)

    @action(["post"], detail=False)
    def reset_password(self, request, *args, **kwargs):
        response = super().reset_password(request, *args, **kwargs)
        user = user_by_email(email=request.data["email"])
        audit.record(type=SecurityEvent.Type.PASSWORD_RESET_REQUESTED, request=request, user=user)
        return response

    @action(["post"], detail=False)
    def reset_password_confirm(self, request, *args, **kwargs):
        with transaction.atomic():
            response = super().reset_password_confirm(request, *args, **kwargs)
            user = self.user_from_uid()
            sessions_revoke(user=user, reason=LoginSession.RevokedReason.PASSWORD_CHANGED)
        audit.record(type=SecurityEvent.Type.PASSWORD_RESET_COMPLETED, request=request, user=user)
        return response

    @action(["post"], detail=False)
    def activation(self, request, *args, **kwargs):
        response = super().activation(request, *args, **kwargs)
        audit.record(
            type=SecurityEvent.Type.ACCOUNT_ACTIVATED, request=request, user=self.user_from_uid()
        )
        return response

    @action(["post"], detail=False)
    def resend_activation(self, request, *args, **kwargs):
        # djoser answers a bare 400 here; ours says why, like every other error.
        if not djoser_settings.SEND_ACTIVATION_EMAIL:
            raise ActivationDisabled
        return super().resend_activation(request, *args, **kwargs)
