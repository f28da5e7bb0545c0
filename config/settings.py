"""One settings file, driven by the environment. A bad value fails loudly at boot.

Every variable is listed in README.md ("Configuration").
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONCE as CSP_NONCE
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}") from exc


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    # Whatever the database: the built-in key is public, so sessions, code hashes and password
    # resets signed with it can be forged. Only a developer's machine, the demo (DEBUG) or the
    # test suite (SENSUPPORT_INSECURE_DEV_KEY) may run without a real one.
    if DEBUG or env_bool("SENSUPPORT_INSECURE_DEV_KEY", False):
        SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"  # noqa: S105
    else:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set: a long random string (or DEBUG=true on a developer's machine)"
        )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.forms",  # the widgets' own templates, for FORM_RENDERER (TemplatesSetting) below
    "django_htmx",
    "rest_framework",
    "drf_spectacular",
    "rules",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "csp",
    "sensupport.jobs",  # before django_tasks_db: its db_worker (with leases) replaces the library's
    "django_tasks",
    "django_tasks_db",
    "sensupport.core",
    "sensupport.organisations",
    "sensupport.accounts",
    "sensupport.audit",
    "sensupport.pupils",
    "sensupport.plans",
    "sensupport.reviews",
    "sensupport.timetable",
    "sensupport.provision",
    "sensupport.funding",
    "sensupport.family",
    "sensupport.progress",
    "sensupport.voice",
    "sensupport.referrals",
    "sensupport.ehc",
    "sensupport.local_offer",
    "sensupport.information_report",
    "sensupport.oversight",
    "sensupport.portal",
    "sensupport.interop",
    "sensupport.administration",
    "sensupport.schooladmin",
    "sensupport.api",
    "sensupport.demo",
    "sensupport.documents",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "sensupport.accounts.middleware.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
    "sensupport.core.middleware.NoStoreMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "sensupport.core.context_processors.navigation",
            ],
        },
    }
]

# Forms render as GOV.UK components (templates/govuk/): {{ form }} or {{ form.x.as_field_group }}.
FORM_RENDERER = "sensupport.core.forms.GovukFormRenderer"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # An unreachable database fails a request (or a worker's poll) in seconds, not minutes.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("connect_timeout", env_int("DATABASE_CONNECT_TIMEOUT", 5))
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20, "init_command": "PRAGMA journal_mode=WAL;"}
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    # ModelBackend's sign-in without its per-model permission lookups (rules decide: see the module).
    "sensupport.accounts.backends.PasswordBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Failed sign-ins are throttled (django-axes): after AXES_FAILURE_LIMIT failures for one
# username from one client address, that pair is locked for AXES_COOLOFF_MINUTES.
# A register import (CTF or pupil spreadsheet) of more pupils than this is applied in the
# background, in chunks, with its progress on the batch's page and an email when done.
IMPORT_BACKGROUND_OVER = env_int("IMPORT_BACKGROUND_OVER", 3000)

AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 15) / 60
# Locked by account *and* client: locking by account alone let anyone lock any member of staff
# out for 15 minutes by typing wrong passwords for them; locking by address alone would lock a
# whole school (one address) after one person's typos. Spraying many accounts from one address
# is caught by SIGN_IN_LIMITS["password_failure"] below.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_USERNAME_FORM_FIELD = "username"
AXES_ENABLED = env_bool("AXES_ENABLED", True)
AXES_CLIENT_IP_CALLABLE = "sensupport.accounts.throttle.axes_client_address"
# How many proxies (load balancer, nginx) sit in front of the app and append to X-Forwarded-For.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 1 if env_bool("BEHIND_TLS_PROXY", False) else 0)

# Rate limits across all app servers (accounts/throttle.py), each (per client address, whole
# service) per SIGN_IN_LIMIT_WINDOW_MINUTES: codes asked for, wrong codes entered, wrong passwords.
SIGN_IN_LIMIT_WINDOW_MINUTES = env_int("SIGN_IN_LIMIT_WINDOW_MINUTES", 15)
SIGN_IN_LIMITS = {
    "code_request": (env_int("CODE_REQUESTS_PER_CLIENT", 10), env_int("CODE_REQUESTS_OVERALL", 1000)),
    "code_failure": (env_int("CODE_FAILURES_PER_CLIENT", 10), env_int("CODE_FAILURES_OVERALL", 200)),
    "password_failure": (env_int("PASSWORD_FAILURES_PER_CLIENT", 50), env_int("PASSWORD_FAILURES_OVERALL", 2000)),
}

OTP_TOTP_ISSUER = "sensupport"

# Django's database sessions, with their per-request read compiled once (accounts/sessions.py).
SESSION_ENGINE = "sensupport.accounts.sessions"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 60 * 60)
SECURE_COOKIES = env_bool("SECURE_COOKIES", not DEBUG)
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_TLS_PROXY", False) else None
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
# HTTP Strict Transport Security: off until the operator has HTTPS working everywhere (a wrong
# HSTS header locks browsers out of a host for its whole max-age).
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", CSP_NONCE],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
DATE_FORMAT = "j F Y"
SHORT_DATE_FORMAT = "d/m/Y"

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": os.environ.get(
            "STATICFILES_STORAGE",
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage",
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ImproperlyConfigured(
        "EMAIL_USE_TLS and EMAIL_USE_SSL cannot both be true: pick the one your mail server uses"
    )
# Seconds to wait for the mail server: a hung server must not hold a worker (or, with the
# in-process task backend, a web request) for ever. The send fails and the task is retried.
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "sensupport <no-reply@sensupport.invalid>")

# Background tasks: run in-process by default; production sets TASKS_BACKEND=database and
# runs `manage.py db_worker` processes that share the database queue.
_TASK_BACKENDS = {
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}
_task_backend = os.environ.get("TASKS_BACKEND", "immediate")
if _task_backend not in _TASK_BACKENDS:
    raise ImproperlyConfigured(f"TASKS_BACKEND must be one of {sorted(_TASK_BACKENDS)}, not {_task_backend!r}")
TASKS = {"default": {"BACKEND": _TASK_BACKENDS[_task_backend]}}
# Leases and retries on the database queue (ADR 0008, sensupport/jobs/leases.py): a worker's
# heartbeat renews its tasks' leases; a task whose lease runs out (its worker died) or that
# failed with a network or database fault runs again after TASKS_RETRY_DELAY_SECONDS, doubled
# each time (at most an hour), until it has had TASKS_MAX_ATTEMPTS tries. Finished task rows are
# deleted after TASKS_KEEP_SUCCESSFUL_DAYS / TASKS_KEEP_FAILED_DAYS (they hold task arguments).
TASKS_LEASE_SECONDS = env_int("TASKS_LEASE_SECONDS", 120)
TASKS_MAX_ATTEMPTS = env_int("TASKS_MAX_ATTEMPTS", 5)
TASKS_RETRY_DELAY_SECONDS = env_int("TASKS_RETRY_DELAY_SECONDS", 30)
TASKS_KEEP_SUCCESSFUL_DAYS = env_int("TASKS_KEEP_SUCCESSFUL_DAYS", 1)
TASKS_KEEP_FAILED_DAYS = env_int("TASKS_KEEP_FAILED_DAYS", 14)
for _name, _minimum in [
    ("EMAIL_TIMEOUT", 1),
    ("TASKS_LEASE_SECONDS", 1),
    ("TASKS_MAX_ATTEMPTS", 1),
    ("TASKS_RETRY_DELAY_SECONDS", 0),
    ("TASKS_KEEP_SUCCESSFUL_DAYS", 0),
    ("TASKS_KEEP_FAILED_DAYS", 0),
]:
    if globals()[_name] < _minimum:
        raise ImproperlyConfigured(f"{_name} must be at least {_minimum}, not {globals()[_name]}")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 100,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "sensupport API",
    "DESCRIPTION": "SEN register and graduated approach. Every endpoint is scoped to the pupils the caller may see.",
    "VERSION": "0.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # The pupil's status and a status-history entry share one choice set: one name for it.
    "ENUM_NAME_OVERRIDES": {"SenStatusEnum": "sensupport.pupils.models.STATUS_CHOICES"},
}

# Links in emails point here (no trailing slash).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# Reminders: staff hear about a review this many days before it is due.
REVIEW_REMINDER_DAYS = env_int("REVIEW_REMINDER_DAYS", 14)
# A request for an early review must be answered within this many days.
EARLY_REVIEW_ANSWER_DAYS = env_int("EARLY_REVIEW_ANSWER_DAYS", 10)
# Time out of class (timetable/rules.py, docs/adr/0012): a subject missed in this many withdrawal
# sessions a week is flagged; so is a core subject losing more than this share of its lessons.
TIMETABLE_REPEAT_SESSIONS = env_int("TIMETABLE_REPEAT_SESSIONS", 2)
TIMETABLE_CORE_SHARE = os.environ.get("TIMETABLE_CORE_SHARE", "0.20")

# Where the register's national comparison comes from (DfE January census figures).
NATIONAL_SEN_STATS_FILE = BASE_DIR / "sensupport" / "pupils" / "data" / "national_sen_stats.csv"

# Less than expected progress (progress.rules, docs/adr/0013-progress-thresholds.md): the window
# the checks look back over, and how long a pupil who left SEN Support stays on the watch.
PROGRESS_WINDOW_MONTHS = env_int("PROGRESS_WINDOW_MONTHS", 12)
PROGRESS_RECENTLY_LEFT_MONTHS = env_int("PROGRESS_RECENTLY_LEFT_MONTHS", 24)
# Overrides of progress.rules.Thresholds' other fields, e.g. {"min_peers": 5}; empty: the ADR's defaults.
PROGRESS_THRESHOLDS: dict = {}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "filters": {"forbidden_without_traceback": {"()": "sensupport.core.logs.ForbiddenWithoutTraceback"}},
    "loggers": {
        "django.request": {"filters": ["forbidden_without_traceback"]},
        "axes": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
    },
}
