"""Settings for opscenter, read from the environment (see README: Configuration)."""

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from opscenter.env import env_bool, env_int, env_list, env_secret, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("OPSCENTER_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_secret("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY (or SECRET_KEY_FILE) must be set when DEBUG is off")
    SECRET_KEY = "insecure-development-key-" + "x" * 40
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_htmx",
    "opscenter",
    "shifts",
    "tracking",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "opscenter.middleware.RejectNulBytesMiddleware",
    "opscenter.middleware.NoStoreMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "opscenter.urls"
WSGI_APPLICATION = "opscenter.wsgi.application"
ASGI_APPLICATION = "opscenter.asgi.application"

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
                "opscenter.context_processors.watch",
            ],
        },
    },
]


def _database(url: str) -> dict:
    try:
        config = dj_database_url.parse(url, conn_max_age=env_int("DB_CONN_MAX_AGE", 60, minimum=0))
    except ValueError as exc:
        raise ImproperlyConfigured(f"DATABASE_URL is not a database URL: {exc}") from None
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # WAL lets the web server read while a worker writes; the busy timeout and
        # IMMEDIATE transactions turn lock contention into waiting instead of errors.
        config["CONN_MAX_AGE"] = 0
        config["OPTIONS"] = {
            "timeout": 30,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
        # A file, not memory, so that worker subprocesses in the tests share the test database.
        config["TEST"] = {"NAME": str(VAR_DIR / "test-opscenter.sqlite3")}
    return config


DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'opscenter.sqlite3'}")
DATABASES = {"default": _database(DATABASE_URL)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "watch-floor"
LOGOUT_REDIRECT_URL = "login"

# A session ends after 12 hours without a request: a watch is 8 hours, so an officer
# is never logged out mid-shift, and a console left open overnight is.
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_SECONDS", 12 * 3600, minimum=60)
SESSION_SAVE_EVERY_REQUEST = True

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = False
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "opscenter" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Production hardening; the README's production configuration turns these on.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = SECURE_HSTS_SECONDS > 0
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "opscenter@localhost")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"zulu": {"format": "%(asctime)sZ %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "zulu"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.BasicAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "shifts.pagination.CheckedLimitOffsetPagination",
    "PAGE_SIZE": 100,
    "EXCEPTION_HANDLER": "shifts.api_errors.api_exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "opscenter API",
    "DESCRIPTION": "Coalition space operations center: the watch, its jobs and the catalog.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "ENUM_NAME_OVERRIDES": {
        "JobStatusEnum": "shifts.models.JobStatus",
        "ClassificationEnum": "shifts.models.Classification",
        "SensorStatusEnum": "tracking.models.SensorStatus",
    },
}

# Celery. Job state lives in our own rows (shifts.Job), never in a result backend.
REDIS_URL = env_str("REDIS_URL", "redis://127.0.0.1:6379/0")
CELERY_BROKER_URL = REDIS_URL
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A message is acknowledged only when its task has finished, and a worker that dies
# mid-task gives it back: nothing is lost with a worker.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Redis redelivers an unacknowledged message after this many seconds; the job sweeper
# usually recovers a dead worker's job sooner, from its heartbeat.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT_S", 3600, minimum=5)
}
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT_S", 3000, minimum=5)
CELERY_TASK_SOFT_TIME_LIMIT = CELERY_TASK_TIME_LIMIT - min(60, CELERY_TASK_TIME_LIMIT // 10)
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_TASK_CREATE_MISSING_QUEUES = False
CELERY_TIMEZONE = "UTC"
CELERY_WORKER_HIJACK_ROOT_LOGGER = False

OPSCENTER = {
    # Jobs: a queued job whose message was lost, or a running job whose heartbeat
    # stopped, is re-enqueued by the sweeper after these limits.
    "JOB_QUEUED_STALE_S": env_int("JOB_QUEUED_STALE_S", 600, minimum=1),
    "JOB_HEARTBEAT_STALE_S": env_int("JOB_HEARTBEAT_STALE_S", 120, minimum=1),
    "JOB_MAX_ATTEMPTS": env_int("JOB_MAX_ATTEMPTS", 5, minimum=1),
    "JOB_SWEEP_INTERVAL_S": env_int("JOB_SWEEP_INTERVAL_S", 30, minimum=1),
    # Watch start hours (UTC) and length; a watch that starts in the evening belongs to the next day.
    "WATCH_START_HOURS": [("mid", 23), ("day", 7), ("swing", 15)],
    "WATCH_HOURS": 8,
    # Workforce rules: currency (shifts worked in a position within a window), rest and runs of watches.
    "CURRENCY_MIN_SHIFTS": env_int("CURRENCY_MIN_SHIFTS", 3, minimum=0),
    "CURRENCY_WINDOW_DAYS": env_int("CURRENCY_WINDOW_DAYS", 90, minimum=1),
    "MIN_REST_HOURS": env_int("MIN_REST_HOURS", 10, minimum=0),
    "MAX_CONSECUTIVE_WATCHES": env_int("MAX_CONSECUTIVE_WATCHES", 6, minimum=1),
    # Element-set files dropped here are imported by a beat-started job (strict, whole file or nothing).
    "CATALOG_DROP_DIR": env_str("CATALOG_DROP_DIR", str(VAR_DIR / "drop")),
    "CATALOG_DROP_SCAN_S": env_int("CATALOG_DROP_SCAN_S", 60, minimum=1),
    # Observation files dropped here (empty: observations/ inside the catalog's drop folder) are imported
    # the same way, marked at this level and releasable to these nations (empty: every nation).
    "OBSERVATIONS_DROP_DIR": env_str("OBSERVATIONS_DROP_DIR", ""),
    "OBSERVATIONS_DROP_CLASSIFICATION": env_str("OBSERVATIONS_DROP_CLASSIFICATION", ""),
    "OBSERVATIONS_DROP_REL_TO": env_list("OBSERVATIONS_DROP_REL_TO", []),
    # The handover draft opens this long before the end of the watch; a handover not accepted
    # this long after it is flagged overdue.
    "HANDOVER_DRAFT_LEAD_MIN": env_int("HANDOVER_DRAFT_LEAD_MIN", 60, minimum=1),
    "HANDOVER_OVERDUE_MIN": env_int("HANDOVER_OVERDUE_MIN", 30, minimum=1),
    # The incoming CCO may accept from this long before the end of the outgoing watch; earlier only
    # with an early-relief waiver (a crew is not on watch before it is there).
    "HANDOVER_ACCEPT_LEAD_MIN": env_int("HANDOVER_ACCEPT_LEAD_MIN", 60, minimum=0),
    # Conjunctions closer than this are alerts on the floor and in the handover.
    "CONJUNCTION_ALERT_KM": float(env_int("CONJUNCTION_ALERT_M", 1000, minimum=1)) / 1000.0,
    # An element set older than this (days, at the moment it is used) is flagged stale, per orbit regime.
    "ELSET_STALE_DAYS_LEO": env_int("ELSET_STALE_DAYS_LEO", 3, minimum=1),
    "ELSET_STALE_DAYS_MEO": env_int("ELSET_STALE_DAYS_MEO", 7, minimum=1),
    "ELSET_STALE_DAYS_GEO": env_int("ELSET_STALE_DAYS_GEO", 14, minimum=1),
    # Ordered, lowest first; items and clearances store a level's position in this list.
    "CLASSIFICATION_LEVELS": env_list("CLASSIFICATION_LEVELS", ["UNCLASSIFIED", "CONFIDENTIAL", "SECRET"]),
    "CLASSIFICATION_BANNER": env_str("CLASSIFICATION_BANNER", "UNCLASSIFIED//FOR DEMONSTRATION ONLY"),
}
if not OPSCENTER["CLASSIFICATION_LEVELS"]:
    raise ImproperlyConfigured("CLASSIFICATION_LEVELS must name at least one level")
OPSCENTER["OBSERVATIONS_DROP_CLASSIFICATION"] = (
    OPSCENTER["OBSERVATIONS_DROP_CLASSIFICATION"] or OPSCENTER["CLASSIFICATION_LEVELS"][0]
)
if OPSCENTER["OBSERVATIONS_DROP_CLASSIFICATION"] not in OPSCENTER["CLASSIFICATION_LEVELS"]:
    raise ImproperlyConfigured(
        f"OBSERVATIONS_DROP_CLASSIFICATION={OPSCENTER['OBSERVATIONS_DROP_CLASSIFICATION']!r} is not one of "
        f"CLASSIFICATION_LEVELS ({', '.join(OPSCENTER['CLASSIFICATION_LEVELS'])})"
    )

CELERY_BEAT_SCHEDULE = {
    "sweep-jobs": {
        "task": "shifts.sweep_jobs",
        "schedule": float(OPSCENTER["JOB_SWEEP_INTERVAL_S"]),
        "options": {"queue": "default", "expires": OPSCENTER["JOB_SWEEP_INTERVAL_S"]},
    },
    "watch-reminders": {
        "task": "shifts.watch_reminders",
        "schedule": 60.0,
        "options": {"queue": "default", "expires": 60},
    },
    "scan-catalog-drop-folder": {
        "task": "tracking.scan_drop_folder",
        "schedule": float(OPSCENTER["CATALOG_DROP_SCAN_S"]),
        "options": {"queue": "default", "expires": OPSCENTER["CATALOG_DROP_SCAN_S"]},
    },
}
