"""The /auth/ endpoints for tokens and sessions; the work is done in logins.tokens."""

from django.middleware.csrf import get_token
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, generics, status
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework_simplejwt.exceptions import InvalidToken, TokenError
from rest_framework_simplejwt.serializers import TokenObtainSerializer

from logins import cookies
from logins.authentication import RevocableJWTAuthentication
from logins.models import LoginSession
from logins.serializers import (
    LoginSessionSerializer,
    RefreshTokenSerializer,
    TokenPairSerializer,
    VerifyTokenSerializer,
)
from logins.tokens import (
    current_session_id,
    session_logout,
    session_named_by,
    session_of_refresh,
    session_refresh,
    session_start,
    sessions_logout_all,
    token_verify,
)
from security import throttles


def tokens_response(request, tokens, *, new_login=False):
    response = Response(TokenPairSerializer(tokens).data)
    # Tokens are credentials: no cache on the way may keep them (RFC 6749, section 5.1).
    response["Cache-Control"] = "no-store"
    cookies.set_refresh_cookie(response, request=request, tokens=tokens, new_login=new_login)
    # A token must never be kept by a cache on the way (RFC 6749, section 5.1).
    add_never_cache_headers(response)
    return response


def logged_out_response():
    response = Response(status=status.HTTP_204_NO_CONTENT)
    cookies.delete_refresh_cookie(response)
    return response


class TokenView(generics.GenericAPIView):
    """Base of the views that read a token: a bad token is a 401, as in simplejwt's views."""

    refresh_in_cookie = False
    # For the OpenAPI description: a bad token in the body is a 401 here.
    reads_tokens = True

    def refresh_token(self, request):
        """The refresh token from the body or else, with CSRF proof, from the cookie; or None."""
        serializer = RefreshTokenSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        if raw_token := serializer.validated_data.get("refresh"):
            return raw_token
        raw_token = cookies.refresh_from_cookie(request)
        self.refresh_in_cookie = raw_token is not None
        return raw_token

    def get_authenticate_header(self, request):
        # Also for the views without authentication classes, so that DRF keeps their 401s.
        return RevocableJWTAuthentication().authenticate_header(request)

    def handle_exception(self, exc):
        if isinstance(exc, TokenError):
            exc = InvalidToken(exc.args[0])
        response = super().handle_exception(exc)
        # A refresh cookie that was refused is of no further use to the browser.
        if self.refresh_in_cookie and response.status_code == status.HTTP_401_UNAUTHORIZED:
            cookies.delete_refresh_cookie(response)
        return response


class LoginView(TokenView):
    authentication_classes = ()
    permission_classes = ()
    # Checked before the password is: a refused attempt costs no hash and counts no failure.
    throttle_classes = [throttles.LoginFailureAccountThrottle, throttles.LoginFailureIPThrottle]
    serializer_class = TokenObtainSerializer

    def post(self, request):
        cookies.enforce_login_origin(request)
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return self.password_accepted(request, serializer.user)

    def password_accepted(self, request, user):
        """The answer to a right password: a session and its tokens (mfa.views adds a step)."""
        tokens = session_start(user=user, request=request)
        return tokens_response(request, tokens, new_login=True)


class RefreshView(TokenView):
    authentication_classes = ()
    permission_classes = ()
    throttle_classes = [throttles.TokenRefreshIPThrottle]
    serializer_class = RefreshTokenSerializer

    def post(self, request):
        raw_token = self.refresh_token(request)
        if raw_token is None:
            raise exceptions.ValidationError({"refresh": [_("This field is required.")]})
        return tokens_response(request, session_refresh(raw_token=raw_token, request=request))


class LogoutView(TokenView):
    """End one session: the refresh token's (body or cookie), else the access token's own."""

    permission_classes = ()
    serializer_class = RefreshTokenSerializer

    def post(self, request):
        if (raw_token := self.refresh_token(request)) is not None:
            session = session_named_by(raw_token=raw_token)
        elif request.user.is_authenticated:
            session = LoginSession.objects.filter(pk=current_session_id(request)).first()
        else:
            raise exceptions.NotAuthenticated
        if session is not None:
            session_logout(session=session, request=request)
        return logged_out_response()


class LogoutAllView(TokenView):
    """End every session of the caller, named by the access token or a live refresh token."""

    permission_classes = ()
    serializer_class = RefreshTokenSerializer

    def post(self, request):
        if request.user.is_authenticated:
            # The access token names the user; a body sent along must still be valid JSON.
            RefreshTokenSerializer(data=request.data).is_valid(raise_exception=True)
            user = request.user
        elif (raw_token := self.refresh_token(request)) is not None:
            user = session_of_refresh(raw_token=raw_token, request=request).user
        else:
            raise exceptions.NotAuthenticated
        sessions_logout_all(user=user, request=request)
        return logged_out_response()


class VerifyView(TokenView):
    authentication_classes = ()
    permission_classes = ()
    serializer_class = VerifyTokenSerializer

    def post(self, request):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        token_verify(raw_token=serializer.validated_data["token"])
        return Response({})


class CsrfTokenView(APIView):
    """Sets the `csrftoken` cookie for a page that has none; the body holds the same token."""

    authentication_classes = ()
    permission_classes = ()

    def get(self, request):
        response = Response({"csrf_token": get_token(request)})
        add_never_cache_headers(response)
        return response


class LoginSessionListView(generics.ListAPIView):
    serializer_class = LoginSessionSerializer

    def get_queryset(self):
        return LoginSession.objects.live().filter(user=self.request.user)

    def get_serializer_context(self):
        current = current_session_id(self.request)
        return {**super().get_serializer_context(), "current_session_id": current}


class LoginSessionDetailView(generics.DestroyAPIView):
    def get_queryset(self):
        return LoginSession.objects.live().filter(user=self.request.user)

    def perform_destroy(self, instance):
        session_logout(session=instance, request=self.request)
