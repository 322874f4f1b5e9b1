"""Settings, read from the environment and checked strictly: a wrong value fails at start-up.

YJINSPECT_DATA_DIR   folder for the SQLite database and the secret key (default ./var)
DATABASE_URL         e.g. postgres://user@127.0.0.1:5433/yjinspect; default SQLite in the data folder
YJINSPECT_SECRET_KEY secret key; default: generated once and kept in the data folder
YJINSPECT_DEBUG      "true" or "false" (default false)
YJINSPECT_ALLOWED_HOSTS comma-separated (default localhost,127.0.0.1)
"""

from __future__ import annotations

import os
import re
import secrets
from pathlib import Path

import dj_database_url

from yjinspect.web import deployment


def _flag(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    if value.lower() not in {"true", "false", "1", "0"}:
        raise RuntimeError(f"{name} must be true or false, not {value!r}")
    return value.lower() in {"true", "1"}


DATA_DIR = Path(os.environ.get("YJINSPECT_DATA_DIR", "var")).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)


def _secret_key() -> str:
    if key := os.environ.get("YJINSPECT_SECRET_KEY"):
        return key
    path = DATA_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = _flag("YJINSPECT_DEBUG", False)
ALLOWED_HOSTS = [h.strip() for h in os.environ.get("YJINSPECT_ALLOWED_HOSTS", "localhost,127.0.0.1").split(",") if h]
BASE_DIR = Path(__file__).resolve().parent

INSTALLED_APPS = [
    "yjinspect.web.accounts.admin_site.AdminConfig",  # the admin behind our sign-in and its second factor
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "yjinspect.web.accounts",
    "yjinspect.web.inspections",
    "yjinspect.web.surveys",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "yjinspect.web.accounts.two_factor.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "yjinspect.web.limits.RequestLimitMiddleware",  # after messages: an over-large request is told as one
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
    "yjinspect.web.content_security.ContentSecurityPolicyMiddleware",
]

AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "yjinspect.web.accounts.backends.ProfileBackend"]
ROOT_URLCONF = "yjinspect.web.urls"
WSGI_APPLICATION = "yjinspect.web.wsgi.application"
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
                "yjinspect.web.context.message_groups",
            ]
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{DATA_DIR / 'yjinspect.sqlite3'}"), conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several inspectors save at once: wait for the write lock instead of failing at once.
    DATABASES["default"]["OPTIONS"] = {"timeout": 20, "transaction_mode": "IMMEDIATE"}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Five failed sign-ins lock the username and address pair for 30 minutes.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.5
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "accounts/locked.html"

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
# Sessions live in the database (they survive a restart) with a per-process cache in front.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 12 * 60 * 60  # a long day on site
CSRF_COOKIE_HTTPONLY = False  # the autosave script reads the token from the form, not the cookie
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_TZ = True
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
_VENDOR = Path(os.environ.get("YJINSPECT_VENDOR_DIR", Path(__file__).resolve().parents[3] / "var" / "vendor"))
if _VENDOR.exists():
    STATICFILES_DIRS.append(_VENDOR)
WHITENOISE_USE_FINDERS = True  # serve straight from the source folders: no collectstatic step
WHITENOISE_AUTOREFRESH = DEBUG


# --- Security and deployment ---------------------------------------------------------------------
# Read strictly by yjinspect.web.deployment; docs/deploying.md lists the variables. YJINSPECT_PROFILE=production
# turns on what serving behind an HTTPS-terminating proxy needs, so that `manage check --deploy` passes.
SECURITY = deployment.security_settings(os.environ)
SECURE_PROXY_SSL_HEADER = SECURITY.proxy_ssl_header
CSRF_TRUSTED_ORIGINS = SECURITY.csrf_trusted_origins
SESSION_COOKIE_SECURE = SECURITY.secure_cookies
CSRF_COOKIE_SECURE = SECURITY.secure_cookies
SECURE_HSTS_SECONDS = SECURITY.hsts_seconds
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURITY.hsts_include_subdomains
SECURE_HSTS_PRELOAD = SECURITY.hsts_preload
SECURE_SSL_REDIRECT = SECURITY.ssl_redirect
YJINSPECT_CONTENT_SECURITY_POLICY = SECURITY.content_security_policy
# The sign-in lockout counts failures per username and client address: behind the proxy, the client's.
YJINSPECT_TRUSTED_PROXY_COUNT = SECURITY.trusted_proxy_count
YJINSPECT_CLIENT_IP_HEADER = SECURITY.client_ip_header
AXES_CLIENT_IP_CALLABLE = "yjinspect.web.client_address.client_address"
# Administrators and lead inspectors must sign in with a second factor (yjinspect serve --demo turns it off).
YJINSPECT_REQUIRE_TWO_FACTOR = SECURITY.require_two_factor


# --- Upload limits -------------------------------------------------------------------------------
# How much work one upload or request may cause (docs/deploying.md, "Limits"): a bad file is refused
# with a message before it is read further, and before any write transaction is opened.
def _whole_number(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None:
        return default
    if not value.strip().isascii() or not value.strip().isdigit() or int(value) < 1:
        raise RuntimeError(f"{name} must be a whole number above 0, not {value!r}")
    return int(value)


_MB = 1024 * 1024
UPLOAD_MAX_BYTES = _whole_number("YJINSPECT_UPLOAD_MAX_BYTES", 10 * _MB)  # a caseload, bundle, ratings CSV or report
UPLOAD_MAX_ROWS = _whole_number("YJINSPECT_UPLOAD_MAX_ROWS", 100_000)  # rows of a caseload or ratings file, empty ones too
UPLOAD_MAX_UNPACKED_BYTES = _whole_number("YJINSPECT_UPLOAD_MAX_UNPACKED_BYTES", 20 * _MB)  # an XLSX workbook unpacked
UPLOAD_MAX_PROBLEMS = _whole_number("YJINSPECT_UPLOAD_MAX_PROBLEMS", 100)  # problems told; then "and N more problems"
BUNDLE_MAX_DEPTH = _whole_number("YJINSPECT_BUNDLE_MAX_DEPTH", 64)  # how deeply a bundle's JSON may nest
# A survey respondent's link may post this many answers in ten minutes (a questionnaire is about fifteen): more is
# a flood, refused until the ten minutes pass (yjinspect.web.surveys, decision 0013).
SURVEY_POSTS_PER_WINDOW = _whole_number("YJINSPECT_SURVEY_POSTS_PER_WINDOW", 60)
# A whole request: refused (with a message, by yjinspect.web.limits) before its body is read.
REQUEST_MAX_BYTES = _whole_number("YJINSPECT_REQUEST_MAX_BYTES", UPLOAD_MAX_BYTES + _MB)
DATA_UPLOAD_MAX_MEMORY_SIZE = _whole_number("YJINSPECT_FORM_MAX_BYTES", 5 * _MB // 2)  # a form's fields, files apart
DATA_UPLOAD_MAX_NUMBER_FIELDS = _whole_number("YJINSPECT_FORM_MAX_FIELDS", 2000)  # a case form sends 3 per question
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * _MB // 2  # larger uploads wait in a temporary file, not in memory


# --- E-mail ------------------------------------------------------------------------------------------
# Reminders about improvement plans (yjinspect manage send_reminders). YJINSPECT_EMAIL is "console" (the
# default: printed, for the demo), "file" (one file per message in the data folder's mail/) or "smtp"
# (YJINSPECT_EMAIL_HOST, YJINSPECT_EMAIL_PORT; TLS when YJINSPECT_EMAIL_TLS is true).
_EMAIL_BACKENDS = {
    "console": "django.core.mail.backends.console.EmailBackend",
    "file": "django.core.mail.backends.filebased.EmailBackend",
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
}
_EMAIL = os.environ.get("YJINSPECT_EMAIL", "console").strip().lower()
if _EMAIL not in _EMAIL_BACKENDS:
    raise RuntimeError(f"YJINSPECT_EMAIL must be one of {', '.join(_EMAIL_BACKENDS)}, not {_EMAIL!r}")
EMAIL_BACKEND = _EMAIL_BACKENDS[_EMAIL]
EMAIL_FILE_PATH = str(DATA_DIR / "mail")
EMAIL_HOST = os.environ.get("YJINSPECT_EMAIL_HOST", "localhost")
EMAIL_PORT = _whole_number("YJINSPECT_EMAIL_PORT", 25)
EMAIL_USE_TLS = _flag("YJINSPECT_EMAIL_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("YJINSPECT_EMAIL_FROM", "yjinspect <no-reply@localhost>")
# Where people reach this installation (https://inspect.example.org): reminders link to the page they are
# about. Unset, a reminder says which page to open instead (a command run from cron knows no request's host).
SITE_URL = os.environ.get("YJINSPECT_SITE_URL", "").strip().rstrip("/")
if SITE_URL and not re.fullmatch(r"https?://[^\s/?#]+(/[^\s?#]*)?", SITE_URL):
    raise RuntimeError(
        f"YJINSPECT_SITE_URL must be the address people open, such as https://inspect.example.org, not {SITE_URL!r}"
    )


# --- Logging -------------------------------------------------------------------------------------
# JSON lines on stderr (yjinspect.web.structured_log), for the operator to ship: server errors with their
# traceback (django.request), sign-in events (yjinspect.sign_in), imports and exports (yjinspect.audit), a
# report file refused by its integrity check (yjinspect.integrity). YJINSPECT_LOG_LEVEL sets the level.
_LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
LOG_LEVEL = os.environ.get("YJINSPECT_LOG_LEVEL", "INFO").strip().upper()
if LOG_LEVEL not in _LOG_LEVELS:
    raise RuntimeError(f"YJINSPECT_LOG_LEVEL must be one of {', '.join(_LOG_LEVELS)}, not {LOG_LEVEL!r}")
_REQUEST_LEVEL = "WARNING" if LOG_LEVEL in ("DEBUG", "INFO") else LOG_LEVEL
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "yjinspect.web.structured_log.JsonLinesFormatter"}},
    "handlers": {"stderr": {"class": "logging.StreamHandler", "stream": "ext://sys.stderr", "formatter": "json"}},
    "root": {"handlers": ["stderr"], "level": LOG_LEVEL},
    "loggers": {
        # Django's own handlers (mail to admins, console when DEBUG) are replaced: everything goes through root.
        "django": {"handlers": [], "level": LOG_LEVEL, "propagate": True},
        # 4xx answers at WARNING (refusals are worth seeing), 5xx at ERROR with their traceback.
        "django.request": {"handlers": [], "level": _REQUEST_LEVEL, "propagate": True},
        "django.server": {"handlers": [], "level": LOG_LEVEL, "propagate": True},
        "axes": {"level": "WARNING"},  # sign-in events come from yjinspect.sign_in, without axes' own chatter
    },
}
