"""The errors of the accounts domain; eventScheduler.web.errors gives them their JSON body."""

from rest_framework import exceptions, status


class ProfileAlreadyExists(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "You already have a profile; update it instead."
    default_code = "profile_exists"


class ProfileMissing(exceptions.NotFound):
    default_detail = "You have no profile; create it with POST /api/accounts/all-profiles/."


class ActivationDisabled(exceptions.APIException):
    status_code = status.HTTP_400_BAD_REQUEST
    default_detail = "Account activation is turned off on this server."
    default_code = "activation_disabled"
