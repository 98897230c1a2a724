"""Settings of the ASCN Portal: one file, switched by environment variables.

Defaults give a self-contained developer machine (SQLite, a filesystem Celery broker, console
e-mail). Production sets DEBUG=false and the variables listed in the README.
"""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from core.env import (
    env_bool,
    env_choice,
    env_iati_identifier,
    env_int,
    env_list,
    env_rate,
    env_str,
    env_url,
)

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("ASCN_VAR_DIR", str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)  # the SQLite file, beat's schedule, uploads live here

DEBUG = env_bool("DEBUG", default=False)
SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "insecure-development-key-only-used-with-debug-on"  # noqa: S105
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    # Names of the reference vocabularies per language (*/translation.py); before the admin.
    "modeltranslation",
    "django.contrib.admin",
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
    "simple_history",
    "core",
    "ascn_portal",
    "reference",
    "demo",
    "accounts",
    "cities",
    "action_plans",
    "partners",
    "meetings",
    "reports",
    "learning",
    "review",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages and API answers gzipped (static files are pre-compressed by WhiteNoise). BREACH: the
    # only secret in a body is the CSRF token, which Django masks anew in every response, and
    # GZipMiddleware pads each response with random bytes (README, "Scaling").
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # Anonymous GETs of pages from the cache, fresh after every change (core/cache.py).
    "core.cache.PublicPageCacheMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # `core.pages.allow` refuses anonymous visitors by sending them to sign in.
    "core.pages.SignInOnRefusalMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "ascn_portal.urls"
WSGI_APPLICATION = "ascn_portal.wsgi.application"
ASGI_APPLICATION = "ascn_portal.asgi.application"

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
                "ascn_portal.context_processors.portal",
                "core.context_processors.policy_answers",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
DATABASE_URL = env_url(
    "DATABASE_URL",
    f"sqlite:///{VAR_DIR / 'db.sqlite3'}",
    schemes=("sqlite", "postgres", "postgresql", "pgsql"),
)
try:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
except ValueError as exc:
    raise ImproperlyConfigured(f"DATABASE_URL could not be read: {exc}") from exc
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # SQLite in development: wait for the worker's writes instead of failing with "locked".
    DATABASES["default"]["OPTIONS"] = {"timeout": 20}
    DATABASES["default"]["CONN_MAX_AGE"] = 0
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    # A database that is gone is reported within seconds (the health endpoint), not minutes.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 5)
DATABASES["default"]["TEST"] = {"NAME": env_str("TEST_DATABASE_NAME") or None}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis, cache and Celery --------------------------------------------------------------------
REDIS_URL = env_url("REDIS_URL", "", schemes=("redis", "rediss"))

if REDIS_URL:
    CACHES = {
        "default": {
            # Falls back to a per-process cache while Redis is down (core/cache.py).
            "BACKEND": "core.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "ascn"),
            # Fail fast when Redis is gone rather than hold a request for the OS's timeout.
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 2},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# How long an anonymous page or API read may be served from the cache (0: never). Any change of
# public data makes every entry stale at once (core/cache.py); this only bounds the memory.
PUBLIC_CACHE_SECONDS = env_int("PUBLIC_CACHE_SECONDS", 600, minimum=0)

CELERY_TASK_SOFT_TIME_LIMIT = env_int("CELERY_TASK_SOFT_TIME_LIMIT", 540, minimum=1)
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 600, minimum=2)
if CELERY_TASK_TIME_LIMIT <= CELERY_TASK_SOFT_TIME_LIMIT:
    raise ImproperlyConfigured("CELERY_TASK_TIME_LIMIT must be above CELERY_TASK_SOFT_TIME_LIMIT.")
# The broker re-delivers an unacknowledged task after this; it must exceed the hard limit so a
# long job still running is never handed to a second worker.
CELERY_VISIBILITY_TIMEOUT = env_int("CELERY_VISIBILITY_TIMEOUT", CELERY_TASK_TIME_LIMIT * 2)
if CELERY_VISIBILITY_TIMEOUT <= CELERY_TASK_TIME_LIMIT:
    raise ImproperlyConfigured("CELERY_VISIBILITY_TIMEOUT must be above CELERY_TASK_TIME_LIMIT.")

BROKER_CONNECT_TIMEOUT = 2  # seconds
CELERY_BROKER_CONNECTION_TIMEOUT = BROKER_CONNECT_TIMEOUT
# Sending a task retries briefly; a broker still down after that is the caller's to handle
# (core.broker.enqueue logs it and the work is picked up later).
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.5,
    "interval_max": 1,
}
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_RESULT_BACKEND = REDIS_URL
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": CELERY_VISIBILITY_TIMEOUT,
        # A web request sending a task while Redis is gone fails within seconds, not minutes.
        "socket_connect_timeout": BROKER_CONNECT_TIMEOUT,
    }
    CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {"visibility_timeout": CELERY_VISIBILITY_TIMEOUT}
    CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = BROKER_CONNECT_TIMEOUT
else:
    # Embedded broker: kombu's filesystem transport needs no server, so `make run` works anywhere.
    CELERY_BROKER_DIR = VAR_DIR / "celery"
    CELERY_BROKER_URL = "filesystem://"
    CELERY_RESULT_BACKEND = f"file://{CELERY_BROKER_DIR / 'results'}"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_BROKER_DIR / "queue"),
        "data_folder_out": str(CELERY_BROKER_DIR / "queue"),
        "processed_folder": str(CELERY_BROKER_DIR / "processed"),
        # Exchange bindings (worker remote control); kombu's default is a folder in the cwd.
        "control_folder": str(CELERY_BROKER_DIR / "control"),
        "store_processed": False,
        "polling_interval": 0.2,  # seconds between looks at the folder; the default waits 1 s
        "visibility_timeout": CELERY_VISIBILITY_TIMEOUT,
    }
    for _folder in ("queue", "processed", "results", "control"):
        (CELERY_BROKER_DIR / _folder).mkdir(parents=True, exist_ok=True)

# Lets two deployments (or a test run) share one broker without taking each other's tasks.
CELERY_TASK_DEFAULT_QUEUE = env_str("CELERY_QUEUE") or "celery"
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# A pool process is replaced (forked afresh from the worker) after a task that took its resident
# size over this many kB (billiard reads the process's peak): what laying out parts left in it is
# given back, and the report's last task, `finish`, runs in a fresh one (bench/README.md). 0: never.
CELERY_WORKER_MAX_MEMORY_PER_CHILD = (
    env_int("CELERY_WORKER_MAX_MEMORY_PER_CHILD", 250_000, minimum=0) or None
)
CELERY_RESULT_EXPIRES = 60 * 60 * 24
CELERY_TASK_ALWAYS_EAGER = False
# Without a native chord counter (the embedded broker's file result backend), Celery polls for
# the chord's end; a header task lost with a killed worker would keep it polling forever. A
# resumed report runs a chord of its own, so the stale poll may give up after an hour.
CELERY_TASK_ANNOTATIONS = {"celery.chord_unlock": {"max_retries": 3600}}
CELERY_TIMEZONE = "UTC"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A report job (or one of its parts) silent for this long is taken for lost and sent again;
# running steps beat every quarter of it. With the resume task every 20 s, the work of a killed
# worker is sent again within a minute, well inside the two minutes the issue allows.
REPORT_STALL_SECONDS = env_int("REPORT_STALL_SECONDS", 40, minimum=4)
REPORT_RESUME_EVERY_SECONDS = env_int("REPORT_RESUME_EVERY_SECONDS", 20, minimum=1)

# Plausibility checks of progress and indicator values (review/rules.py): a jump of more than
# `jump_points` in a year, a value more than `target_factor` times the way to its target.
PLAUSIBILITY = {
    "jump_points": env_int("PLAUSIBILITY_JUMP_POINTS", 40, minimum=1),
    "target_factor": env_int("PLAUSIBILITY_TARGET_FACTOR", 2, minimum=1),
}
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
# Celery beat's schedule, the only place periodic work is declared (times in UTC).
CELERY_BEAT_SCHEDULE = {
    # ASEC always finds a draft annual report of the current year, at most a month old.
    "monthly-draft-report": {
        "task": "reports.scheduled_draft",
        "schedule": crontab(minute=0, hour=2, day_of_month=1),
    },
    # A report job whose worker died and whose message the broker could not re-deliver (the
    # embedded filesystem broker cannot) is resumed; annexes already computed are kept.
    # Also sends again the parts of a report whose worker stopped beating (killed with its
    # pool), and reports saved while the broker was down.
    "resume-stalled-reports": {
        "task": "reports.resume_stalled",
        "schedule": timedelta(seconds=REPORT_RESUME_EVERY_SECONDS),
    },
    # Cities that have not submitted the open cycle's report are reminded as its deadline nears,
    # on the day and while overdue (REMINDER_* below); the task decides who, daily.
    "cycle-reminders": {
        "task": "action_plans.send_cycle_reminders",
        "schedule": crontab(minute=0, hour=1),
    },
}

# --- Auth -------------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "start"  # the start page of the person's role (ascn_portal/start.py)
LOGOUT_REDIRECT_URL = "home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- E-mail -----------------------------------------------------------------------------------
EMAIL_URL_HOST = env_str("EMAIL_HOST")
if EMAIL_URL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = EMAIL_URL_HOST
    EMAIL_PORT = env_int("EMAIL_PORT", 587, minimum=1)
    EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
    EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "ASCN Portal <no-reply@ascn.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Language and time ----------------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("vi", _("Vietnamese"))]
# The reference vocabularies (countries, the ASCF, GESI groups, support types) have a name per
# language (django-modeltranslation: name_en, name_vi; `name` reads the current language's and
# falls back to English). Their codes never change; reference/data/names_vi.csv gives the names.
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_LANGUAGES = ("en", "vi")
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)
MODELTRANSLATION_AUTO_POPULATE = "default"
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["ascn_portal.formats"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# --- Static and uploaded files ---------------------------------------------------------------
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    # fonts/*.woff2: the network's scripts, made from the font packages (core/fonts.py).
    "core.fonts.PackagedFontFinder",
]
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
# Uploads and generated reports go through Django's storage API. With several machines (web
# replicas, workers elsewhere), either share MEDIA_ROOT (one volume) or set STORAGE_BACKEND=s3:
# any S3-compatible service through django-storages (pip install boto3; README, "Scaling").
STORAGE_BACKEND = env_choice("STORAGE_BACKEND", "filesystem", ("filesystem", "s3"))
if STORAGE_BACKEND == "s3":
    if not env_str("S3_BUCKET"):
        raise ImproperlyConfigured("STORAGE_BACKEND=s3 needs S3_BUCKET.")
    DEFAULT_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env_str("S3_BUCKET"),
            "endpoint_url": env_str("S3_ENDPOINT_URL") or None,
            "region_name": env_str("S3_REGION") or None,
            "access_key": env_str("S3_ACCESS_KEY_ID") or None,
            "secret_key": env_str("S3_SECRET_ACCESS_KEY") or None,
            "location": env_str("S3_PREFIX"),
            # Private objects; the portal serves them after its own permission check.
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
else:
    DEFAULT_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": DEFAULT_STORAGE,
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG
UPLOAD_MAX_BYTES = env_int("UPLOAD_MAX_BYTES", 10 * 1024 * 1024, minimum=1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = UPLOAD_MAX_BYTES + 1024 * 1024

# --- Security ---------------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 60 * 60 * 24 * 365, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
# docker-compose's health check asks over plain HTTP from inside the container.
SECURE_REDIRECT_EXEMPT = [r"^health/$"]
BEHIND_PROXY = env_bool("BEHIND_PROXY")
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_PROXY else None

# --- API --------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_FILTER_BACKENDS": [
        "core.api.filters.FilterBackend",  # django-filter's
        "core.api.filters.SearchFilter",
        "core.api.filters.PortalOrderingFilter",
    ],
    # JSON nested deeper than any body of the API is a 400, never a RecursionError.
    "DEFAULT_PARSER_CLASSES": ["core.api.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "core.api.schema.PortalAutoSchema",
    # Throttle history lives in the default cache: Redis in production, per-process otherwise.
    "DEFAULT_THROTTLE_CLASSES": [
        "core.api.throttles.AnonThrottle",
        "core.api.throttles.UserThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env_rate("API_THROTTLE_ANON", "120/minute"),
        "user": env_rate("API_THROTTLE_USER", "1200/minute"),
        "auth": env_rate("API_THROTTLE_AUTH", "10/minute"),
        # The web's password reset form (accounts/views.py), in the same cache.
        "password_reset_address": env_rate("PASSWORD_RESET_RATE_ADDRESS", "3/hour"),
        "password_reset_client": env_rate("PASSWORD_RESET_RATE_CLIENT", "10/hour"),
        "provider_application": env_rate("PROVIDER_APPLICATION_RATE", "5/hour"),
    },
    # Throttles tell clients apart by address; trust X-Forwarded-For only from our own proxy.
    "NUM_PROXIES": 1 if BEHIND_PROXY else 0,
    "EXCEPTION_HANDLER": "core.api.base.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "ASCN Portal API",
    "DESCRIPTION": (
        "Cities, action plans, projects, partners and reports of the ASEAN Smart Cities Network."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # No call to validator.swagger.io: the docs page talks to the portal only.
    "SWAGGER_UI_SETTINGS": {"deepLinking": False, "validatorUrl": None},
    # Several models have a `status`: name each choice set after its model.
    "ENUM_NAME_OVERRIDES": {
        "PlanStatusEnum": "action_plans.models.PlanStatus",
        "ProgressUpdateStatusEnum": "action_plans.models.UpdateStatus",
        "TwinningStatusEnum": "partners.models.Twinning.Status",
        "OpportunityStatusEnum": "partners.models.Opportunity.Status",
        "InterestStatusEnum": "partners.models.Interest.Status",
        "DecisionStatusEnum": "meetings.models.Decision.Status",
        "ReportStatusEnum": "reports.models.AnnualReport.Status",
        "ReviewObjectTypeEnum": "review.models.ObjectType",
        "QueryStatusEnum": "review.models.Query.Status",
    },
}

# --- Portal -----------------------------------------------------------------------------------
DEMO_PASSWORD = env_str("DEMO_PASSWORD", "ascn-demo")
# Reminders of a reporting cycle's deadline (the year itself comes from the cycles): this many
# days before it, on the day, and every so many days while overdue.
REMINDER_DAYS_BEFORE = env_int("REMINDER_DAYS_BEFORE", 14, minimum=1)
REMINDER_OVERDUE_EVERY_DAYS = env_int("REMINDER_OVERDUE_EVERY_DAYS", 7, minimum=1)
# Where the portal is reached, for links in e-mails sent outside a request.
PORTAL_URL = env_str("PORTAL_URL", "http://127.0.0.1:8000")
# The IATI organisation identifier of the reporting organisation (ASEC): every activity
# identifier of the IATI export starts with it (`/api/iati/activities.xml`).
# The licence the open data (and its DCAT-AP catalogue, /open-data/catalog.jsonld) is offered under.
OPEN_DATA_LICENSE = env_url(
    "OPEN_DATA_LICENSE", "https://creativecommons.org/licenses/by/4.0/", schemes=("https", "http")
)
IATI_REPORTING_ORG = env_iati_identifier("IATI_REPORTING_ORG", "XM-ASEAN-ASEC")
# Whether `POST /api/auth/token/` asks ASEC staff and administrators for their TOTP code too. On
# in production; off by default in development, where the contract's username + password must
# give every demo account a token (the web sign-in asks for the code either way).
API_TOKEN_REQUIRES_TWO_FACTOR = env_bool("API_TOKEN_REQUIRES_TWO_FACTOR", default=not DEBUG)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {
        "handlers": ["console"],
        "level": env_choice("LOG_LEVEL", "INFO", ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")),
    },
    # WeasyPrint and fontTools narrate every layout step at INFO.
    "loggers": {
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# --- Hardening: content security policy, login throttling, idle timeout, two factors ----------
# (issue 9; the security flags above stay where they are.)
INSTALLED_APPS += [
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
]
MIDDLEWARE += [
    # Ends a session after SESSION_COOKIE_AGE without a request (refreshes it once a minute).
    "accounts.middleware.SessionIdleTimeoutMiddleware",
    # ASEC staff and administrators enter a TOTP code after their password, before any page.
    "accounts.middleware.TwoFactorMiddleware",
    "csp.middleware.CSPMiddleware",
    # Turns a locked-out sign-in into the lockout page; django-axes wants it last.
    "axes.middleware.AxesMiddleware",
]

# Every script, style and font from the portal itself: no inline code, no other origin. The
# annual report's standalone HTML page sets its own, stricter header
# (reports/views/annual_report.py).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

# Idle timeout: a session ends SESSION_IDLE_MINUTES after its last request.
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_MINUTES", 30, minimum=1) * 60
SESSION_ACTIVITY_REFRESH_SECONDS = min(60, SESSION_COOKIE_AGE // 2)

# Login throttling (django-axes): a username is locked for one client address after
# LOGIN_FAILURE_LIMIT failed sign-ins in a row from it, for LOGIN_LOCKOUT_MINUTES after the last
# one, on the web form, the admin and the API token endpoint alike. Per username *and* address
# (issue 19): counted per username alone, anyone could lock anyone out (ASEC included) with five
# wrong passwords; the owner signing in from elsewhere is not locked by a guesser. A guesser is
# slowed per address by the lock and by the API's throttle. ASEC or an administrator can lift a
# lock in the admin (Axes · Access attempts).
AUTHENTICATION_BACKENDS = [
    "accounts.backends.LockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_CALLABLE = "accounts.backends.lockout_username"
AXES_CLIENT_IP_CALLABLE = "accounts.backends.client_address"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "accounts.views.lockout"

# Two factors (django-otp, TOTP) for ASEC staff and administrators: core.policy decides who.
OTP_TOTP_ISSUER = "ASCN Portal"
