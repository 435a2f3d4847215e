"""Minga settings: one module, driven by the environment.

With no environment at all it runs in development mode on an embedded PostgreSQL and
Redis under ./var/ (see network/embedded.py). Production is `DJANGO_DEBUG=false` plus
the variables documented in README.md and .env.example; it refuses to start without
its secrets and its database and Redis URLs, and never imports the embedded servers'
packages (development dependencies only).
"""

import os
import sys
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def _environment() -> environ.Env:
    """django-environ over the variables that have a value. `KEY=` in an env file (as in
    .env.example, which docker compose passes on as an empty string) means unset, so the
    setting's default applies instead of `int('')` failing or an empty broker URL."""
    env = environ.Env()
    env.ENVIRON = {key: value for key, value in os.environ.items() if value.strip()}
    return env


env = _environment()

DEBUG = env.bool("DJANGO_DEBUG", default=True)
# Tests run in their own Redis database so a running `make run` never eats their tasks.
TESTING = "pytest" in sys.modules or env.bool("MINGA_TESTING", default=False)

if not DEBUG:
    _missing = [
        name
        for name in ("DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL")
        if name not in env
    ]
    if _missing:
        raise ImproperlyConfigured(
            f"Production (DJANGO_DEBUG=false) needs {', '.join(_missing)}: set them in the "
            "environment (see .env.example). Production never falls back to development "
            "defaults nor to the embedded PostgreSQL and Redis under ./var/."
        )

if DEBUG:
    SECRET_KEY = env("DJANGO_SECRET_KEY", default="dev-only-insecure-key-never-used-in-production")
    ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
else:
    SECRET_KEY = env("DJANGO_SECRET_KEY")
    ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS")

SITE_URL = env("MINGA_SITE_URL", default="http://localhost:8000")
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

# --- Applications -----------------------------------------------------------

INSTALLED_APPS = [
    "network",
    "producers",
    "certification",
    "advocacy",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_celery_beat",
    "django_countries",
    "django_htmx",
    "csp",
    "ninja",  # the buyers' API (certification.api): its documentation's static files
]

MIDDLEWARE = [
    "network.middleware.ResponseHeadersMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "network.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "network.middleware.SessionTimeoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "network.middleware.RequireMFAMiddleware",
]

ROOT_URLCONF = "network.urls"
WSGI_APPLICATION = "network.wsgi.application"
ASGI_APPLICATION = "network.asgi.application"
AUTH_USER_MODEL = "network.User"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "network.context_processors.navigation",
            ],
        },
    },
]

# --- Data -------------------------------------------------------------------

if "DATABASE_URL" in env:
    DATABASES = {"default": env.db("DATABASE_URL")}
else:  # development only (checked above); the import is here so production never makes it
    from network import embedded

    DATABASES = {"default": embedded.postgres_settings()}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASES["default"]["TEST"] = {"NAME": env("MINGA_TEST_DATABASE", default="test_minga")}
if "DATABASE_NAME" in env:
    # Lets a worker process started by the tests share the test database.
    DATABASES["default"]["NAME"] = env("DATABASE_NAME")

# Cache and broker live in separate Redis databases (broker = cache + 1): clearing the
# cache, as tests do, must never drop queued tasks. Tests use their own pair (+2, +3).
if "REDIS_URL" in env:
    _REDIS_BASE = env("REDIS_URL")
else:  # development only, as above
    from network import embedded

    _REDIS_BASE = embedded.redis_url(0)
_REDIS_BASE_DB = int(urlsplit(_REDIS_BASE).path.strip("/") or 0)
REDIS_DB = env.int("MINGA_REDIS_DB", default=_REDIS_BASE_DB + (2 if TESTING else 0))
REDIS_URL = urlunsplit(urlsplit(_REDIS_BASE)._replace(path=f"/{REDIS_DB}"))
CELERY_BROKER_URL = env(
    "CELERY_BROKER_URL", default=urlunsplit(urlsplit(_REDIS_BASE)._replace(path=f"/{REDIS_DB + 1}"))
)

CACHES = {
    "default": {
        "BACKEND": "network.cache.RedisCache",  # Django's, one client per pool
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "minga",
    }
}
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# --- Files ------------------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploaded documents are private: outside any URL space, served by views that check scope.
PRIVATE_MEDIA_ROOT = Path(env("MINGA_PRIVATE_MEDIA_ROOT", default=str(BASE_DIR / "var" / "media")))
MEDIA_ROOT = PRIVATE_MEDIA_ROOT
STORAGES = {
    "default": {
        "BACKEND": "network.files.PrivateStorage",  # no URL: see network/files.py
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT},
    },
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage",
    },
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_HANDLERS = ["network.files.MemoryUploadHandler", "network.files.TemporaryUploadHandler"]

# --- Languages and time -----------------------------------------------------

LANGUAGE_CODE = "es"
LANGUAGES = [
    ("es", _("Spanish")),
    ("en", _("English")),
    ("pt", _("Portuguese")),
    ("fr", _("French")),
]
# Staff-facing screens are complete in these; pt and fr cover public pages and emails.
STAFF_LANGUAGES = ["es", "en"]
LOCALE_PATHS = [BASE_DIR / "network" / "locale"]
TIME_ZONE = "America/Mexico_City"
USE_I18N = True
USE_TZ = True

# --- Accounts (django-allauth) ----------------------------------------------

AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if TESTING:  # hashing strength is not what the tests test; it costs a third of their time
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LOGIN_REDIRECT_URL = "network:dashboard"
ACCOUNT_ADAPTER = "network.adapters.AccountAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "network.forms.SignupForm"
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = False
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Minga] "
ACCOUNT_REAUTHENTICATION_REQUIRED = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_RATE_LIMITS = {
    "login_failed": "5/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "confirm_email": "1/3m/key",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Minga"
MFA_ADAPTER = "allauth.mfa.adapter.DefaultMFAAdapter"

SESSION_COOKIE_AGE = env.int("MINGA_SESSION_AGE", default=12 * 3600)  # absolute
MINGA_SESSION_IDLE = env.int("MINGA_SESSION_IDLE", default=2 * 3600)  # long forms on slow links
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

# --- Email ------------------------------------------------------------------

EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=1025)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
EMAIL_TIMEOUT = 20
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Minga <noreply@minga.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Celery -----------------------------------------------------------------

CELERY_RESULT_BACKEND = CELERY_BROKER_URL
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_RESULT_EXPIRES = timedelta(days=1)
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_TASK_ROUTES = {
    "network.tasks.outbox_send": {"queue": "email"},
    "*.tasks.email_*": {"queue": "email"},
    "*.tasks.report_*": {"queue": "reports"},
}
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 15 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 10 * 60
# Longer than the longest task, so Redis never redelivers a task still running. (The
# test that kills a worker mid-report shortens it, and the restore sweep's period, for
# its own worker only.)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int("MINGA_BROKER_VISIBILITY_TIMEOUT", default=2 * 3600),
    "unacked_restore_interval": env.int("MINGA_BROKER_RESTORE_INTERVAL", default=10),
    "unacked_restore_throttle": env.int("MINGA_BROKER_RESTORE_THROTTLE", default=10),
}
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {"visibility_timeout": 2 * 3600}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_BEAT_SCHEDULE = {
    "outbox-sweep": {"task": "network.tasks.outbox_sweep", "schedule": crontab(minute="*")},
    # Campaign counts shown to the public are at most this far behind the signatures.
    "advocacy-tallies": {"task": "advocacy.tasks.tallies_refresh", "schedule": 30.0},
    "advocacy-updates-resume": {
        "task": "advocacy.tasks.updates_resume",
        "schedule": crontab(minute="*"),
    },
    # Member-register uploads never confirmed are deleted after a day.
    "producers-register-imports-sweep": {
        "task": "producers.tasks.register_imports_sweep",
        "schedule": crontab(minute=40),
    },
    # Evaluation reports whose worker died are marked failed (a person retries them);
    # offline checklists never confirmed are deleted after a day.
    "certification-evaluation-reports-sweep": {
        "task": "certification.tasks.evaluation_reports_sweep",
        "schedule": crontab(minute="*/5"),
    },
    "certification-checklist-imports-sweep": {
        "task": "certification.tasks.checklist_imports_sweep",
        "schedule": crontab(minute=45),
    },
}
# Reminders (network/reminders.py): one sweep per family, hourly, at its own minute. Each
# looks back REMINDERS_CATCH_UP_DAYS, so an hour or a day without beat is caught up, and
# claims each notice in the database, so overlapping sweeps send nothing twice. The
# declarations' entry keeps its old name, so the database scheduler updates its row; the
# certificate renewal sweep also marks certificates expired (the register shows it within
# the hour). (family, beat entry, minute):
REMINDER_SWEEPS = [
    ("declarations", "advocacy-declarations-renewal", 15),
    ("application_drafts", "reminders-application-drafts", 20),
    ("eligibility_review", "reminders-eligibility-review", 25),
    ("objection_period", "reminders-objection-period", 30),
    ("certificate_renewal", "reminders-certificate-renewal", 5),
    ("evaluations", "reminders-evaluations", 35),
    ("corrective_actions", "reminders-corrective-actions", 50),
    ("membership_fees", "reminders-membership-fees", 10),
]
CELERY_BEAT_SCHEDULE.update(
    {
        entry: {
            "task": "network.tasks.reminders_sweep",
            "schedule": crontab(minute=minute),
            "args": (family,),
        }
        for family, entry, minute in REMINDER_SWEEPS
    }
)
# How often a task interrupted by a worker crash may be delivered again before we give up.
MINGA_TASK_MAX_DELIVERIES = 3

# --- Reminders --------------------------------------------------------------

# How many days late a reminder may still go, when a rule does not say (a sweep that did
# not run for that long is caught up).
REMINDERS_CATCH_UP_DAYS = 7
# Notices claimed per transaction by a sweep.
REMINDERS_BATCH_SIZE = env.int("MINGA_REMINDERS_BATCH_SIZE", default=2000)
# How far ahead the staff page lists the reminders to come.
REMINDERS_UPCOMING_DAYS = 30
MINGA_REPORTS_MAX_TASKS_PER_CHILD = 20

# --- Advocacy ---------------------------------------------------------------

# Signing a campaign, per client IP (django-ratelimit on the Redis cache); the sign
# benchmark raises it, since all its clients share one loopback address.
ADVOCACY_SIGN_RATE = env("MINGA_SIGN_RATE", default="20/m")
ADVOCACY_CONFIRM_MAX_AGE = env.int("MINGA_SIGN_CONFIRM_MAX_AGE", default=14 * 24 * 3600)
# Updates to signers leave in batches of this size, one batch every PAUSE seconds.
ADVOCACY_UPDATE_BATCH_SIZE = env.int("MINGA_UPDATE_BATCH_SIZE", default=200)
ADVOCACY_UPDATE_BATCH_PAUSE = env.int("MINGA_UPDATE_BATCH_PAUSE", default=10)

# --- Certification ---------------------------------------------------------

# A certification-body person's conflict-of-interest declaration for an organization
# holds this many months; after that they must declare again to see its files.
CERTIFICATION_CONFLICT_DECLARATION_MONTHS = 12
# Requests one client address may make to the buyers' API (certification.api).
CERTIFICATION_API_RATE = env("MINGA_API_RATE", default="120/m")
# Reminders (certification/reminders/) whose days the standard version does not set:
# a draft application untouched this many days; the eligibility review's warning, this
# many days after submission (the breach is the version's eligibility_review_days).
CERTIFICATION_DRAFT_IDLE_DAYS = 14
CERTIFICATION_ELIGIBILITY_WARNING_DAYS = 14
# An evaluation still planned is reminded this many days before its planned start; a
# corrective action waiting for review, this many days before its due date (then weekly
# once overdue). Certificates take their notice and grace days from their version.
CERTIFICATION_EVALUATION_NOTICE_DAYS = 7
CERTIFICATION_CORRECTIVE_ACTION_NOTICE_DAYS = 7
# The cooperative proposes a corrective action for each non-compliance within this many
# days of the evaluation report being issued, or of the rejection of its last proposal;
# it is reminded CERTIFICATION_CORRECTIVE_ACTION_NOTICE_DAYS before, then weekly after.
CERTIFICATION_CORRECTIVE_ACTION_PROPOSAL_DAYS = 30
# The annual membership fee a granted resolution calls for (domain.md, "Fees";
# certification/models/fees.py): the amount of the first band whose number of members
# holds the members the application declared (None: any number), plus a share of the
# SPS sales; due `due_days` after the resolution, reminded `notice_days` before its due
# date (0: on the day) until staff record the payment. Still unpaid `suspension_grace_days`
# after its due date (0: the day after it), the sweep suspends the certificate issued from
# the fee's resolution; recording the payment reinstates it. The amounts are placeholders
# until the network sets its own.
CERTIFICATION_MEMBERSHIP_FEE = {
    "currency": "USD",
    "by_members": [(50, "200.00"), (200, "400.00"), (1000, "800.00"), (None, "1200.00")],
    "sps_sales_percent": "0.15",
    "due_days": 30,
    "notice_days": [7, 0],
    "suspension_grace_days": 0,
}

# --- Security ---------------------------------------------------------------

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}
if not DEBUG:
    SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="INFO")},
    "loggers": {
        "minga.security": {"level": "INFO"},
        "pgserver": {"level": "WARNING"},
        # WeasyPrint logs each layout step of every PDF at INFO: a page of lines per report.
        "weasyprint.progress": {"level": "WARNING"},
    },
}

MINGA_HEALTHZ_WORKER_TIMEOUT = 1.0
