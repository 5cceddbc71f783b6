from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.fields import empty

from mfa.models import Passkey


@extend_schema_field(OpenApiTypes.STR)
class CodeField(serializers.Field):
    """A TOTP or recovery code, passed through as sent: mfa.services checks it and answers
    `code_required` or `invalid_code`, since an error listed under a `code` key would collide
    with the error body's own `code`."""

    def validate_empty_values(self, data):
        # Missing, null or blank: mfa.services answers `code_required`, never a field error.
        if data is empty or data is None:
            return True, None
        return False, data

    def to_internal_value(self, data):
        return data

    def to_representation(self, value):
        return value


class CurrentPasswordSerializer(serializers.Serializer):
    current_password = serializers.CharField(style={"input_type": "password"}, max_length=4096)


class OptionalCurrentPasswordSerializer(serializers.Serializer):
    current_password = serializers.CharField(
        style={"input_type": "password"},
        max_length=4096,
        required=False,
        help_text="Required unless the session was opened with a second factor (aal 2).",
    )


class CodeSerializer(serializers.Serializer):
    code = CodeField(help_text="6 digits from the authenticator app, or a recovery code.")


class TOTPSetupSerializer(serializers.Serializer):
    secret = serializers.CharField(help_text="Base32, for typing into the app by hand.")
    otpauth_url = serializers.CharField(help_text="The otpauth:// URI the QR code holds.")
    qr_svg = serializers.CharField(help_text="The QR code as an SVG document.")


class RecoveryCodesSerializer(serializers.Serializer):
    recovery_codes = serializers.ListField(
        child=serializers.CharField(), help_text="Shown this once; each works once."
    )


class PasskeySerializer(serializers.ModelSerializer):
    class Meta:
        model = Passkey
        fields = ["id", "name", "created_at", "last_used_at"]
        read_only_fields = fields


class MFAStatusSerializer(serializers.Serializer):
    totp_enabled = serializers.BooleanField()
    recovery_codes_left = serializers.IntegerField()
    passkeys = PasskeySerializer(many=True)


class LoginForbiddenSerializer(serializers.Serializer):
    # What each code means is said once, by the login's 403 (mfa.schema.LOGIN_FORBIDDEN).
    schema_description = "A login refused before any token was issued; `code` says why."

    detail = serializers.CharField()
    code = serializers.ChoiceField(choices=["mfa_required", "origin_not_allowed"])
    mfa_token = serializers.CharField(
        required=False,
        help_text="With `mfa_required`: for POST /auth/mfa/authenticate/; 5 minutes, single "
        "use, 5 wrong codes.",
    )
    methods = serializers.ListField(
        child=serializers.ChoiceField(choices=["totp", "recovery_code", "webauthn"]),
        required=False,
        help_text="With `mfa_required`: the second factors this account has.",
    )


class MFATokenSerializer(serializers.Serializer):
    mfa_token = serializers.CharField(max_length=128)


class MFAAuthenticateSerializer(MFATokenSerializer):
    code = CodeField(required=False, help_text="A TOTP or recovery code; or send `credential`.")
    credential = serializers.DictField(
        required=False,
        help_text="The `toJSON()` of the PublicKeyCredential from navigator.credentials.get().",
    )


class PasskeyCreateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=Passkey._meta.get_field("name").max_length)
    credential = serializers.DictField(
        help_text="The `toJSON()` of the PublicKeyCredential from navigator.credentials.create()."
    )


class PasskeyLoginSerializer(serializers.Serializer):
    credential = serializers.DictField(
        help_text="The `toJSON()` of the PublicKeyCredential from navigator.credentials.get()."
    )
