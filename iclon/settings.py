"""Settings of the ICLON portal.

One module, read from the environment (see the configuration table in the README). Every value
has a default that suits a developer's machine; production sets DJANGO_DEBUG=0, a real
DJANGO_SECRET_KEY and DJANGO_ALLOWED_HOSTS, and `manage.py check --deploy` must stay silent.
"""

import os
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

# The development key is refused in production by iclon.core.checks (deploy tag).
DEV_SECRET_KEY = "django-insecure-dev-only-key-do-not-use-in-production-0123456789"  # noqa: S105  (refused in production by iclon.E001)

DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default=DEV_SECRET_KEY)
# The published development key signs sessions, password-reset and secret links: a portal that is
# not in development (DEBUG off) refuses to start with it. `check --deploy` says so too, but gunicorn
# never runs checks. The test suite (pytest sets PYTEST_VERSION) runs with DEBUG off on purpose.
if not DEBUG and SECRET_KEY == DEV_SECRET_KEY and "PYTEST_VERSION" not in os.environ:
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY is not set. Set it to a long random value (e.g. python -c "
        "'import secrets; print(secrets.token_urlsafe(50))'), or set DJANGO_DEBUG=1 on a developer's machine."
    )
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # Third party
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "simple_history",
    "import_export",
    "django_filters",
    "django_htmx",
    "rest_framework",
    "knox",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_celery_beat",
    # Project: general before specific, as the dependencies point (see STYLE.md).
    "iclon.core",
    "iclon.accounts",
    "iclon.notifications",
    "iclon.webhooks",
    # Domain apps by their AppConfig (iclon.core.slices.DomainAppConfig: each names its slices).
    "partnerships.apps.PartnershipsConfig",
    "research.apps.ResearchConfig",
    "programmes.apps.ProgrammesConfig",
    "professionalisation.apps.ProfessionalisationConfig",
]

MIDDLEWARE = [
    # /health/live and /health/ready, answered before any other middleware (iclon/core/health.py).
    "iclon.core.health.HealthMiddleware",
    # The request id (X-Request-ID) and the access log line; health answers stay out of it.
    "iclon.core.requestid.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Public pages for anonymous visitors, whole from the shared cache: before the session, CSRF,
    # authentication and everything after them (iclon/core/pagecache.py).
    "iclon.core.pagecache.PublicPageMiddleware",
    # Personal pages (dashboard, own lists, staff API lists) again from the shared cache while no
    # row changed: before the same middleware (iclon/core/personalpages.py).
    "iclon.core.personalpages.PersonalPageMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "iclon.core.middleware.RejectBadInputMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "iclon.core.middleware.TenancyMiddleware",
    "iclon.accounts.middleware.StaffMFARequiredMiddleware",
    "iclon.core.middleware.PrivateCacheControlMiddleware",
    # Last, around the view alone: an API POST with an Idempotency-Key header is answered once and
    # replayed on a retry (iclon/core/api/idempotency.py).
    "iclon.core.api.idempotency.IdempotencyKeyMiddleware",
]

ROOT_URLCONF = "iclon.urls"
WSGI_APPLICATION = "iclon.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "iclon.core.context_processors.navigation",
                "iclon.notifications.context_processors.unread_notifications",
            ],
        },
    },
]

# Database: SQLite in the project folder unless DATABASE_URL says otherwise.
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
# Persistent connections: a new PostgreSQL connection costs a request several milliseconds. A
# connection is checked before a request reuses it (CONN_HEALTH_CHECKS), so a restarted database
# costs no failed request.
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("DJANGO_CONN_MAX_AGE", default=600))
DATABASES["default"].setdefault("CONN_HEALTH_CHECKS", True)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite has no row locks (select_for_update is a no-op): IMMEDIATE transactions take the
    # write lock at BEGIN, so concurrent writers (placement capacity) queue instead of failing.
    DATABASES["default"].setdefault("OPTIONS", {}).update({"transaction_mode": "IMMEDIATE", "timeout": 20})
# The test database's name where it must outlive one pytest session (mutation testing reuses one
# SQLite file with --reuse-db instead of migrating a new one for every mutant; docs/testing.md).
if _test_database_name := env.str("DJANGO_TEST_DATABASE_NAME", default=""):
    DATABASES["default"]["TEST"] = {"NAME": _test_database_name}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Redis is optional: without REDIS_URL the cache is per process and Celery runs tasks eagerly.
REDIS_URL = env.str("REDIS_URL", default="")
# The cache may use its own Redis database (REDIS_CACHE_URL), apart from Celery's queues.
REDIS_CACHE_URL = env.str("REDIS_CACHE_URL", default=REDIS_URL)
# The test suite runs in parallel (pytest-xdist): each test worker (gw0, gw1 …) gets Redis
# databases of its own, so that one worker's cache.clear() or queue never touches another's.
_XDIST_WORKER = env.str("PYTEST_XDIST_WORKER", default="")
if _XDIST_WORKER.startswith("gw"):
    _offset = 2 * (int(_XDIST_WORKER[2:]) + 1)

    def _redis_db(url: str, extra: int) -> str:
        base, _slash, db = url.rpartition("/")
        return f"{base}/{(int(db) if db.isdigit() else 0) + extra}" if base.startswith("redis") else url

    REDIS_URL = _redis_db(REDIS_URL, _offset) if REDIS_URL else ""
    REDIS_CACHE_URL = _redis_db(REDIS_CACHE_URL, _offset) if REDIS_CACHE_URL else ""
if REDIS_CACHE_URL:
    CACHES = {
        "default": {
            # Redis, and a per-process cache while Redis cannot be reached: rate limits and
            # throttles then count per process instead of failing every request (iclon/core/cache.py).
            "BACKEND": "iclon.core.cache.ResilientRedisCache",
            "LOCATION": REDIS_CACHE_URL,
            "KEY_PREFIX": "iclon",
            # A Redis that does not answer costs a request about a second, never a hang.
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Sessions are read from the cache and written through to the database (a cache outage or an
# eviction costs a query, never a session).
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# /health/ready gives each service this many seconds to answer (iclon/core/health.py).
HEALTH_CHECK_TIMEOUT = env.float("HEALTH_CHECK_TIMEOUT", default=2.0)

# Anonymous visitors get the routes pages (catalogue, pathways, subjects) from the cache for at
# most this long; staff changes retire them at once (programmes/catalogue/cache.py). 0 turns the cache off.
# Without Redis every process has its own cache and sees only its own changes, so the entries of
# the other processes (gunicorn workers, manage.py commands) must expire soon.
CATALOGUE_CACHE_SECONDS = env.int("CATALOGUE_CACHE_SECONDS", default=3600 if REDIS_CACHE_URL else 60)
# Whole public pages for anonymous visitors (iclon/core/pagecache.py): at most this long, retired at
# once when staff change the catalogue. 0 turns it off.
PUBLIC_PAGE_CACHE_SECONDS = env.int("PUBLIC_PAGE_CACHE_SECONDS", default=CATALOGUE_CACHE_SECONDS)
# Each process answers the public pages it served lately from memory, trusting the public version
# it read for this long: a change made in another process shows there within this time.
PUBLIC_PAGE_VERSION_CHECK_SECONDS = env.float("PUBLIC_PAGE_VERSION_CHECK_SECONDS", default=1.0)
# A signed-in user's personal pages (iclon/core/personalpages.py) are answered again from the cache
# for at most this long while no row changed (any change retires them at once). 0 turns it off.
PERSONAL_PAGE_CACHE_SECONDS = env.int("PERSONAL_PAGE_CACHE_SECONDS", default=60)
# The REST API's paths, and how long the answer to a POST with an Idempotency-Key is kept for its
# retries (iclon/core/api/idempotency.py).
API_PATH_PREFIX = "/api/"
# How many days before a placement starts its trainee is reminded of a missing certificate of
# conduct (programmes/vog/tasks.py).
VOG_REMINDER_DAYS = env.int("VOG_REMINDER_DAYS", default=42)
IDEMPOTENCY_KEY_HOURS = env.int("IDEMPOTENCY_KEY_HOURS", default=24)

# Authentication
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
# Django's checks with the portal's wording ("je" in Dutch): see iclon/accounts/validators.py. The
# order is the order of the help texts under the password field.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "iclon.accounts.validators.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "iclon.accounts.validators.CommonPasswordValidator"},
    {"NAME": "iclon.accounts.validators.NumericPasswordValidator"},
    {
        "NAME": "iclon.accounts.validators.UserAttributeSimilarityValidator",
        "OPTIONS": {"user_attributes": ("email", "full_name")},
    },
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "core:dashboard"
LOGOUT_REDIRECT_URL = "core:home"

ACCOUNT_ADAPTER = "iclon.accounts.adapter.AccountAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "iclon.accounts.forms.SignupForm"
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_EMAIL_NOTIFICATIONS = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[ICLON] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http" if DEBUG else "https"
# allauth's login rate limits stay at their defaults; they are kept in the (shared) cache, and per
# process while Redis cannot be reached (iclon/core/cache.py).
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "ICLON portal"

# The portal's own address, for links in e-mails (no request is at hand in a task).
PORTAL_BASE_URL = env.str("PORTAL_BASE_URL", default="http://127.0.0.1:8000").rstrip("/")

# Invitations of partner-school users expire after this many days.
INVITATION_EXPIRY_DAYS = env.int("INVITATION_EXPIRY_DAYS", default=7)

# Internationalisation: Dutch first, English complete.
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

FORMS_URLFIELD_ASSUME_HTTPS = True

# Static and media files
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=BASE_DIR / "media")
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Applicants' documents: never under MEDIA_URL, served only through a view that checks the
    # permission. A private folder by default; S3-compatible storage (django-storages) when
    # DOCUMENTS_S3_BUCKET is set, with the AWS_* variables of django-storages for the rest.
    "applications": (
        {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": env("DOCUMENTS_S3_BUCKET"),
                "endpoint_url": env("DOCUMENTS_S3_ENDPOINT_URL", default=None),
                "region_name": env("DOCUMENTS_S3_REGION", default=None),
                "default_acl": "private",
                "querystring_auth": True,
                "file_overwrite": False,
            },
        }
        if env("DOCUMENTS_S3_BUCKET", default="")
        else {
            "BACKEND": "iclon.core.storage.PrivateFileSystemStorage",
            "OPTIONS": {"location": env.path("DJANGO_DOCUMENTS_ROOT", default=BASE_DIR / "private-documents")},
        }
    ),
    "staticfiles": {
        # Production serves hashed, compressed files after collectstatic; development and tests
        # (DJANGO_STATIC_MANIFEST=0) serve the files as they are.
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env.bool("DJANGO_STATIC_MANIFEST", default=not DEBUG)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Without collectstatic (development, tests) whitenoise serves straight from the finders.
WHITENOISE_USE_FINDERS = env.bool("WHITENOISE_USE_FINDERS", default=DEBUG)
WHITENOISE_AUTOREFRESH = DEBUG

# Intake: uploads and retention.
APPLICATION_DOCUMENT_MAX_BYTES = env.int("APPLICATION_DOCUMENT_MAX_BYTES", default=10 * 1024 * 1024)
# Applications are anonymised this many days after the decision (or withdrawal).
APPLICATION_RETENTION_DAYS = env.int("APPLICATION_RETENTION_DAYS", default=730)
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024

# E-mail
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://" if DEBUG else "smtp://localhost:25")
vars().update(EMAIL_CONFIG)
# A hung SMTP server must not hold a worker until the task's time limit.
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="ICLON portal <noreply@iclon.leidenuniv.nl>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Security. Behind a TLS-terminating proxy that sets X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = env.bool("DJANGO_SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SECURE_HSTS_SECONDS = env.int("DJANGO_HSTS_SECONDS", default=0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (django-csp 4): scripts and styles only from ourselves or with the
# per-response nonce; never 'unsafe-inline'.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
    },
}

# Tenancy: the function that tells which schools a user may see (see iclon/core/tenancy.py).
TENANCY_SCHOOL_RESOLVER = "partnerships.tenancy.visible_school_ids"

# Admin and staff
SIMPLE_HISTORY_HISTORY_ID_USE_UUID = False
IMPORT_EXPORT_SKIP_ADMIN_LOG = False

LOG_LEVEL = env.str("DJANGO_LOG_LEVEL", default="INFO")
# Every record carries the request id and the user id (iclon/core/logs.py); DJANGO_LOG_FORMAT=json
# writes one JSON object a line (time, level, logger, message, request_id, user_id, and the access
# line's method, path, status, duration_ms) for a log collector.
LOG_FORMAT = env.str("DJANGO_LOG_FORMAT", default="text")
if LOG_FORMAT not in ("text", "json"):
    raise ImproperlyConfigured("DJANGO_LOG_FORMAT must be 'text' or 'json'.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_context": {"()": "iclon.core.logs.RequestContextFilter"},
        "permission_denied": {"()": "iclon.core.logs.PermissionDeniedWithoutTraceback"},
    },
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
        "json": {"()": "iclon.core.logs.JSONFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if LOG_FORMAT == "json" else "plain",
            "filters": ["request_context"],
        }
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django": {"handlers": ["console"], "level": LOG_LEVEL, "propagate": False},
        # An ordinary 403 is one WARNING line, without the traceback Django attaches.
        "django.request": {"filters": ["permission_denied"]},
        "django.db.backends": {"level": "INFO"},
    },
}

# REST API (/api/v1/): see iclon/api.py and docs/api.md.
REST_FRAMEWORK = {
    # Token first: an unauthenticated request then gets 401 with WWW-Authenticate, not 403.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "iclon.accounts.api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "iclon.core.api.pagination.PageNumberPagination",
    "PAGE_SIZE": 25,
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "iclon.core.api.filters.SearchFilter",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "iclon.core.api.throttling.SignedInRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env.str("API_THROTTLE_ANON", default="60/minute"),
        "user": env.str("API_THROTTLE_USER", default="600/minute"),
    },
    # JSON bodies are parsed strictly: too deep, a key twice, a number beyond 64 bits → 400.
    "DEFAULT_PARSER_CLASSES": [
        "iclon.core.api.parsers.StrictJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_VERSIONING_CLASS": None,
    "EXCEPTION_HANDLER": "iclon.core.api.exceptions.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "iclon.core.api.schema.AutoSchema",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
REST_KNOX = {
    "TOKEN_PREFIX": "iclon_",
    "TOKEN_TTL": None,  # each token chooses its own expiry (or none)
    "AUTO_REFRESH": False,
}
KNOX_TOKEN_MODEL = "accounts.ApiToken"  # noqa: S105  (a model name, not a secret)
# knox's own token table is replaced by accounts.ApiToken; its migrations would still create it.
MIGRATION_MODULES = {"knox": None}
SPECTACULAR_SETTINGS = {
    "TITLE": "ICLON portal API",
    "DESCRIPTION": (
        "The REST API of the ICLON portal. Authenticate with a personal API token (create one on your "
        "profile page) in the header `Authorization: Token <token>`. Lists are paginated "
        '(`page`, `page_size`); errors have the shape `{"detail": ..., "errors": {field: [messages]}}` '
        "in the language of `Accept-Language` (nl, en)."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "ENUM_NAME_OVERRIDES": {
        # Two fields named "side": who evaluates a visit, and who confirms a PAL assignment.
        "VisitEvaluationSideEnum": "professionalisation.outreach.models.visits.EvaluationSide",
        "PalConfirmSideEnum": [("student", "student"), ("school", "school")],
        # Fields named "role": a school membership's (its name from before research had any), a
        # researcher's, and a researcher's in a project.
        "RoleEnum": "partnerships.models.SchoolRole",
        "ResearcherRoleEnum": "research.people.models.ResearcherRole",
        "ProjectMemberRoleEnum": "research.projects.models.MemberRole",
        # Fields named "kind" and "status" of a support request (research coordination).
        "SupportKindEnum": "research.coordination.models.SupportKind",
        "SupportStatusEnum": "research.coordination.models.SupportStatus",
        # A research question's status and sector (research/questions), beside others of those names.
        "ResearchQuestionStatusEnum": "research.questions.models.QuestionStatus",
        "ResearchQuestionSectorEnum": "research.questions.models.Sector",
        "ResearchQuestionMatchKindEnum": "research.questions.models.MatchKind",
        "SectorEnum": "programmes.catalogue.models.Sector",
        # A matching run's status and a pin or forbid's kind (programmes/matchruns).
        "MatchingRunStatusEnum": "programmes.matchruns.models.RunStatus",
        "MatchingConstraintKindEnum": "programmes.matchruns.models.ConstraintKind",
    },
}

# Celery: Redis is the broker when REDIS_URL is set; otherwise tasks run eagerly, in-process.
CELERY_BROKER_URL = REDIS_URL or "memory://localhost/"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 120
CELERY_TASK_SOFT_TIME_LIMIT = 90
CELERY_TASK_PUBLISH_RETRY = True
# Bounded: a broker that is down costs a request at most about a second, never an error.
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.5}
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Longer than any task (time limit 120 s), so a running task is never handed to a second worker.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600, "socket_connect_timeout": 2, "socket_timeout": 5}
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_BEAT_SCHEDULE = {
    "sweep-notifications": {"task": "iclon.notifications.tasks.sweep_notifications_task", "schedule": 60.0},
    # Every minute: the webhook deliveries that are due (retries) and the ones stuck in 'sending'.
    "sweep-webhooks": {"task": "iclon.webhooks.tasks.sweep_webhooks_task", "schedule": 60.0},
    # Nightly: the webhook deliveries finished longer than WEBHOOK_DELIVERY_KEEP_DAYS (90) ago.
    "purge-webhook-deliveries": {
        "task": "iclon.webhooks.tasks.purge_webhook_deliveries_task",
        "schedule": crontab(hour=3, minute=55),
    },
    # Daily in the morning (Amsterdam): remind applicants whose draft's deadline is 7 or 1 days away.
    "intake-deadline-reminders": {
        "task": "programmes.tasks.deadline_reminders_task",
        "schedule": crontab(hour=8, minute=0),
    },
    # Daily at night: anonymise applications past APPLICATION_RETENTION_DAYS (one task each).
    "anonymise-applications": {
        "task": "programmes.privacy_tasks.anonymise_applications_task",
        "schedule": crontab(hour=3, minute=30),
    },
    # Weekly on Monday morning: the placements digest to every school contact (one task each).
    "placement-school-digests": {
        "task": "programmes.placement_tasks.school_digests_task",
        "schedule": crontab(day_of_week="mon", hour=7, minute=0),
    },
    # Daily: remind the authors of evaluations due within seven days and not yet submitted.
    "placement-evaluation-reminders": {
        "task": "programmes.placement_tasks.evaluation_reminders_task",
        "schedule": crontab(hour=8, minute=15),
    },
    # Every five minutes: close the waiting-list offers whose time is up and offer the place on.
    "professionalisation-expire-offers": {
        "task": "professionalisation.activities.tasks.expire_offers_task",
        "schedule": 300.0,
    },
    # Daily: remind participants of each meeting two days ahead.
    "professionalisation-meeting-reminders": {
        "task": "professionalisation.activities.tasks.meeting_reminders_task",
        "schedule": crontab(hour=9, minute=0),
    },
    # Daily: remind the school and the researcher of each Meet the Professor visit two days ahead.
    "professionalisation-visit-reminders": {
        "task": "professionalisation.outreach.tasks.visit_reminders_task",
        "schedule": crontab(hour=9, minute=5),
    },
    # Daily: remind trainees of a coming placement without a checked certificate of conduct.
    "programmes-vog-reminders": {
        "task": "programmes.vog.tasks.vog_reminders_task",
        "schedule": crontab(hour=8, minute=40),
    },
    # Nightly: the kept answers of API POSTs with an Idempotency-Key, older than a day.
    "core-idempotency-records-purge": {
        "task": "iclon.core.tasks.idempotency_records_purge_task",
        "schedule": crontab(hour=3, minute=50),
    },
    # Daily at night: delete the Meet the Professor public form's requests never verified (or long verified).
    "professionalisation-visit-submissions-purge": {
        "task": "professionalisation.outreach.tasks.visit_submissions_purge_task",
        "schedule": crontab(hour=3, minute=45),
    },
    # Daily: remind the assignee of each support request whose grant deadline is within 14 days (once).
    "research-support-deadline-reminders": {
        "task": "research.coordination.tasks.support_deadline_reminders_task",
        "schedule": crontab(hour=8, minute=30),
    },
    # Daily at night: delete the research questions' public form's submissions never verified (or long verified).
    "research-question-submissions-purge": {
        "task": "research.questions.tasks.question_submissions_purge_task",
        "schedule": crontab(hour=3, minute=50),
    },
    # Hourly: close the schools' invitations to their teachers whose time has passed.
    "professionalisation-expire-invitations": {
        "task": "professionalisation.activities.tasks.expire_invitations_task",
        "schedule": crontab(minute=20),
    },
}

# Notifications: queued rows older than this are enqueued again by the sweeper.
NOTIFICATION_SWEEP_AFTER_SECONDS = env.int("NOTIFICATION_SWEEP_AFTER_SECONDS", default=120)
NOTIFICATION_MAX_ATTEMPTS = env.int("NOTIFICATION_MAX_ATTEMPTS", default=5)
# E-mail notifications go out in batches: one task and one SMTP connection for up to this many.
NOTIFICATION_BATCH_SIZE = env.int("NOTIFICATION_BATCH_SIZE", default=100)
# A row 'sending' for longer than any task may run (the hard time limit, and a margin) was
# interrupted (its worker was killed): the sweeper queues it again, with the same Message-ID.
NOTIFICATION_STUCK_AFTER_SECONDS = env.int("NOTIFICATION_STUCK_AFTER_SECONDS", default=CELERY_TASK_TIME_LIMIT + 60)
