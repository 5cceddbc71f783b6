from rest_framework import permissions

from logins.tokens import assurance_level
from mfa.services import has_second_factor


class SecondFactorSession(permissions.BasePermission):
    """Changing second factors: a user who has one must be in a session that proved one."""

    message = "Log in with your second factor (a session with aal 2) to change your factors."
    code = "aal2_required"

    def has_permission(self, request, view):
        user = request.user
        return assurance_level(request) >= 2 or not has_second_factor(user)
