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
    OpenApiExample("Change my email", request_only=True, value={"email": "mario@new.example"}),
]
# drf-spectacular wraps a list example in a page of results.
PROFILE_LIST_EXAMPLES = [OpenApiExample("Profiles", response_only=True, value=PROFILE)]
PROFILE_EXAMPLES = [
    OpenApiExample(
        "Become an organizer",
        request_only=True,
        value={"location": "Mushroom Kingdom", "is_organizer": True},
    ),
    OpenApiExample("A profile", response_only=True, value=PROFILE),
]
