"""Login sessions: refresh-token families kept in simplejwt's token_blacklist tables.

A login starts a session and issues a refresh token that names it in the `sid` claim; the
access tokens made from it carry the claim too. Every refresh rotates: the presented token is
blacklisted and the session points at its successor. A rotated token presented again is a
replay, so the whole session is revoked and the successor dies with it. Revoking a session
blacklists its newest refresh token and, through `sid`, stops its access tokens at the next
request (`session_user`).
"""

import enum
import ipaddress
import uuid
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import update_last_login
from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework.throttling import BaseThrottle
from rest_framework_simplejwt.exceptions import AuthenticationFailed, InvalidToken, TokenError
from rest_framework_simplejwt.settings import api_settings
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken
from rest_framework_simplejwt.tokens import AccessToken, RefreshToken, UntypedToken
from rest_framework_simplejwt.utils import datetime_from_epoch

from logins import signals, token_storage
from logins.models import LoginSession

SESSION_CLAIM = "sid"
# How the login was proved (NIST SP 800-63B authenticator assurance level, RFC 8176 methods);
# copied from the refresh token into its access tokens and kept by every rotation.
AAL_CLAIM = "aal"
AMR_CLAIM = "amr"
USER_AGENT_MAX_LENGTH = LoginSession._meta.get_field("user_agent").max_length

Reason = LoginSession.RevokedReason


class TokenReused(InvalidToken):
    default_detail = _("This refresh token was already used; its session has been revoked.")
    default_code = "token_reused"


class SessionExpired(InvalidToken):
    default_detail = _("This session has reached its maximum age; log in again.")
    default_code = "session_expired"


class SessionClaimMixin:
    """Refuse tokens that do not name a session, or name it with something not a UUID."""

    def verify(self):
        super().verify()
        try:
            uuid.UUID(str(self.payload[SESSION_CLAIM]))
        except (KeyError, ValueError) as exc:
            raise TokenError(_("Token has no valid session")) from exc


class SessionAccessToken(SessionClaimMixin, AccessToken):
    pass


class SessionRefreshToken(SessionClaimMixin, RefreshToken):
    access_token_class = SessionAccessToken

    def check_blacklist(self):
        # A blacklisted refresh token is either a concurrent refresh or a replay; only its
        # session, locked, can tell which (`_present`), so it must not be refused here.
        pass


@dataclass(frozen=True)
class Assurance:
    aal: int
    amr: tuple[str, ...]

    @classmethod
    def of_token(cls, token):
        """The assurance a token carries; a token from before the claims existed: a password."""
        aal, amr = token.get(AAL_CLAIM), token.get(AMR_CLAIM)
        if (
            aal not in (1, 2)
            or not isinstance(amr, list)
            or not all(isinstance(m, str) for m in amr)
        ):
            return PASSWORD_ONLY
        return cls(aal=aal, amr=tuple(amr))


PASSWORD_ONLY = Assurance(aal=1, amr=("pwd",))


def assurance_level(request) -> int:
    """The `aal` of the access token that authenticated `request` (1 without a token)."""
    token = getattr(request, "auth", None)
    return Assurance.of_token(token).aal if token is not None else 1


@dataclass(frozen=True)
class IssuedTokens:
    session: LoginSession
    refresh: str
    access: str


class _Use(enum.Enum):
    CURRENT = "current"
    CONCURRENT = "concurrent"
    REPLAY = "replay"


def session_start(*, user, request, assurance=PASSWORD_ONLY) -> IssuedTokens:
    """Log `user` in: a new session and its first token pair, carrying `assurance`."""
    session_id, started = uuid.uuid4(), timezone.now()
    with transaction.atomic():
        refresh, outstanding = _issue_refresh(
            user=user, session_id=session_id, started=started, assurance=assurance
        )
        session = LoginSession.objects.create(
            id=session_id,
            user=user,
            refresh_token=outstanding,
            created_at=started,
            **_client(request),
        )
    if api_settings.UPDATE_LAST_LOGIN:
        update_last_login(None, user)
    signals.logged_in.send(sender=LoginSession, session=session, user=user, request=request)
    return IssuedTokens(session=session, refresh=str(refresh), access=str(refresh.access_token))


def session_refresh(*, raw_token, request) -> IssuedTokens:
    """Rotate the presented refresh token; a replay revokes its session and is refused."""
    token = SessionRefreshToken(raw_token)
    with transaction.atomic():
        session, use = _present(token)
        if use is _Use.CURRENT:
            refresh = str(_rotate(session, request=request, assurance=Assurance.of_token(token)))
        elif use is _Use.CONCURRENT:
            refresh = token_storage.decrypt(session.refresh_token.token)
    if use is _Use.REPLAY:
        _refuse_replay(session, request=request)
    return IssuedTokens(session=session, refresh=refresh, access=str(token.access_token))


def session_of_refresh(*, raw_token, request):
    """The live session that `raw_token` is the current refresh token of (no rotation).

    A replayed token is handled as in `session_refresh`: the session is revoked and refused.
    """
    with transaction.atomic():
        session, use = _present(SessionRefreshToken(raw_token))
    if use is _Use.REPLAY:
        _refuse_replay(session, request=request)
    return session


def session_named_by(*, raw_token):
    """The session a validly signed refresh token belongs to, whatever its state, or None."""
    token = SessionRefreshToken(raw_token)
    return (
        LoginSession.objects.select_related("user")
        .filter(
            pk=token[SESSION_CLAIM],
            **{f"user__{api_settings.USER_ID_FIELD}": token.get(api_settings.USER_ID_CLAIM)},
        )
        .first()
    )


def session_logout(*, session, request) -> None:
    """End one session (logout, or the user deleting it from their list)."""
    if _revoke(LoginSession.objects.filter(pk=session.pk), reason=Reason.LOGOUT):
        signals.logged_out.send(
            sender=LoginSession, session=session, user=session.user, request=request
        )


def sessions_logout_all(*, user, request) -> int:
    """End every session of `user`, admin sessions included; return how many were live."""
    count = sessions_revoke(user=user, reason=Reason.LOGOUT_ALL)
    Session.objects.filter(owner__user=user).delete()
    signals.logged_out_everywhere.send(
        sender=LoginSession, user=user, request=request, revoked=count
    )
    return count


def sessions_revoke(*, user, reason, keep=None) -> int:
    """Revoke `user`'s live sessions except the one whose id is `keep`; return the count."""
    sessions = LoginSession.objects.filter(user=user)
    if keep is not None:
        sessions = sessions.exclude(pk=keep)
    return _revoke(sessions, reason=reason)


def session_user(*, token, related=()):
    """The user an access token authenticates, if its session is live (one indexed query).

    `related` names relations of the user to load in the same query.
    """
    user_model = get_user_model()
    users = user_model.objects.select_related(*related) if related else user_model.objects
    try:
        user = users.get(
            **{api_settings.USER_ID_FIELD: token.get(api_settings.USER_ID_CLAIM)},
            login_sessions__pk=token[SESSION_CLAIM],
            login_sessions__revoked_at__isnull=True,
        )
    except user_model.DoesNotExist as exc:
        raise AuthenticationFailed(_("Session has been revoked"), code="session_revoked") from exc
    if api_settings.CHECK_USER_IS_ACTIVE and not user.is_active:
        raise AuthenticationFailed(_("User is inactive"), code="user_inactive")
    return user


def token_verify(*, raw_token) -> None:
    """Raise TokenError unless `raw_token` is valid, not blacklisted and of a live session."""
    token = UntypedToken(raw_token)
    if BlacklistedToken.objects.filter(token__jti=token.get(api_settings.JTI_CLAIM)).exists():
        raise TokenError(_("Token is blacklisted"))
    try:
        session_id = uuid.UUID(str(token[SESSION_CLAIM]))
    except (KeyError, ValueError) as exc:
        raise TokenError(_("Token has no valid session")) from exc
    if not LoginSession.objects.live().filter(pk=session_id, user__is_active=True).exists():
        raise TokenError(_("Session has been revoked"))


def current_session_id(request):
    """The id of the session whose access token authenticated `request`, or None."""
    token = getattr(request, "auth", None)
    return token.get(SESSION_CLAIM) if token is not None else None


def _present(token):
    """Lock the live session of a refresh token and tell how the token is being used."""
    session = (
        LoginSession.objects.select_for_update(of=("self",))
        .select_related("user", "refresh_token")
        .filter(pk=token[SESSION_CLAIM], revoked_at__isnull=True)
        .first()
    )
    if session is None or not _is_of_user(token, session.user):
        raise InvalidToken(_("Session has been revoked"))
    if not api_settings.USER_AUTHENTICATION_RULE(session.user):
        raise AuthenticationFailed(
            _("No active account found for the given token."), code="no_active_account"
        )
    if timezone.now() >= session.created_at + settings.LOGIN_SESSION_MAX_AGE:
        raise SessionExpired
    jti = token[api_settings.JTI_CLAIM]
    if jti == session.refresh_token.jti:
        return session, _Use.CURRENT
    grace = settings.REFRESH_REUSE_GRACE
    if jti == session.previous_jti and timezone.now() - session.rotated_at <= grace:
        return session, _Use.CONCURRENT
    return session, _Use.REPLAY


def _refuse_replay(session, *, request):
    _revoke(LoginSession.objects.filter(pk=session.pk), reason=Reason.TOKEN_REUSE)
    signals.token_reuse_detected.send(
        sender=LoginSession, session=session, user=session.user, request=request
    )
    raise TokenReused


def _rotate(session, *, request, assurance) -> SessionRefreshToken:
    BlacklistedToken.objects.get_or_create(token=session.refresh_token)
    refresh, outstanding = _issue_refresh(
        user=session.user,
        session_id=session.pk,
        started=session.created_at,
        assurance=assurance,
    )
    now = timezone.now()
    session.previous_jti = session.refresh_token.jti
    session.refresh_token = outstanding
    session.rotated_at = session.last_refreshed_at = now
    for field, value in _client(request).items():
        setattr(session, field, value)
    session.save()
    return refresh


def _revoke(sessions, *, reason) -> int:
    """Revoke the live ones of `sessions` and blacklist their newest refresh tokens."""
    with transaction.atomic():
        live = list(
            sessions.select_for_update(of=("self",))
            .filter(revoked_at__isnull=True)
            .values_list("pk", "refresh_token_id")
        )
        BlacklistedToken.objects.bulk_create(
            [BlacklistedToken(token_id=token_id) for _pk, token_id in live],
            ignore_conflicts=True,
        )
        LoginSession.objects.filter(pk__in=[pk for pk, _token_id in live]).update(
            revoked_at=timezone.now(), revoked_reason=reason
        )
    return len(live)


def _issue_refresh(*, user, session_id, started, assurance):
    """A new refresh token of the session, recorded as outstanding the way simplejwt does.

    It carries the session's assurance and expires with the session at the latest
    (`started` + LOGIN_SESSION_MAX_AGE).
    """
    refresh = SessionRefreshToken()
    refresh[api_settings.USER_ID_CLAIM] = str(_user_id(user))
    refresh[SESSION_CLAIM] = str(session_id)
    refresh[AAL_CLAIM] = assurance.aal
    refresh[AMR_CLAIM] = list(assurance.amr)
    session_ends = started + settings.LOGIN_SESSION_MAX_AGE
    if datetime_from_epoch(refresh["exp"]) > session_ends:
        refresh.set_exp(from_time=session_ends, lifetime=timedelta(0))
    outstanding = OutstandingToken.objects.create(
        user=user,
        jti=refresh[api_settings.JTI_CLAIM],
        token=str(refresh),
        created_at=refresh.current_time,
        expires_at=datetime_from_epoch(refresh["exp"]),
    )
    return refresh, outstanding


def _user_id(user):
    return getattr(user, api_settings.USER_ID_FIELD)


def _is_of_user(token, user):
    return str(token.get(api_settings.USER_ID_CLAIM)) == str(_user_id(user))


def _client(request):
    """User agent and IP address of the client as this server sees them."""
    try:
        ip_address = str(ipaddress.ip_address(BaseThrottle().get_ident(request)))
    except ValueError:
        ip_address = None
    user_agent = request.META.get("HTTP_USER_AGENT", "")[:USER_AGENT_MAX_LENGTH]
    return {"user_agent": user_agent, "ip_address": ip_address}
