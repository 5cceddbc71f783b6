"""What a username may be, and when two usernames are the same name.

Two names are the same when they fold to the same key (security.identifiers.fold, which the
per-account login limit counts unknown names by): NFKC-normalised (so "ａｌｉｃｅ", in
full-width letters, is "alice") and case-folded (so "ALICE" and "Straße"/"STRASSE" match).
Keys are unique, so a look-alike of an account's name can never be registered beside it to
get a fresh budget of login guesses against it.
"""

from confusable_homoglyphs import categories
from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible

from security.identifiers import fold

__all__ = ["UsernameCharactersValidator", "fold", "scripts"]

# Characters of these Unicode scripts go with any script (digits, "_", ".", combining marks).
NEUTRAL_SCRIPTS = {"COMMON", "INHERITED"}
# Scripts that are written together (Unicode TS #39, "highly restrictive"): Japanese mixes
# kanji with both kanas, Chinese uses bopomofo, Korean hanja; Latin goes with each.
SCRIPTS_WRITTEN_TOGETHER = [
    {"LATIN", "HAN", "HIRAGANA", "KATAKANA"},
    {"LATIN", "HAN", "BOPOMOFO"},
    {"LATIN", "HAN", "HANGUL"},
]


def scripts(name):
    """The Unicode scripts of the letters of `name` (the neutral ones left out)."""
    return categories.unique_aliases(name) - NEUTRAL_SCRIPTS


@deconstructible
class UsernameCharactersValidator:
    """No "@" (a username is never mistaken for an address) and one script per name."""

    def __call__(self, value):
        if "@" in value:
            raise ValidationError(
                "A username cannot contain @ (log in with your email address instead).",
                code="invalid_character",
            )
        found = scripts(value)
        if len(found) > 1 and not any(found <= group for group in SCRIPTS_WRITTEN_TOGETHER):
            raise ValidationError(
                "A username cannot mix scripts (such as Latin and Cyrillic letters): %(scripts)s.",
                code="mixed_scripts",
                params={"scripts": ", ".join(sorted(name.title() for name in found))},
            )

    def __eq__(self, other):
        return isinstance(other, UsernameCharactersValidator)
