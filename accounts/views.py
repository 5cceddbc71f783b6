from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django_filters.rest_framework import DjangoFilterBackend
from djoser import utils as djoser_utils
from djoser import views as djoser_views
from djoser.conf import settings as djoser_settings
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics, permissions, status
from rest_framework.decorators import action
from rest_framework.exceptions import ErrorDetail, ValidationError
from rest_framework.response import Response

from accounts.exceptions import ActivationDisabled, ProfileMissing
from accounts.filters import UserProfileFilter, UserProfileSearchFilter
from accounts.link_tokens import (
    activation_token,
    email_change_token,
    password_reset_token,
    username_reset_token,
)
from accounts.models import USERNAME_TAKEN, UserProfile
from accounts.permissions import IsOwnerProfileOrReadOnly, users_visible_to
from accounts.schema import (
    ADDRESS_EXAMPLES,
    CONFLICT,
    CURRENT_USER_EXAMPLES,
    PROFILE_EXAMPLES,
    PROFILE_LIST_EXAMPLES,
    REGISTER_EXAMPLES,
    USER_ACTIONS,
)
from accounts.serializers import (
    EmailChangeConfirmSerializer,
    SetEmailSerializer,
    UserProfileSerializer,
)
from accounts.services import (
    email_change_confirm,
    email_change_request,
    profile_create,
)
from eventScheduler.web.schema import BAD_REQUEST, FORBIDDEN, NOT_FOUND
from logins.authentication import RevocableJWTAuthenticationWithProfile
from logins.models import LoginSession
from logins.tokens import current_session_id, sessions_revoke
from mfa.services import has_second_factor, require_second_factor
from notifications.services import send, send_by_email
from security import audit, throttles
from security.models import SecurityEvent

OWNER_ONLY = "Anyone logged in may read a profile; only its owner may change it (403 for others)."


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


@extend_schema_view(
    get=extend_schema(summary="A profile"),
    put=extend_schema(summary="Update my profile (by its id)", description=OWNER_ONLY),
    patch=extend_schema(summary="Update part of my profile (by its id)", description=OWNER_ONLY),
    delete=extend_schema(
        summary="Delete my profile",
        description=OWNER_ONLY + " The account stays; POST /api/accounts/all-profiles/ makes "
        "a new profile.",
    ),
)
class UserProfileDetailView(generics.RetrieveUpdateDestroyAPIView):
    queryset = UserProfile.objects.select_related("user")
    serializer_class = UserProfileSerializer
    permission_classes = [permissions.IsAuthenticated, IsOwnerProfileOrReadOnly]


@extend_schema_view(
    get=extend_schema(summary="My profile"),
    put=extend_schema(summary="Update my profile"),
    patch=extend_schema(summary="Update part of my profile"),
)
@extend_schema(
    description="The caller's own profile, without knowing its id; 404 after the caller "
    "deleted it.",
    examples=PROFILE_EXAMPLES,
    responses={200: UserProfileSerializer, 404: NOT_FOUND},
)
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
# The ones that take an account's email address and mail that account.
MAILING_ACTIONS = ["resend_activation", "reset_password", "reset_username"]
READ_ONLY_RECORD = (
    "Nothing here can be changed: the email changes through `set_email`, the username through "
    "`set_username`; fields sent are ignored."
)


def action_schema(action, **schema):
    summary, description = USER_ACTIONS[action]
    return extend_schema(summary=summary, description=description, **schema)


@extend_schema_view(
    list=extend_schema(
        summary="List users (you; everyone with the view_user permission)",
        description="Without the permission the list holds the caller alone.",
    ),
    create=extend_schema(
        summary="Register",
        description="`username` and `password` are required. `email` is optional (unique "
        "ignoring case; needed to reset a forgotten password or log in by email); "
        "`is_organizer`, `location` and `description` fill in the new profile. When this "
        "server asks new accounts to activate, an activation email is sent and the account "
        "logs in once activated.",
        examples=REGISTER_EXAMPLES,
    ),
    retrieve=extend_schema(summary="A user (yourself; anyone with the view_user permission)"),
    update=extend_schema(
        summary="A user's record (read-only fields)", description=READ_ONLY_RECORD
    ),
    partial_update=extend_schema(
        summary="A user's record (read-only fields)", description=READ_ONLY_RECORD
    ),
    me=[
        extend_schema(
            methods=["GET"],
            summary="Who am I",
            description="The caller's record with their profile nested (`null` after they "
            "deleted it).",
            examples=CURRENT_USER_EXAMPLES,
        ),
        extend_schema(
            methods=["PUT", "PATCH"],
            summary="My record (read-only fields)",
            description=READ_ONLY_RECORD,
            examples=CURRENT_USER_EXAMPLES,
        ),
        extend_schema(
            methods=["DELETE"],
            summary="Delete my account",
            description=DELETE_ACCOUNT,
            responses={204: None, 400: BAD_REQUEST},
        ),
    ],
    destroy=extend_schema(
        summary="Delete an account (yours, or anyone's with the delete_user permission)",
        description=DELETE_ACCOUNT,
        responses={204: None, 400: BAD_REQUEST},
    ),
    activation=action_schema("activation", responses={204: None, 403: FORBIDDEN}),
    set_email=action_schema("set_email", responses={202: None, 400: BAD_REQUEST}),
    set_email_confirm=action_schema("set_email_confirm", responses={204: None, 400: BAD_REQUEST}),
    # djoser answers these with 204 and no body, not with the request serializer.
    **{
        action: action_schema(
            action,
            responses={204: None},
            examples=ADDRESS_EXAMPLES if action in MAILING_ACTIONS else None,
        )
        for action in DJOSER_NO_CONTENT_ACTIONS
    },
)
class UserViewSet(djoser_views.UserViewSet):
    """djoser's /auth/users/ endpoints; the project's additions to them go here.

    Most overrides let djoser do the work (super()) and only add the audit record or, for
    password and account changes, end the user's other sessions.
    """

    # /me/ nests the caller's profile: loaded with the user, not by a second query.
    authentication_classes = [RevocableJWTAuthenticationWithProfile]

    action_throttle_classes = {
        "create": [throttles.RegisterIPThrottle],
        "reset_password": [
            throttles.PasswordResetIPThrottle,
            throttles.PasswordResetEmailThrottle,
        ],
        "reset_username": [
            throttles.UsernameResetIPThrottle,
            throttles.UsernameResetEmailThrottle,
        ],
        "resend_activation": [
            throttles.ActivationResendIPThrottle,
            throttles.ActivationResendEmailThrottle,
        ],
        "set_password": [throttles.CurrentPasswordFailureThrottle],
        "set_username": [throttles.CurrentPasswordFailureThrottle],
        "set_email": [
            throttles.CurrentPasswordFailureThrottle,
            throttles.EmailChangeAccountThrottle,
        ],
        "destroy": [throttles.CurrentPasswordFailureThrottle],
    }
    # Every kind of emailed link checks tokens of its own purpose only.
    token_generators = {
        "activation": activation_token,
        "reset_password_confirm": password_reset_token,
        "reset_username_confirm": username_reset_token,
        "set_email_confirm": email_change_token,
    }

    @property
    def token_generator(self):
        return self.token_generators[self.action]

    def get_throttles(self):
        action = "destroy" if self.deleting_me() else self.action
        extra = self.action_throttle_classes.get(action, [])
        return [*super().get_throttles(), *(throttle() for throttle in extra)]

    def deleting_me(self):
        return self.action == "me" and self.request.method == "DELETE"

    def get_queryset(self):
        # Not djoser's: it shows every user to staff, whatever their permissions.
        return users_visible_to(self.request.user, get_user_model()._default_manager.all())

    def permission_denied(self, request, **kwargs):
        # The queryset already hid the records the caller may not see (404); a record they
        # can see but not change is a 403, not djoser's HIDE_USERS 404.
        super(djoser_views.UserViewSet, self).permission_denied(request, **kwargs)

    def get_object(self):
        # DRF's OPTIONS asks for the object too, under the action "metadata", also on /me/.
        if self.action == "metadata" and self.lookup_field not in self.kwargs:
            return self.request.user
        return super().get_object()

    def get_serializer_class(self):
        if self.action == "set_email":
            return SetEmailSerializer
        if self.action == "set_email_confirm":
            return EmailChangeConfirmSerializer
        return super().get_serializer_class()

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
        # djoser's, with the check outside the transaction: a wrong guess stays in the audit log.
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with transaction.atomic():
            request.user.set_password(serializer.validated_data["new_password"])
            request.user.save()
            sessions_revoke(
                user=request.user,
                reason=LoginSession.RevokedReason.PASSWORD_CHANGED,
                keep=current_session_id(request),
            )
        audit.record(type=SecurityEvent.Type.PASSWORD_CHANGED, request=request, user=request.user)
        send("password_changed", user_id=request.user.pk)
        return Response(status=status.HTTP_204_NO_CONTENT)

    def perform_destroy(self, instance):
        audit.record(type=SecurityEvent.Type.ACCOUNT_DELETED, request=self.request, user=instance)
        sessions_revoke(user=instance, reason=LoginSession.RevokedReason.ACCOUNT_DELETED)
        super().perform_destroy(instance)

    def email_by_task(self, kind):
        """Queue `kind` for the address in the request; the worker looks the account up (and
        records the audit event), so every address costs and answers the same."""
        serializer = self.get_serializer(data=self.request.data)
        serializer.is_valid(raise_exception=True)
        send_by_email(kind, email=serializer.validated_data["email"], request=self.request)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @action(["post"], detail=False)
    def reset_password(self, request, *args, **kwargs):
        return self.email_by_task("password_reset")

    @action(["post"], detail=False)
    def reset_password_confirm(self, request, *args, **kwargs):
        with transaction.atomic():
            response = super().reset_password_confirm(request, *args, **kwargs)
            user = self.user_from_uid()
            sessions_revoke(user=user, reason=LoginSession.RevokedReason.PASSWORD_CHANGED)
        audit.record(type=SecurityEvent.Type.PASSWORD_RESET_COMPLETED, request=request, user=user)
        return response

    @action(["post"], detail=False)
    def set_username(self, request, *args, **kwargs):
        # djoser's, with the save alone in a transaction: a wrong current password stays in the
        # audit log, and a name a concurrent request took after the check is the check's 400.
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = request.user
        user.username = serializer.data["new_username"]
        try:
            with transaction.atomic():
                user.save()
        except IntegrityError as exc:
            raise ValidationError(
                {"new_username": [ErrorDetail(USERNAME_TAKEN, code="unique")]}
            ) from exc
        if djoser_settings.USERNAME_CHANGED_EMAIL_CONFIRMATION:
            djoser_settings.EMAIL.username_changed_confirmation(request, {"user": user}).send(
                [user.email]
            )
        response = Response(status=status.HTTP_204_NO_CONTENT)
        audit.record(type=SecurityEvent.Type.USERNAME_CHANGED, request=request, user=request.user)
        return response

    @action(["post"], detail=False)
    def reset_username(self, request, *args, **kwargs):
        return self.email_by_task("username_reset")

    @action(["post"], detail=False)
    def reset_username_confirm(self, request, *args, **kwargs):
        response = super().reset_username_confirm(request, *args, **kwargs)
        audit.record(
            type=SecurityEvent.Type.USERNAME_CHANGED, request=request, user=self.user_from_uid()
        )
        return response

    @action(["post"], detail=False)
    def set_email(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        # The password was right; once the account has a second factor, a code too.
        require_second_factor(user=request.user, request_data=request.data, request=request)
        email_change_request(
            user=request.user, new_email=serializer.validated_data["new_email"], request=request
        )
        audit.record(
            type=SecurityEvent.Type.EMAIL_CHANGE_REQUESTED, request=request, user=request.user
        )
        return Response(status=status.HTTP_202_ACCEPTED)

    @action(["post"], detail=False, permission_classes=[permissions.AllowAny])
    def set_email_confirm(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        email_change_confirm(user=serializer.user)
        audit.record(type=SecurityEvent.Type.EMAIL_CHANGED, request=request, user=serializer.user)
        return Response(status=status.HTTP_204_NO_CONTENT)

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
        return self.email_by_task("activation")
