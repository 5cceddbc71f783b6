"""The OpenAPI examples of registration, /auth/users/ and the profile endpoints."""

from drf_spectacular.utils import OpenApiExample

from eventScheduler.web.schema import error, example

CONFLICT = error(
    "The caller already has a profile.",
    examples=[
        example(
            "Second profile", "You already have a profile; update it instead.", "profile_exists"
        )
    ],
)

PROFILE = {
    "id": 1,
    "user": "mario",
    "description": "I am a very famous game character",
    "location": "Mushroom Kingdom",
    "date_joined": "2026-11-29T15:00:00Z",
    "updated_on": "2026-11-29T15:05:00Z",
    "is_organizer": True,
}

REGISTER_EXAMPLES = [
    OpenApiExample(
        "An organizer signs up",
        request_only=True,
        value={
            "username": "mario",
            "password": "i-keep-jumping",
            "email": "mario@example.com",
            "is_organizer": True,
            "location": "Mushroom Kingdom",
        },
    ),
    OpenApiExample(
        "An attendee signs up with the minimum",
        request_only=True,
        value={"username": "luigi", "password": "green-and-tall"},
    ),
    OpenApiExample(
        "Registered",
        response_only=True,
        status_codes=["201"],
        value={"id": 1, "username": "mario", "email": "mario@example.com"},
    ),
]
CURRENT_USER_EXAMPLES = [
    OpenApiExample(
        "Who am I",
        response_only=True,
        value={"id": 1, "username": "mario", "email": "mario@example.com", "profile": PROFILE},
    ),
]
# drf-spectacular wraps a list example in a page of results.
# The address of an account: the endpoints that mail an account do their work only for one.
ADDRESS_EXAMPLES = [
    OpenApiExample("An account's address", request_only=True, value={"email": "mario@example.com"})
]

PROFILE_LIST_EXAMPLES = [OpenApiExample("Profiles", response_only=True, value=PROFILE)]
PROFILE_EXAMPLES = [
    OpenApiExample(
        "Become an organizer",
        request_only=True,
        value={"location": "Mushroom Kingdom", "is_organizer": True},
    ),
    OpenApiExample("A profile", response_only=True, value=PROFILE),
]

# What each action of /auth/users/ does, for the API's users: (summary, description).
PASSWORD_LIMIT = (
    " A wrong `current_password` counts toward a limit per account (5 in 15 minutes by "
    "default; then 429) and is recorded in the security events."
)
SECOND_FACTOR = (
    " Once the account has an authenticator app, send a `code` too (TOTP or recovery code); "
    "with a passkey only, use a session that logged in with it."
)
EMAILS_LATER = (
    " Always 204, whether or not an account has the address; the email, if any, is sent "
    "in the background."
)
USER_ACTIONS = {
    "activation": (
        "Activate a new account",
        "`uid` and `token` from the activation email. 403 for an account that was active "
        "before (a deactivated account stays deactivated).",
    ),
    "resend_activation": (
        "Send the activation email again",
        "For an account not activated yet." + EMAILS_LATER + " 400 `activation_disabled` "
        "when this server does not ask new accounts to activate.",
    ),
    "set_password": (
        "Change my password",
        "Ends the caller's other sessions; this one stays." + PASSWORD_LIMIT + SECOND_FACTOR,
    ),
    "reset_password": (
        "Forgot my password: email a reset link",
        "The link goes to the active account with this address." + EMAILS_LATER,
    ),
    "reset_password_confirm": (
        "Set a new password with the reset link",
        "`uid` and `token` from the link. Ends every session of the account.",
    ),
    "set_username": (
        "Change my username",
        "Usernames are unique ignoring case and look-alike characters." + PASSWORD_LIMIT,
    ),
    "reset_username": (
        "Forgot my username: email a link to choose a new one",
        "The link goes to the active account with this address." + EMAILS_LATER,
    ),
    "reset_username_confirm": (
        "Choose a new username with the emailed link",
        "`uid` and `token` from the link.",
    ),
    "set_email": (
        "Change my email: mails a confirmation link to the new address",
        "202: the address changes when the link is followed (POST set_email_confirm); the "
        "old address is told. An address taken by another account gets the same 202, and "
        "its owner an email." + PASSWORD_LIMIT + SECOND_FACTOR,
    ),
    "set_email_confirm": (
        "Confirm an email change with the link's uid and token",
        "The address changes now; the link works once.",
    ),
}
