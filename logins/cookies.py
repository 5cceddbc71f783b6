"""Cookie mode for browser apps: the refresh token in an HttpOnly cookie, guarded from CSRF.

A cookie is sent by the browser on its own, so a request that relies on it must also prove it
comes from the app: Django's double-submit check (the `csrftoken` cookie echoed in the
`X-CSRFToken` header). Requests that carry the token in the body need no such proof.
"""

from django.conf import settings
from django.middleware.csrf import get_token, rotate_token
from rest_framework.authentication import SessionAuthentication


def refresh_from_cookie(request):
    """The refresh token from the cookie, or None; raises PermissionDenied without CSRF proof."""
    raw_token = request.COOKIES.get(settings.REFRESH_COOKIE_NAME)
    if raw_token:
        SessionAuthentication().enforce_csrf(request)
    return raw_token or None


def set_refresh_cookie(response, *, request, tokens, new_login=False):
    """Put the refresh token in the cookie and make sure the page has a CSRF token to echo."""
    response.set_cookie(
        settings.REFRESH_COOKIE_NAME,
        tokens.refresh,
        expires=tokens.session.refresh_token.expires_at,
        path=settings.REFRESH_COOKIE_PATH,
        secure=settings.REFRESH_COOKIE_SECURE,
        httponly=True,
        samesite=settings.REFRESH_COOKIE_SAMESITE,
    )
    # A new login gets a new CSRF secret, as Django's own login() does.
    if new_login:
        rotate_token(request)
    else:
        get_token(request)


def delete_refresh_cookie(response):
    response.delete_cookie(
        settings.REFRESH_COOKIE_NAME,
        path=settings.REFRESH_COOKIE_PATH,
        samesite=settings.REFRESH_COOKIE_SAMESITE,
    )
