from rest_framework_simplejwt.authentication import JWTAuthentication

from logins.tokens import session_user


class RevocableJWTAuthentication(JWTAuthentication):
    """simplejwt's bearer authentication, refusing access tokens of revoked sessions at once.

    simplejwt already loads the user for every request; this loads it joined to the token's
    session instead, so the revocation check adds no query.
    """

    # Relations of the user to load in that same query (select_related).
    user_related = ()

    def get_user(self, validated_token):
        return session_user(token=validated_token, related=self.user_related)


class RevocableJWTAuthenticationWithProfile(RevocableJWTAuthentication):
    """The same, loading the caller's profile with the user: for the views that show it."""

    user_related = ("profile",)
