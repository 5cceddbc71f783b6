"""Second factors (a TOTP secret, recovery codes, passkeys) and the short-lived state of their
ceremonies (pending logins, WebAuthn challenges).

The short-lived state is kept in the database, not the cache: with the default settings (no
Redis) each app process has its own cache, and a ceremony started on one worker must finish
on another.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone


class TOTPDevice(models.Model):
    """A user's authenticator app: pending until a first code proves it was set up."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="totp_device"
    )
    # The base32 secret, encrypted (mfa.crypto): never stored in the clear.
    encrypted_secret = models.TextField()
    confirmed_at = models.DateTimeField(null=True, blank=True)
    # The newest 30-second step whose code was accepted: a code is good once (no replay).
    last_used_step = models.BigIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        state = "active" if self.confirmed_at else "pending"
        return f"TOTP of {self.user_id} ({state})"


class RecoveryCode(models.Model):
    """One single-use code for when the authenticator app is lost; only its hash is kept."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="recovery_codes"
    )
    digest = models.CharField(max_length=64)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "digest"], name="mfa_recoverycode_unique")
        ]

    def __str__(self):
        return f"Recovery code of {self.user_id} ({'used' if self.used_at else 'unused'})"


class Passkey(models.Model):
    """A WebAuthn credential: a second factor after the password, or a passwordless login."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="passkeys"
    )
    name = models.CharField(max_length=64)
    # base64url of the credential id, as browsers send it (`id`).
    credential_id = models.CharField(max_length=1400, unique=True)
    public_key = models.BinaryField()
    # The WebAuthn user.id the authenticator stored with it (mfa.passkeys.user_handle).
    user_handle = models.BinaryField(max_length=64)
    sign_count = models.PositiveBigIntegerField(default=0)
    # Synced passkeys (backup eligible) are software keys (amr `swk`), others hardware (`hwk`).
    backup_eligible = models.BooleanField(default=False)
    transports = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"Passkey {self.name!r} of {self.user_id}"


class PendingLogin(models.Model):
    """A login that passed the password and waits for the second factor (the `mfa_token`).

    The token itself is never stored, only its SHA-256. It dies when it is used, when it
    expires, after too many wrong codes, and when the password changes (the fingerprint of
    the password hash it was issued under no longer matches).
    """

    token_digest = models.CharField(max_length=64, unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="pending_logins"
    )
    password_fingerprint = models.CharField(max_length=64)
    failures = models.PositiveSmallIntegerField(default=0)
    # The challenge of the WebAuthn ceremony started for this login, base64url; "" for none.
    webauthn_challenge = models.CharField(max_length=128, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(db_index=True)

    def __str__(self):
        return f"Pending login of {self.user_id} until {self.expires_at}"


class WebAuthnChallenge(models.Model):
    """A challenge the server handed out for a passkey registration or a passkey login.

    Found again by its value in the browser's clientDataJSON and deleted on first use.
    """

    class Purpose(models.TextChoices):
        REGISTER = "register"
        LOGIN = "login"

    challenge = models.CharField(max_length=128, unique=True)
    purpose = models.CharField(max_length=16, choices=Purpose)
    # The user registering a passkey; None for a passwordless login (anyone may start one).
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE
    )
    expires_at = models.DateTimeField(db_index=True)

    def __str__(self):
        return f"{self.purpose} challenge until {self.expires_at}"
