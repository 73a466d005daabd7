"""Settings for Fornex Panel, read from the environment.

Every value can be set by an environment variable; the README lists them. A bad value stops the
process with a message naming the variable (see fornexpanel/env.py).
"""

from __future__ import annotations

import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from fornexpanel.env import (
    env_bool,
    env_int,
    env_list,
    env_str,
    env_url,
    project_version,
    redis_database_url,
)

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", False)


def _dev_secret(filename: str, make: callable) -> str:
    """A secret kept under var/ for a development machine, created on first use.

    Only used with DEBUG on: production refuses to start without the real variable.
    """
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    path = VAR_DIR / filename
    if not path.exists():
        path.write_text(make())
        path.chmod(0o600)
    return path.read_text().strip()


_missing = [name for name in ("SECRET_KEY", "FORNEX_KEYS") if not env_str(name)]
if _missing and not DEBUG:
    raise ImproperlyConfigured(
        "Missing required setting(s): "
        + ", ".join(_missing)
        + ". Set them in the environment (see the README's deployment section),"
        " or set DEBUG=1 on a development machine."
    )

SECRET_KEY = env_str("SECRET_KEY") or _dev_secret(
    "dev-secret-key", lambda: secrets.token_urlsafe(50)
)
# Former SECRET_KEYs still accepted for what they signed (sessions, password-reset links, the
# hashes of recovery codes) while members move to the new one.
SECRET_KEY_FALLBACKS = env_list("SECRET_KEY_FALLBACKS", [])

# Keys that encrypt the teams' Fornex API keys at rest. Comma-separated Fernet keys, newest first:
# the first encrypts, all of them decrypt (so a retired key can be kept until rotation is done).
FORNEX_KEYS = env_list("FORNEX_KEYS", []) or [
    _dev_secret("dev-fornex-keys", lambda: Fernet.generate_key().decode())
]
for _position, _key in enumerate(FORNEX_KEYS, start=1):
    try:
        Fernet(_key)
    except (ValueError, TypeError):
        raise ImproperlyConfigured(
            f"FORNEX_KEYS: key number {_position} is not a valid Fernet key "
            "(32 url-safe base64-encoded bytes; make one with "
            "`python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())'`)"
        ) from None

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])

# Proxies (addresses or networks) whose X-Forwarded-For names the client: the lockout, the audit
# history and the logs take the client's address from it only for requests that come from one of
# them (fornexpanel/core/proxies.py). Empty: every request's own address is the client's.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", [])
try:
    from fornexpanel.core.proxies import parse_networks

    parse_networks(TRUSTED_PROXIES)
except ValueError as _error:
    raise ImproperlyConfigured(f"TRUSTED_PROXIES: {_error}") from None
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

# HTTPS and cookies: strict by default in production (`manage.py check --deploy` is clean), each
# one overridable for a deployment where something else already does the job.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
_proxy_header = env_str("SECURE_PROXY_SSL_HEADER", "")
if _proxy_header:
    # Behind a TLS-terminating proxy that sets this header (e.g. X-Forwarded-Proto: https) on
    # every request; only safe if the proxy overwrites whatever a client sent in it.
    SECURE_PROXY_SSL_HEADER = ("HTTP_" + _proxy_header.upper().replace("-", "_"), "https")
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 60 * 60 * 24 * 365, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
_secure_cookies = env_bool("SECURE_COOKIES", not DEBUG)
SESSION_COOKIE_SECURE = _secure_cookies
CSRF_COOKIE_SECURE = _secure_cookies
SESSION_COOKIE_HTTPONLY = True
# htmx sends the token from the page (<body hx-headers>), so no script needs to read the cookie.
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "fornexpanel.core.errors.csrf_failure"
# Error reports (DEBUG's technical page, tracebacks) never show a decrypted secret.
DEFAULT_EXCEPTION_REPORTER = "fornexpanel.core.debug.SecretsReporter"
DEFAULT_EXCEPTION_REPORTER_FILTER = "fornexpanel.core.debug.SecretsFilter"

# Content-Security-Policy, sent by fornexpanel.core.security on every response. Scripts and
# styles come only from our own static files: no inline code, no eval (htmx runs with
# allowEval off, see the htmx-config meta tag in base.html) and no style attributes in templates.
# Bootstrap draws form-control icons as data: SVG images, hence img-src data:.
CONTENT_SECURITY_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
    "base-uri": ["'none'"],
    "object-src": ["'none'"],
}
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"

FORNEX_API_URL = env_url("FORNEX_API_URL", "https://fornex.com/api", schemes=("http", "https"))
# The longest one attempt may wait for Fornex's answer (seconds); pages are bounded further by
# FORNEX_BUDGET.
FORNEX_TIMEOUT = env_int("FORNEX_TIMEOUT", 30, minimum=1)
# One time budget: the whole Fornex wait of one page (all its reads, retries and waits for another
# process's fetch), in seconds. Per-attempt timeouts, retries and the cache lock follow from it;
# past it a page shows stale data with a banner, or a clear error. It must fit inside the web
# server's timeout (gunicorn --timeout=60 in docker-compose.yml) with margin.
FORNEX_BUDGET = env_int("FORNEX_BUDGET", 10, minimum=1)
if FORNEX_BUDGET > 40:
    raise ImproperlyConfigured(
        f"FORNEX_BUDGET must be at most 40 seconds (it must fit inside gunicorn's 60 s timeout "
        f"with margin), got {FORNEX_BUDGET}"
    )
# The release, which cache keys carry: a new release never reads an older one's cached objects.
RELEASE = env_str("RELEASE", "") or project_version(str(BASE_DIR / "pyproject.toml"))
# Fornex's own customer area: where a balance is topped up and invoices are paid (its API can
# neither pay nor list invoices). The billing pages link there.
FORNEX_ACCOUNT_URL = env_url(
    "FORNEX_ACCOUNT_URL", "https://fornex.com/my/", schemes=("http", "https")
).rstrip("/")
# Rendered list rows kept per process ({% fragment %}, fornexpanel/core/templatetags/fragments.py).
FRAGMENT_CACHE_SIZE = 5000

# The panel's API for scripts (/fornex/api/): requests per token in each window of
# API_RATE_WINDOW seconds (0: no limit), and the key its tokens are hashed with (by default one
# derived from SECRET_KEY: changing that key then ends every token).
API_RATE_LIMIT = env_int("API_RATE_LIMIT", 120, minimum=0)
API_RATE_WINDOW = env_int("API_RATE_WINDOW", 60, minimum=1)
API_TOKEN_KEY = env_str("API_TOKEN_KEY", "")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "django_htmx",
    "template_partials",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "fornexpanel.core",
    "accounts",
    "operations",
    "vps",
    "dns",
    "billing",
    "api",
]

MIDDLEWARE = [
    # First: the request id and the access log line wrap everything, error pages included.
    "fornexpanel.core.middleware.RequestIdMiddleware",
    # Every response gets the security headers, static files and the health answer too.
    "fornexpanel.core.security.SecurityHeadersMiddleware",
    # Before host validation and the HTTPS redirect: probes come by IP over plain HTTP.
    "fornexpanel.core.views.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # What a signed-in member sees is never stored by a browser or proxy cache.
    "fornexpanel.core.security.NoStoreForMembersMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # Before anything reads the database with what the request sent: a NUL byte is a 400.
    "fornexpanel.core.inputs.RejectNulBytesMiddleware",
    # One Fornex time budget per request (FORNEX_BUDGET): every read of the page shares it.
    "fornexpanel.gateway.BudgetMiddleware",
    "accounts.middleware.CurrentTeamMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

FORM_RENDERER = "fornexpanel.core.forms.PanelFormRenderer"

ROOT_URLCONF = "fornexpanel.urls"
WSGI_APPLICATION = "fornexpanel.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.tz",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "fornexpanel.core.context_processors.panel",
            ],
        },
    },
]

# Database: PostgreSQL in production (DATABASE_URL), a SQLite file under var/ by default.
_DEFAULT_DATABASE_URL = f"sqlite:///{VAR_DIR / 'fornexpanel.sqlite3'}"
_database_url = env_url(
    "DATABASE_URL", _DEFAULT_DATABASE_URL, schemes=("sqlite", "postgres", "postgresql")
)
DATABASES = {"default": dj_database_url.parse(_database_url, conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The web server and the worker write to the same file: wait for locks instead of failing,
    # and take the write lock at the start of a transaction so two writers never deadlock.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    VAR_DIR.mkdir(parents=True, exist_ok=True)
else:
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # A database that does not answer fails a request (and the health check) in seconds instead
    # of holding a worker until the operating system gives up.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 5)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache and Celery broker: Redis when REDIS_URL is set; otherwise the database cache and kombu's
# filesystem transport, which need no server but are still shared between processes.
REDIS_URL = env_url("REDIS_URL", None, schemes=("redis", "rediss", "unix"))
if REDIS_URL:
    # The cache and the broker live in separate Redis databases: REDIS_URL's (0 by default) for
    # the cache, the next one for the broker, unless REDIS_BROKER_URL names another.
    CACHES = {
        "default": {
            # Django's, keeping its Redis client (fornexpanel/core/cache.py).
            "BACKEND": "fornexpanel.core.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "fornexpanel"),
            # Redis unreachable: fail fast (pages show their fallbacks, health reports it).
            "OPTIONS": {"socket_connect_timeout": 3, "socket_timeout": 5},
        }
    }
    CELERY_BROKER_URL = env_url(
        "REDIS_BROKER_URL", redis_database_url(REDIS_URL, 1), schemes=("redis", "rediss", "unix")
    )
    if CELERY_BROKER_URL == REDIS_URL:
        raise ImproperlyConfigured("REDIS_BROKER_URL must name another database than REDIS_URL")
    if CELERY_BROKER_URL.startswith(("redis://", "rediss://")):
        # kombu's Redis transport, repaired so a Redis restart does not kill the worker: see
        # fornexpanel/core/broker.py.
        CELERY_BROKER_TRANSPORT = "fornexpanel.core.broker:RedisTransport"
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600, "socket_connect_timeout": 5}
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "fornexpanel_cache",
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "fornexpanel"),
            "OPTIONS": {"MAX_ENTRIES": 20000},
        }
    }
    BROKER_DIR = VAR_DIR / "broker"
    for _sub in ("queue", "processed", "control"):
        (BROKER_DIR / _sub).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_URL = "filesystem://"
    # kombu's filesystem transport with atomic writes: see fornexpanel/core/broker.py.
    CELERY_BROKER_TRANSPORT = "fornexpanel.core.broker:Transport"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(BROKER_DIR / "queue"),
        "data_folder_out": str(BROKER_DIR / "queue"),
        "processed_folder": str(BROKER_DIR / "processed"),
        # Exchange tables; kombu's default is a "control" folder in the working directory.
        "control_folder": str(BROKER_DIR / "control"),
        "store_processed": False,
    }

CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_ALWAYS_EAGER = False
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_WORKER_HIJACK_ROOT_LOGGER = False

# Operations (operations/reconcile.py, run by Celery beat every OPERATIONS_RECONCILE_SECONDS):
# - a queued action no worker took within OPERATIONS_QUEUE_EXPIRY_MINUTES ends failed, never runs
#   late by surprise; one not started after OPERATIONS_REQUEUE_SECONDS is queued again;
# - a worker holding an action in "sending" longer than OPERATIONS_SENDING_LEASE_SECONDS without
#   renewing is taken for dead: the action ends unknown (a DNS plan reads the zone back first);
# - an action sent but not followed for OPERATIONS_FOLLOW_GRACE_SECONDS past its pace is followed
#   by the reconciler.
OPERATIONS_QUEUE_EXPIRY_MINUTES = env_int("OPERATIONS_QUEUE_EXPIRY_MINUTES", 10, minimum=1)
OPERATIONS_REQUEUE_SECONDS = env_int("OPERATIONS_REQUEUE_SECONDS", 120, minimum=10)
OPERATIONS_SENDING_LEASE_SECONDS = env_int(
    "OPERATIONS_SENDING_LEASE_SECONDS", 4 * FORNEX_TIMEOUT + 60, minimum=10
)
OPERATIONS_FOLLOW_GRACE_SECONDS = env_int("OPERATIONS_FOLLOW_GRACE_SECONDS", 60, minimum=5)
OPERATIONS_RECONCILE_SECONDS = env_int("OPERATIONS_RECONCILE_SECONDS", 60, minimum=10)

# Celery beat (`celery worker --beat` in `make run`, a `celery beat` process in production).
CELERY_BEAT_SCHEDULE = {
    # Operations left open by a lost message or a dead worker (operations/reconcile.py).
    "operations-reconcile": {
        "task": "operations.reconcile",
        "schedule": OPERATIONS_RECONCILE_SECONDS,
        # A run that could not start in time is dropped: the next one does its work.
        "options": {"expires": OPERATIONS_RECONCILE_SECONDS},
    },
    # Balance, runway, expiring orders and failed operations of every team (billing/alerts.py).
    "billing-check-alerts": {"task": "billing.check_alerts", "schedule": 10 * 60},
}

# Workers write a heartbeat to the cache this often; the health check calls a worker dead after
# three missed beats (fornexpanel/core/health.py).
WORKER_HEARTBEAT_SECONDS = env_int("WORKER_HEARTBEAT_SECONDS", 15, minimum=1)

# Database sessions that know their member, so they can be listed and ended (accounts/sessions.py).
SESSION_ENGINE = "accounts.sessions"
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 60 * 60 * 12, minimum=60)

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # django-axes first: it refuses a locked-out username and IP before the password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "accounts:login"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Sign-in lockout (django-axes): after AXES_FAILURE_LIMIT failures for the same username from the
# same IP, sign-in is refused (even with the right password) until the cool-off ends or an admin
# unlocks it from the team page.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 30, minimum=1))
# Counted per username AND address: a stranger's failures lock out only the stranger's address.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# The client's address behind TRUSTED_PROXIES, as the audit history and the logs see it.
AXES_CLIENT_IP_CALLABLE = "fornexpanel.core.proxies.client_ip"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "accounts.views.auth.locked_out"
AXES_VERBOSE = False
AXES_ENABLE_ADMIN = False

# Two-factor sign-in (django-otp)
OTP_TOTP_ISSUER = "Fornex Panel"

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("ru", _("Russian"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# The language cookie (set by the header's switch and at sign-in) like the session's: no script
# reads it, HTTPS only in production.
LANGUAGE_COOKIE_SECURE = _secure_cookies
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = env_str("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "staticfiles")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Mail (invitations, password resets) carries links that work once: printed to the console on a
# development machine, sent over SMTP in production. A production panel refuses to start with a
# backend that prints or files mail (the links would land in the logs) unless ALLOW_CONSOLE_EMAIL
# says that is intended.
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
ALLOW_CONSOLE_EMAIL = env_bool("ALLOW_CONSOLE_EMAIL", False)
_PRINTING_BACKENDS = (
    "django.core.mail.backends.console.EmailBackend",
    "django.core.mail.backends.filebased.EmailBackend",
)
if not DEBUG and EMAIL_BACKEND in _PRINTING_BACKENDS and not ALLOW_CONSOLE_EMAIL:
    raise ImproperlyConfigured(
        f"EMAIL_BACKEND is {EMAIL_BACKEND}: with DEBUG off it would write invitation and "
        "password-reset links into the logs. Configure SMTP (EMAIL_BACKEND, EMAIL_HOST, see the "
        "README), or set ALLOW_CONSOLE_EMAIL=1 if that is really intended."
    )
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
# Seconds an SMTP server may take to answer: a hanging one never holds a worker (alerts) or a
# request (invitations) for good.
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10, minimum=1)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Fornex Panel <panel@localhost>")

# Logs go to stderr, one line per record: JSON in production (one object per line, for a log
# collector), readable text with DEBUG on. Each line has the request id (fornexpanel/core/logs.py).
LOG_FORMAT = env_str("LOG_FORMAT", "plain" if DEBUG else "json")
if LOG_FORMAT not in ("json", "plain"):
    raise ImproperlyConfigured(f"LOG_FORMAT must be json or plain, got {LOG_FORMAT!r}")
LOG_LEVEL = env_str("LOG_LEVEL", "INFO").upper()
if LOG_LEVEL not in ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"):
    raise ImproperlyConfigured(
        f"LOG_LEVEL must be one of DEBUG, INFO, WARNING, ERROR, CRITICAL, got {LOG_LEVEL!r}"
    )

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "fornexpanel.core.logs.JsonFormatter"},
        "plain": {"()": "fornexpanel.core.logs.PlainFormatter"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # fornexpanel.request logs every request once; Django's 4xx warnings would repeat it.
        # Its 5xx errors (with the traceback) stay.
        "django.request": {"level": "ERROR"},
        # runserver's own request lines would repeat fornexpanel.request's.
        "django.server": {"level": "WARNING"},
        # django-axes reports every sign-in at INFO; failures and lockouts are in the audit history.
        "axes": {"level": "WARNING"},
        # fornexpanel.task logs every task once; Celery's success line includes the return value.
        "celery.app.trace": {"level": "WARNING"},
        # urllib3 logs full URLs at DEBUG, and the legacy Fornex API puts the key in the query
        # (redacted anyway: see fornexpanel/fornex/redaction.py).
        "urllib3": {"level": "WARNING"},
    },
}
