"""Settings of the eventScheduler project, read from the environment.

One module for every environment: development and production differ only in their
environment variables (see `.env.example`), which a local `.env` may hold. Without any, the
project runs in production mode on SQLite and refuses to start until DJANGO_SECRET_KEY is set;
`DJANGO_DEBUG=1` gives a development server that needs nothing else. Tests read no variable but
DATABASE_URL and TEST_REDIS_URL.
"""

import os
import secrets
import sys
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import environ
from django.core.exceptions import ImproperlyConfigured

from eventScheduler.web.logs import logging_config

BASE_DIR = Path(__file__).resolve().parent.parent

# Both test entry points (`pytest` and `manage.py test`) run with test-only settings below.
TESTING = "pytest" in sys.modules or sys.argv[1:2] == ["test"]

env = environ.Env()
if TESTING:
    # Tests set what they depend on: neither the shell nor a .env changes what they see. Only the
    # database is chosen from outside (the services pass); Redis comes from TEST_REDIS_URL below.
    env.ENVIRON = {name: os.environ[name] for name in ["DATABASE_URL"] if name in os.environ}
elif DOT_ENV := env.str("DJANGO_ENV_FILE", default=str(BASE_DIR / ".env")):
    # A local .env (`make run` writes one) is read when present; the real environment wins.
    # Deployments set the environment and have none; DJANGO_ENV_FILE= (empty) reads no file.
    if Path(DOT_ENV).is_file():
        environ.Env.read_env(DOT_ENV, overwrite=False)

DEBUG = env.bool("DJANGO_DEBUG", default=False)

DEVELOPMENT_KEY = "insecure-development-key-never-use-in-production"
# Django's own check (security.W009) asks for at least 50 characters.
KEY_MIN_LENGTH = 50
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")
if not SECRET_KEY:
    if not (DEBUG or TESTING):
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. Set it to a long random value "
            "(python -c 'import secrets; print(secrets.token_urlsafe(50))'), "
            "or set DJANGO_DEBUG=1 for local development (`make run` writes both into .env)."
        )
    SECRET_KEY = DEVELOPMENT_KEY
JWT_SIGNING_KEY = env.str("JWT_SIGNING_KEY", default=SECRET_KEY)
if not (DEBUG or TESTING):
    for name, key in [("DJANGO_SECRET_KEY", SECRET_KEY), ("JWT_SIGNING_KEY", JWT_SIGNING_KEY)]:
        if len(key) < KEY_MIN_LENGTH or key == DEVELOPMENT_KEY:
            raise ImproperlyConfigured(
                f"{name} must be a random value of at least {KEY_MIN_LENGTH} characters, not "
                "the development key (python -c 'import secrets; print(secrets.token_urlsafe(50))')."
            )

ALLOWED_HOSTS = env.list(
    "DJANGO_ALLOWED_HOSTS",
    default=["localhost", "127.0.0.1", "[::1]"] if DEBUG else [],
)

INSTALLED_APPS = [
    # Django
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    # Third party
    "rest_framework",
    "rest_framework_simplejwt",
    "rest_framework_simplejwt.token_blacklist",
    "djoser",
    "corsheaders",
    "django_filters",
    "drf_spectacular",
    # Swagger UI and ReDoc served from our own static files, not from a CDN.
    "drf_spectacular_sidecar",
    # Local
    "accounts",
    "logins",
    "security",
    "mfa",
    # Before django_tasks_db: its `db_worker` command is ours (notifications.worker).
    "notifications",
    # Third party, after the app that overrides one of their commands
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "eventScheduler.web.request_id.RequestIdMiddleware",
    # Before anything that answers by itself, so every answer (preflights, 503s included)
    # carries the CORS headers a browser needs to read it.
    "corsheaders.middleware.CorsMiddleware",
    "eventScheduler.web.health.ServiceUnavailableMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "eventScheduler.web.middleware.OptionalTrailingSlashMiddleware",
    "eventScheduler.web.middleware.JsonNotFoundInDebugMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

# Every route answers with and without its trailing slash (OptionalTrailingSlashMiddleware);
# a redirect would turn a POST into a GET and lose its body.
APPEND_SLASH = False

ROOT_URLCONF = "eventScheduler.urls"
WSGI_APPLICATION = "eventScheduler.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
# Persistent database connections, checked at the start of each request that uses them so a
# restarted database costs one reconnect, not an error. Off in debug: runserver starts a thread
# per request, which would leave a connection behind each time.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0 if DEBUG else 60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = env.bool("CONN_HEALTH_CHECKS", default=True)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # An unreachable database fails a request (and /health/ready) in seconds, not minutes;
    # DATABASE_URL's ?connect_timeout= overrides it.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 5)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Two tabs refreshing at once must queue on the session row. PostgreSQL locks it (SELECT
    # ... FOR UPDATE); SQLite has no row locks, so its transactions take the write lock at BEGIN.
    DATABASES["default"].setdefault("OPTIONS", {})["transaction_mode"] = "IMMEDIATE"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The cache holds the throttle counts, so every app process must see the same one: Redis with
# REDIS_URL, else a table of the database (created by migrate: security migration 0002).
# Tests use a local-memory cache, or a Redis only when TEST_REDIS_URL names one, and then only
# keys under a prefix of their own run, so they never touch another's data in a shared database.
REDIS_URL = os.environ.get("TEST_REDIS_URL", "") if TESTING else env.str("REDIS_URL", default="")
CACHE_KEY_PREFIX = (
    f"test-{secrets.token_hex(4)}" if TESTING else env.str("CACHE_KEY_PREFIX", default="")
)
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": CACHE_KEY_PREFIX,
            # An unreachable Redis fails fast; redis-py would otherwise wait forever.
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
elif TESTING:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "django_cache",
        }
    }

AUTH_USER_MODEL = "accounts.User"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env.path("DJANGO_STATIC_ROOT", default=BASE_DIR / "staticfiles")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "logins.authentication.RevocableJWTAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.IsAuthenticated",
    ],
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        *(["rest_framework.renderers.BrowsableAPIRenderer"] if DEBUG else []),
    ],
    # JSON only, on every endpoint: a cross-site HTML form cannot post to the API (415), and
    # input no view could store (lone surrogates, deep nesting) is a 400 before any view runs.
    "DEFAULT_PARSER_CLASSES": ["eventScheduler.web.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "eventScheduler.web.pagination.PageNumberPagination",
    "PAGE_SIZE": env.int("API_PAGE_SIZE", default=20),
    "EXCEPTION_HANDLER": "eventScheduler.web.errors.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "eventScheduler.web.schema.AutoSchema",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
    # The client IP is the socket's peer unless this many trusted proxies stand in front;
    # DRF's default (None) would believe any X-Forwarded-For a client sends.
    "NUM_PROXIES": env.int("DJANGO_TRUSTED_PROXIES", default=0),
    # Rates of security.throttles: "<count>/<period>", period s, m, h or d with an optional
    # multiplier ("5/5m"); an empty value turns that limit off.
    "DEFAULT_THROTTLE_RATES": {
        scope: env.str(variable, default=default) or None
        for scope, variable, default in [
            ("login_failures_account", "THROTTLE_LOGIN_FAILURES_PER_ACCOUNT", "5/5m"),
            ("login_failures_ip", "THROTTLE_LOGIN_FAILURES_PER_IP", "10/m"),
            ("token_refresh_ip", "THROTTLE_TOKEN_REFRESH_PER_IP", "60/m"),
            ("register_ip", "THROTTLE_REGISTER_PER_IP", "20/m"),
            ("password_reset_ip", "THROTTLE_PASSWORD_RESET_PER_IP", "20/m"),
            ("password_reset_email", "THROTTLE_PASSWORD_RESET_PER_EMAIL", "5/h"),
            ("activation_resend_ip", "THROTTLE_ACTIVATION_RESEND_PER_IP", "20/m"),
            ("activation_resend_email", "THROTTLE_ACTIVATION_RESEND_PER_EMAIL", "1/3m"),
            ("username_reset_ip", "THROTTLE_USERNAME_RESET_PER_IP", "20/m"),
            ("username_reset_email", "THROTTLE_USERNAME_RESET_PER_EMAIL", "5/h"),
            ("email_change_account", "THROTTLE_EMAIL_CHANGE_PER_ACCOUNT", "5/h"),
            (
                "current_password_failures",
                "THROTTLE_CURRENT_PASSWORD_FAILURES_PER_ACCOUNT",
                "5/15m",
            ),
            # Starting a TOTP set-up or a passkey registration (mfa.throttles); wrong codes
            # and refused passkeys count in the two login-failure limits above.
            ("mfa_enrol_account", "THROTTLE_MFA_ENROL_PER_ACCOUNT", "10/h"),
            ("mfa_enrol_ip", "THROTTLE_MFA_ENROL_PER_IP", "30/h"),
            ("passkey_login_options_ip", "THROTTLE_PASSKEY_LOGIN_OPTIONS_PER_IP", "30/m"),
        ]
    },
}

SIMPLE_JWT = {
    "ACCESS_TOKEN_LIFETIME": timedelta(minutes=env.int("JWT_ACCESS_TOKEN_MINUTES", default=5)),
    "REFRESH_TOKEN_LIFETIME": timedelta(days=env.int("JWT_REFRESH_TOKEN_DAYS", default=1)),
    # "JWT" is the scheme djoser's documentation uses; "Bearer" is the standard one.
    "AUTH_HEADER_TYPES": ("Bearer", "JWT"),
    "ALGORITHM": "HS256",
    "SIGNING_KEY": JWT_SIGNING_KEY,
    "UPDATE_LAST_LOGIN": True,
    # Every refresh returns a new refresh token and blacklists the one presented; the
    # login session (logins.tokens) decides whether a blacklisted one is a replay.
    "ROTATE_REFRESH_TOKENS": True,
    "BLACKLIST_AFTER_ROTATION": True,
    # Access tokens must name a live login session (the `sid` claim).
    "AUTH_TOKEN_CLASSES": ("logins.tokens.SessionAccessToken",),
}

# Login sessions and the browser cookie mode (logins.tokens, logins.cookies).
# A rotated refresh token presented again within this many seconds is taken for a concurrent
# refresh (two tabs) and answered with the session's current token; later, for theft.
REFRESH_REUSE_GRACE = timedelta(seconds=env.int("JWT_REFRESH_REUSE_GRACE_SECONDS", default=5))
# A login lasts at most this long, however often its refresh token is rotated: then the user
# logs in again.
LOGIN_SESSION_MAX_AGE = timedelta(days=env.int("JWT_SESSION_MAX_DAYS", default=30))
REFRESH_COOKIE_NAME = "refresh_token"
REFRESH_COOKIE_PATH = "/auth/"
REFRESH_COOKIE_SECURE = not DEBUG
REFRESH_COOKIE_SAMESITE = env.str("JWT_REFRESH_COOKIE_SAMESITE", default="Lax")
if REFRESH_COOKIE_SAMESITE not in ("Lax", "Strict", "None"):
    raise ImproperlyConfigured("JWT_REFRESH_COOKIE_SAMESITE must be Lax, Strict or None.")
# The CSRF cookie travels with the refresh cookie, so it needs the same SameSite policy.
CSRF_COOKIE_SAMESITE = REFRESH_COOKIE_SAMESITE

FRONTEND_URL = urlsplit(env.str("FRONTEND_URL", default="http://localhost:3000"))
SITE_NAME = env.str("SITE_NAME", default="eventScheduler")

# How long a password reset link works (and, through Django's token generator, an activation
# link): one hour unless the environment says otherwise.
PASSWORD_RESET_TIMEOUT = env.int("PASSWORD_RESET_TIMEOUT", default=3600)

DJOSER = {
    "LOGIN_FIELD": "username",
    "USER_CREATE_PASSWORD_RETYPE": False,
    "SEND_ACTIVATION_EMAIL": env.bool("SEND_ACTIVATION_EMAIL", default=False),
    "HIDE_USERS": True,
    # No DRF authtoken: JWT is the only way in, so djoser has no token table to clear.
    "TOKEN_MODEL": None,
    "SERIALIZERS": {
        "user_create": "accounts.serializers.UserCreateSerializer",
        "user": "accounts.serializers.UserSerializer",
        "current_user": "accounts.serializers.CurrentUserSerializer",
        "activation": "accounts.serializers.ActivationSerializer",
        "password_reset_confirm": "accounts.serializers.PasswordResetConfirmSerializer",
        "password_reset_confirm_retype": "accounts.serializers.PasswordResetConfirmRetypeSerializer",
        "username_reset_confirm": "accounts.serializers.UsernameResetConfirmSerializer",
        "username_reset_confirm_retype": "accounts.serializers.UsernameResetConfirmRetypeSerializer",
        "set_password": "accounts.serializers.SetPasswordSerializer",
        "set_password_retype": "accounts.serializers.SetPasswordRetypeSerializer",
        "set_username": "accounts.serializers.SetUsernameSerializer",
        "set_username_retype": "accounts.serializers.SetUsernameRetypeSerializer",
        "user_delete": "accounts.serializers.UserDeleteSerializer",
    },
    # Every account email is a task (notifications): djoser's views queue it, the worker builds
    # it, with a token of the link's own purpose (accounts.emails, accounts.link_tokens).
    "EMAIL": {
        "activation": "notifications.djoser.ActivationEmail",
        "password_changed_confirmation": "notifications.djoser.PasswordChangedEmail",
    },
    # "Your password was changed", after a reset (set_password queues it itself).
    "PASSWORD_CHANGED_EMAIL_CONFIRMATION": True,
    # Another user's record needs the model permission; only a superuser touches a superuser's.
    "PERMISSIONS": {
        "user": ["accounts.permissions.UserRecordPermission"],
        "user_delete": ["accounts.permissions.UserRecordPermission"],
        "user_list": ["rest_framework.permissions.IsAuthenticated"],
        "set_username": ["rest_framework.permissions.IsAuthenticated"],
    },
    # Links in emails point at the frontend, never at the Host header of the request.
    "EMAIL_FRONTEND_PROTOCOL": FRONTEND_URL.scheme,
    "EMAIL_FRONTEND_DOMAIN": FRONTEND_URL.netloc + FRONTEND_URL.path.rstrip("/"),
    "EMAIL_FRONTEND_SITE_NAME": SITE_NAME,
    "PASSWORD_RESET_CONFIRM_URL": env.str(
        "FRONTEND_PASSWORD_RESET_PATH", default="password-reset/{uid}/{token}"
    ),
    "ACTIVATION_URL": env.str("FRONTEND_ACTIVATION_PATH", default="activate/{uid}/{token}"),
    "USERNAME_RESET_CONFIRM_URL": env.str(
        "FRONTEND_USERNAME_RESET_PATH", default="username-reset/{uid}/{token}"
    ),
}
# Not a djoser setting: the link of accounts.services.email_change_request.
EMAIL_CHANGE_CONFIRM_URL = env.str(
    "FRONTEND_EMAIL_CHANGE_PATH", default="email-change/{uid}/{token}"
)

# Production hardening; every value can be relaxed from the environment where a proxy
# already does the job (see README, "Deploying").
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^health/"]
if env.bool("DJANGO_SECURE_PROXY_SSL_HEADER", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=0 if DEBUG else 3600)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
# Preloading is a promise to browsers that is slow to take back, and the preload list wants a
# max-age of a year: only when asked for. check --deploy warns without it (W021), by design.
SECURE_HSTS_PRELOAD = env.bool("DJANGO_SECURE_HSTS_PRELOAD", default=False)
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
X_FRAME_OPTIONS = "DENY"

# Passwords: Argon2id first (accounts.hashers), PBKDF2 kept so that older hashes still verify
# and are re-hashed with Argon2id at the next login.
ARGON2_TIME_COST = env.int("ARGON2_TIME_COST", default=2)
ARGON2_MEMORY_COST_KIB = env.int("ARGON2_MEMORY_COST_KIB", default=19456)
ARGON2_PARALLELISM = env.int("ARGON2_PARALLELISM", default=1)
# OWASP's minimum for Argon2id (Password Storage Cheat Sheet): 19 MiB, 2 passes, 1 lane.
if ARGON2_MEMORY_COST_KIB < 19456 or ARGON2_TIME_COST < 2 or ARGON2_PARALLELISM < 1:
    raise ImproperlyConfigured(
        "Argon2id parameters below OWASP's minimum: ARGON2_MEMORY_COST_KIB must be at "
        "least 19456, ARGON2_TIME_COST at least 2 and ARGON2_PARALLELISM at least 1."
    )
PASSWORD_HASHERS = [
    "accounts.hashers.Argon2idPasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]

# Log in with the username or, case-insensitively, the email address.
AUTHENTICATION_BACKENDS = ["accounts.backends.UsernameOrEmailBackend"]

# Email: EMAIL_URL (smtp://, smtp+tls://, smtp+ssl://, consolemail://) or the EMAIL_* variables;
# without either, the console in debug and an SMTP server on localhost otherwise.
if env.str("EMAIL_URL", default=""):
    globals().update(env.email_url("EMAIL_URL"))
else:
    EMAIL_BACKEND = env.str(
        "EMAIL_BACKEND",
        default="django.core.mail.backends.console.EmailBackend"
        if DEBUG
        else "django.core.mail.backends.smtp.EmailBackend",
    )
    EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
    EMAIL_PORT = env.int("EMAIL_PORT", default=25)
    EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
    EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
    EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
    EMAIL_USE_SSL = env.bool("EMAIL_USE_SSL", default=False)
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="eventScheduler <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Background tasks (Django's Tasks framework through its backport): account emails are queued
# in the database and sent by `manage.py db_worker`. On PostgreSQL any number of app servers and
# workers share the queue (SELECT ... FOR UPDATE SKIP LOCKED); SQLite needs no other service.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# Seconds between the attempts of an email whose SMTP server failed; after the last, it fails.
EMAIL_RETRY_DELAYS = env.list("EMAIL_RETRY_DELAYS", cast=int, default=[60, 300, 1800, 7200])
# A task still "running" this long after it started was left by a killed worker: the workers
# queue it again (notifications.worker). Far above what one email can take (EMAIL_TIMEOUT).
TASK_STALE_AFTER = timedelta(seconds=env.int("TASK_STALE_AFTER_SECONDS", default=600))
# "A new sign-in to your account": emailed when a login comes from a device (user agent) the
# account has not logged in from before.
NOTIFY_NEW_LOGIN = env.bool("NOTIFY_NEW_LOGIN", default=False)

if TESTING:
    # The real hasher is slow on purpose; tests that need it override this.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    SECURE_SSL_REDIRECT = False
    # Request tests run each task as it is enqueued; delivery tests run a real db_worker.
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

TEST_RUNNER = "eventScheduler.test_runner.PytestTestRunner"

# --- Browser apps (CORS) and the OpenAPI schema -----------------------------------------

# Browser apps allowed to call the API, e.g. "https://app.example.com,http://localhost:5173".
# Credentials (the refresh cookie of cookie mode) are allowed for these origins only:
# django-cors-headers names a listed origin in its answer, never a wildcard or any origin sent.
CORS_ALLOWED_ORIGINS = env.list("CORS_ALLOWED_ORIGINS", default=[])
CORS_ALLOW_CREDENTIALS = True
CORS_URLS_REGEX = r"^/(api|auth)/"
# A page needs Retry-After to know when a 429 lifts; browsers hide it cross-origin otherwise.
CORS_EXPOSE_HEADERS = ["Retry-After"]
# A listed app's cookie-mode POSTs must also pass Django's CSRF origin check, and the app can
# read its CSRF token through CORS anyway: listing an origin for CORS trusts it for CSRF too.
# DJANGO_CSRF_TRUSTED_ORIGINS adds origins trusted for CSRF only (e.g. a same-site frontend).
CSRF_TRUSTED_ORIGINS = list(
    dict.fromkeys(env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[]) + CORS_ALLOWED_ORIGINS)
)

# --- Second factors and passkeys (mfa/) ----------------------------------------------------
# Fernet keys encrypting TOTP secrets at rest, comma-separated, the first one encrypting (see
# README, "Two-factor authentication and passkeys"); unset, a key derived from SECRET_KEY.
MFA_ENCRYPTION_KEY = env.str("MFA_ENCRYPTION_KEY", default="")
# WebAuthn: the relying party is the site the frontend runs on, and passkeys work only on the
# origins listed (the browser writes its origin into every signed response).
WEBAUTHN_RP_ID = env.str("WEBAUTHN_RP_ID", default=FRONTEND_URL.hostname or "localhost")
WEBAUTHN_RP_NAME = env.str("WEBAUTHN_RP_NAME", default=SITE_NAME)
WEBAUTHN_ORIGINS = env.list(
    "WEBAUTHN_ORIGINS",
    default=list(
        dict.fromkeys([*CORS_ALLOWED_ORIGINS, f"{FRONTEND_URL.scheme}://{FRONTEND_URL.netloc}"])
    ),
)

SPECTACULAR_SETTINGS = {
    "TITLE": "eventScheduler accounts API",
    "DESCRIPTION": (
        "Register, log in with JSON Web Tokens and keep a profile that says whether you "
        "organize events or attend them.\n\n"
        "Send the access token as `Authorization: Bearer <access>`. Every error is JSON with "
        "`detail` (for people) and `code` (for programs); validation errors add one key per "
        "wrong field, holding a list of messages."
    ),
    "VERSION": "1.0.0",
    # Read-only fields (id, user, dates) stay out of request bodies.
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "eventScheduler.web.schema.nullable_references",
    ],
    # The schema documents the interface, not data, and clients need it before they can log in.
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SWAGGER_UI_SETTINGS": {"persistAuthorization": False, "displayOperationId": False},
    "TAGS": [
        {"name": "auth", "description": "Registration, the current user and tokens."},
        {"name": "profiles", "description": "Who organizes events and who attends them."},
    ],
}

# --- Static files and logs ----------------------------------------------------------------
# WhiteNoise serves collectstatic's output (admin, API docs) from the app servers; hashed
# names let browsers cache them for good. Tests run without collectstatic, so they keep plain
# names and let WhiteNoise look files up per request instead of indexing STATIC_ROOT.
WHITENOISE_AUTOREFRESH = DEBUG or TESTING
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if TESTING
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# JSON lines for log collectors in production, readable lines in development; each line
# carries the request id (eventScheduler.web.request_id).
LOG_FORMAT = env.str("DJANGO_LOG_FORMAT", default="text" if DEBUG else "json")
if LOG_FORMAT not in ("json", "text"):
    raise ImproperlyConfigured(f"DJANGO_LOG_FORMAT must be json or text, not {LOG_FORMAT!r}.")
LOGGING = logging_config(
    json_lines=LOG_FORMAT == "json", level=env.str("DJANGO_LOG_LEVEL", default="INFO")
)
