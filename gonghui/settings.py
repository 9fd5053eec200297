"""Django settings for gonghui, read from the environment.

Environment variables:
- ``DATABASE_URL``: database (default: SQLite in ``$GONGHUI_DATA_DIR/gonghui.sqlite3``).
- ``GONGHUI_DATA_DIR``: where SQLite, uploads and demo files live (default ``./var``).
- ``GONGHUI_SECRET_KEY``: Django's signing key. Required unless ``GONGHUI_DEBUG`` is on.
- ``GONGHUI_FIELD_KEY``: key(s) for encrypted personal data, comma-separated, newest first
  (urlsafe base64 of 32 bytes each; ``gonghui generate_field_key`` makes one). Required.
- ``GONGHUI_DEBUG``: ``1`` turns on debug mode (never in production).
- ``GONGHUI_ALLOWED_HOSTS``: comma-separated host names (default ``localhost,127.0.0.1``).
- ``GONGHUI_SESSION_MINUTES``: idle minutes before a staff session ends (default 30).
- ``GONGHUI_LOGIN_FAILURES``: failed logins before a lockout (default 5).
- ``GONGHUI_IMPORT_MAX_MB``: largest file an import accepts, in MB (default 50).
"""

from __future__ import annotations

import os
from decimal import Decimal
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent


def _env_flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DATA_DIR = Path(os.environ.get("GONGHUI_DATA_DIR") or Path.cwd() / "var").resolve()
DEBUG = _env_flag("GONGHUI_DEBUG")

_missing = [
    name for name in ("GONGHUI_SECRET_KEY", "GONGHUI_FIELD_KEY") if not os.environ.get(name)
]
if _missing and not DEBUG:
    raise ImproperlyConfigured(
        "gonghui cannot start: missing environment variable(s) "
        + ", ".join(_missing)
        + ". Set them (see README, 'Running in production'), or use `gonghui demo` "
        "which generates keys into the data folder."
    )
SECRET_KEY = os.environ.get("GONGHUI_SECRET_KEY") or "insecure-debug-only-key"
FIELD_KEYS = [k.strip() for k in os.environ.get("GONGHUI_FIELD_KEY", "").split(",") if k.strip()]
if not FIELD_KEYS:
    if not DEBUG:  # pragma: no cover - guarded above
        raise ImproperlyConfigured("GONGHUI_FIELD_KEY is empty")
    # A fixed key for debug sessions only: data written with it is not protected.
    FIELD_KEYS = ["ZGVidWctb25seS1maWVsZC1rZXktMzItYnl0ZXMhISE="]

ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("GONGHUI_ALLOWED_HOSTS", "localhost,127.0.0.1").split(",")
    if h.strip()
]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("GONGHUI_CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

INSTALLED_APPS = [
    "gonghui.core.admin_apps.GonghuiAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "gonghui.core",
    "gonghui.registry",
    "gonghui.portal",
    "gonghui.membership",
    "gonghui.background",
    "gonghui.imports",
    "gonghui.casework",
    "gonghui.assistance",
    "gonghui.rights",
    "gonghui.employment",
    "gonghui.indicators",
    "gonghui.stats",
    "gonghui.reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "gonghui.core.middleware.RequestIdMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "gonghui.urls"
WSGI_APPLICATION = "gonghui.wsgi.application"

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
                "gonghui.core.context_processors.workspace",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{DATA_DIR / 'gonghui.sqlite3'}",
        conn_max_age=int(os.environ.get("GONGHUI_DB_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            # WAL lets the web server read while a background job writes.
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_USER_MODEL = "core.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "workspace:home"
LOGOUT_REDIRECT_URL = "login"

# An idle staff session ends; every request pushes the deadline forward.
# Reverse proxies in front of the server (nginx, a load balancer): the client's address is
# then read from X-Forwarded-For. 0 (default): the server faces the clients directly.
TRUSTED_PROXIES = int(os.environ.get("GONGHUI_TRUSTED_PROXIES", "0"))
SESSION_COOKIE_AGE = int(os.environ.get("GONGHUI_SESSION_MINUTES", "30")) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = _env_flag("GONGHUI_SECURE_COOKIES")
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE

# Lockout after repeated failures, per user name and address.
AXES_FAILURE_LIMIT = int(os.environ.get("GONGHUI_LOGIN_FAILURES", "5"))
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False

LANGUAGE_CODE = "zh-hans"
# The interface speaks Simplified Chinese whatever the browser asks for (an English-language
# browser on a union officer's desk must not switch the workspace to English).
LANGUAGES = [("zh-hans", "简体中文")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
if DEBUG:
    STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
WHITENOISE_USE_FINDERS = True
MEDIA_ROOT = DATA_DIR / "media"
MEDIA_URL = "media/"
# Largest table an import accepts (GONGHUI_IMPORT_MAX_MB, default 50 MB).
IMPORT_MAX_UPLOAD_BYTES = int(float(os.environ.get("GONGHUI_IMPORT_MAX_MB", "50")) * 1024 * 1024)
# Largest file attached to a case (GONGHUI_ATTACHMENT_MAX_MB, default 20 MB).
CASEWORK_ATTACHMENT_MAX_BYTES = int(
    float(os.environ.get("GONGHUI_ATTACHMENT_MAX_MB", "20")) * 1024 * 1024
)
# Hours an escalated worker request waits at a unit before it may go up again.
RIGHTS_ESCALATION_GRACE_HOURS = float(os.environ.get("GONGHUI_ESCALATION_GRACE_HOURS", "24"))
# Hardship aid: the yearly cap per household across all kinds (元), and the days of the
# public notice (公示) before an application may be approved.
ASSISTANCE_YEARLY_CAP_YUAN = Decimal(os.environ.get("GONGHUI_AID_YEARLY_CAP_YUAN", "20000"))
ASSISTANCE_NOTICE_DAYS = int(os.environ.get("GONGHUI_AID_NOTICE_DAYS", "7"))
# Collective contracts expiring within this many days are listed and reminded of.
RIGHTS_CONTRACT_EXPIRY_NOTICE_DAYS = int(os.environ.get("GONGHUI_CONTRACT_NOTICE_DAYS", "60"))
# Job matching: the longest commute (km) between a seeker's and a posting's coordinates.
EMPLOYMENT_MATCHING_MAX_KM = float(os.environ.get("GONGHUI_MATCHING_MAX_KM", "30"))

REST_FRAMEWORK = {
    # Token first: a request without credentials then gets 401 with "WWW-Authenticate: Token"
    # (the first class names the challenge); the browser's session works the same either way.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["gonghui.core.api.permissions.StaffScoped"],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "gonghui.core.api.pagination.Pagination",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "gonghui.core.api.exceptions.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "gonghui API",
    "DESCRIPTION": "Trade-union federation platform API (工会工作平台接口)",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI from the installed package, not from a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Choice sets whose fields share a name ("kind") need their own component names.
    "ENUM_NAME_OVERRIDES": {
        "UnitKindEnum": "gonghui.core.choices.UnitKind",
        "EnterpriseKindEnum": "gonghui.registry.choices.EnterpriseKind",
        "UnitStatusEnum": "gonghui.core.choices.UnitStatus",
        "JobStatusEnum": "gonghui.background.models.JobStatus",
        "JoinChannelEnum": "gonghui.membership.choices.JoinChannel",
        "CaseChannelEnum": "gonghui.casework.choices.Channel",
        "MembershipStatusEnum": "gonghui.membership.choices.MembershipStatus",
        "JoinRequestStatusEnum": "gonghui.membership.choices.JoinRequestStatus",
    },
}

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Workers' portal: text messages (SMS) and the limits on login codes. See gonghui/core/sms.py.
# GONGHUI_SMS_BACKEND: console (default: the message goes to the log, nothing is sent), http
# (POST to GONGHUI_SMS_URL with GONGHUI_SMS_KEY), or the dotted path of a sender class.
SMS_BACKEND = os.environ.get("GONGHUI_SMS_BACKEND", "console")
SMS_URL = os.environ.get("GONGHUI_SMS_URL", "")
SMS_KEY = os.environ.get("GONGHUI_SMS_KEY", "")
SMS_SIGN = os.environ.get("GONGHUI_SMS_SIGN", "")
SMS_TIMEOUT = float(os.environ.get("GONGHUI_SMS_TIMEOUT", "5"))
# Our template names (login_code, join_approved, join_rejected) = the operator's template ids.
SMS_TEMPLATE_IDS = {
    name.strip(): template_id.strip()
    for name, equals, template_id in (
        pair.partition("=") for pair in os.environ.get("GONGHUI_SMS_TEMPLATE_IDS", "").split(",")
    )
    if equals
}
SMS_CODES_PER_PHONE_DAY = int(os.environ.get("GONGHUI_SMS_CODES_PER_PHONE_DAY", "10"))
SMS_CODES_PER_IP_HOUR = int(os.environ.get("GONGHUI_SMS_CODES_PER_IP_HOUR", "20"))
# The address printed in join QR codes, e.g. https://gonghui.example.org (default: the host
# the staff page was asked for).
PORTAL_PUBLIC_URL = os.environ.get("GONGHUI_PUBLIC_URL", "").rstrip("/")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("GONGHUI_LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}
