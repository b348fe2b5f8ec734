"""Base settings. Every value comes from the environment; the defaults give the
embedded setup (SQLite and a file-system Celery broker under var/, console e-mail)."""
import datetime
import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))


def env(name, default=None):
    return os.environ.get(name, default)


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# --- Core -------------------------------------------------------------------
SECRET_KEY = env("SECRET_KEY", "dev-only-insecure-key-change-me")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "accounts.apps.AdminConfig",  # django.contrib.admin with the second factor (see Security below)
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI and ReDoc as our own static files
    "simple_history",
    "django_celery_beat",
    "django_celery_results",
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "core",
    "accounts",
    "organizations",
    "cadres",
    "inspection",
    "reports",
    "rules",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "core.middleware.SecurityHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.middleware.DefaultLanguageMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "core.idempotency.IdempotencyMiddleware",  # replays a retried API POST that carries the same Idempotency-Key
    "axes.middleware.AxesMiddleware",  # last: turns a lockout into the login page with the reason
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
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# --- Database ---------------------------------------------------------------
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
        conn_max_age=int(env("DB_CONN_MAX_AGE", "0")),
    )
}
# PostgreSQL's JIT compiles a query whose estimated cost passes jit_above_cost; the correlated
# subqueries of the as-of lists are estimated in the millions, and a city-wide `overdue` count
# as of a past day spent ~700 ms compiling for ~290 ms of work (bench/results/asof-city.md).
# Off for the application's connections unless DB_JIT=on.
if DATABASES["default"]["ENGINE"].endswith("postgresql") and env("DB_JIT", "off") != "on":
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ------------------------------------------------------------------
REDIS_URL = env("REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Dashboard figures per scope and filters (reports/dashboard.py; 0 turns the cache off) and large
# API list totals (core/pagination.py: totals of at least API_COUNT_CACHE_MIN_ROWS rows).
DASHBOARD_CACHE_SECONDS = int(env("DASHBOARD_CACHE_SECONDS", "60"))
API_COUNT_CACHE_SECONDS = int(env("API_COUNT_CACHE_SECONDS", "60"))
API_COUNT_CACHE_MIN_ROWS = int(env("API_COUNT_CACHE_MIN_ROWS", "5000"))

# --- Auth -------------------------------------------------------------------
AUTH_USER_MODEL = "organizations.User"
# Axes first: it refuses a locked-out (username, IP) before the password is checked.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "organizations.backends.RoleBackend"]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": int(env("PASSWORD_MIN_LENGTH", "10"))}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "accounts.validators.VietnameseCommonPasswordValidator"},
]

# --- Language and time ------------------------------------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

# --- Static and media files -------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = Path(env("STATIC_ROOT", VAR_DIR / "static"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# --- E-mail -----------------------------------------------------------------
EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("EMAIL_PORT", "25"))
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "kiemtra@btctu.local")

# --- REST API ---------------------------------------------------------------
REST_FRAMEWORK = {
    # API keys first: their WWW-Authenticate header makes a missing or bad key a 401, not a 403.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["core.permissions.RolePermission"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "core.api.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "core.schema.AutoSchema",  # adds the documented error answers
    "EXCEPTION_HANDLER": "core.api.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Inspection management API",
    "DESCRIPTION": "Party Organization Board inspections: organizations, cadres, inspections, reports.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI and ReDoc from drf-spectacular-sidecar's static files, never a CDN
    # (the intranet has no internet); no validator badge from swagger.io either.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None},
    # One stable schema name per choice set (many models have a "kind" or a "status").
    "ENUM_NAME_OVERRIDES": {
        "OrganizationLevelEnum": "organizations.choices.OrganizationLevel",
        "OrganizationKindEnum": "organizations.choices.OrganizationKind",
        "GrassrootsTypeEnum": "organizations.choices.GrassrootsType",
        "SuccessionKindEnum": "organizations.choices.SuccessionKind",
        "RoleEnum": "organizations.choices.Role",
        "GenderEnum": "organizations.record_choices.Gender",
        "CommitteePositionEnum": "organizations.record_choices.CommitteePosition",
        "RatingSubjectEnum": "organizations.record_choices.RatingSubject",
        "RatingLevelEnum": "organizations.record_choices.RatingLevel",
        "LegacyRatingLevelEnum": "organizations.record_choices.LegacyRatingLevel",
        "NotRatedReasonEnum": "organizations.record_choices.NotRatedReason",
        "MeetingKindEnum": "organizations.record_choices.MeetingKind",
        "ContentFocusEnum": "organizations.record_choices.ContentFocus",
        "MeetingQualityEnum": "organizations.record_choices.MeetingQuality",
        "SectorEnum": "organizations.record_choices.Sector",
        "TheoryLevelEnum": "cadres.choices.TheoryLevel",
        "EducationLevelEnum": "cadres.choices.EducationLevel",
        "StateManagementLevelEnum": "cadres.choices.StateManagementLevel",
        "PlanningStatusEnum": "cadres.choices.PlanningStatus",
        "RemovalReasonEnum": "cadres.choices.RemovalReason",
        "TrainingKindEnum": "cadres.choices.TrainingKind",
        "TrainingStatusEnum": "cadres.choices.TrainingStatus",
        "MovementKindEnum": "cadres.choices.MovementKind",
        "DocumentTypeEnum": "inspection.choices.DocumentType",
        "ConfidentialityEnum": "inspection.choices.Confidentiality",
        "ProgramItemStateEnum": "inspection.choices.ProgramItemState",
        "InspectionFormEnum": "inspection.choices.InspectionForm",
        "InspectionStatusEnum": "inspection.choices.InspectionStatus",
        "TeamRoleEnum": "inspection.choices.TeamRole",
        "FindingKindEnum": "inspection.choices.FindingKind",
        "InspectionSeverityEnum": "inspection.choices.Severity",
        "ConclusionStatusEnum": "inspection.choices.ConclusionStatus",
        "RequirementStatusEnum": "inspection.choices.RequirementStatus",
        "PriorityEnum": "inspection.choices.Priority",
        "ExtensionStatusEnum": "inspection.choices.ExtensionStatus",
        "RequirementEventKindEnum": "inspection.choices.RequirementEventKind",
        "ReportStatusEnum": "reports.choices.ReportStatus",
        "ReportFormatEnum": "reports.choices.ReportFormat",
        "PeriodTypeEnum": "reports.choices.PeriodType",
        "NotificationReasonEnum": "reports.choices.NotificationReason",
        "OutcomeEnum": "rules.choices.Outcome",
        "RuleSeverityEnum": "rules.choices.Severity",
        "ConfidenceEnum": "rules.choices.Confidence",
        "RunStatusEnum": "rules.choices.RunStatus",
    },
}

# --- Dates: day-first everywhere ---------------------------------------------
# dd/mm/yyyy (or ISO yyyy-mm-dd) in, dd/mm/yyyy out, in both UI languages; never
# month-first (Django's defaults read "07/12/2026" as 12 July). The locale format
# modules under config/formats win over Django's own; these settings serve code
# that runs with no language active. The API keeps ISO output and also reads
# dd/mm/yyyy.
from config.formats.dmy import *  # noqa: E402, F403  (DATE_INPUT_FORMATS, DATE_FORMAT, ...)

FORMAT_MODULE_PATH = ["config.formats"]
REST_FRAMEWORK.update({
    "DATE_INPUT_FORMATS": ["iso-8601", "%d/%m/%Y"],
    "DATETIME_INPUT_FORMATS": ["iso-8601", "%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M"],
})

# --- Celery -----------------------------------------------------------------
CELERY_BROKER_URL = env("CELERY_BROKER_URL", "filesystem://")
BROKER_DIR = VAR_DIR / "broker"
CELERY_BROKER_TRANSPORT_OPTIONS = (
    {
        "data_folder_in": str(BROKER_DIR / "queue"),
        "data_folder_out": str(BROKER_DIR / "queue"),
        "processed_folder": str(BROKER_DIR / "processed"),
        "control_folder": str(BROKER_DIR / "control"),
        "store_processed": False,
    }
    if CELERY_BROKER_URL.startswith("filesystem")
    else {"visibility_timeout": 3600}
)
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", "django-db")
CELERY_RESULT_EXTENDED = True
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_TIME_LIMIT = int(env("CELERY_TASK_TIME_LIMIT", "900"))
CELERY_TASK_SOFT_TIME_LIMIT = int(env("CELERY_TASK_SOFT_TIME_LIMIT", "840"))
# A queued or running report / rule run with no heartbeat for this long is failed by the sweeper (retryable).
STALE_TASK_MINUTES = float(env("STALE_TASK_MINUTES", "10"))
# How long an API Idempotency-Key replays its first response (then beat prunes it).
IDEMPOTENCY_KEY_HOURS = int(env("IDEMPOTENCY_KEY_HOURS", "24"))
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True

# --- Domain settings --------------------------------------------------------
# Age under which a member counts as young when cell meetings record who spoke.
YOUNG_MEMBER_AGE = int(env("YOUNG_MEMBER_AGE", "30"))
MAX_UPLOAD_SIZE = int(env("MAX_UPLOAD_SIZE", str(10 * 1024 * 1024)))

# --- Security: login lockout, API keys, second factor, headers, links -------
# Absolute links in e-mails (reports ready, reminders) start with this.
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# django-axes: AXES_FAILURE_LIMIT wrong passwords (or second-factor codes) for one
# username from one IP lock that pair out for AXES_COOLOFF_TIME; unknown API keys
# count per IP. Behind reverse proxies set TRUSTED_PROXY_COUNT so the client's IP is used.
AXES_ENABLED = env_bool("AXES_ENABLED", True)
AXES_FAILURE_LIMIT = int(env("LOGIN_FAILURE_LIMIT", "10"))
AXES_COOLOFF_TIME = datetime.timedelta(minutes=int(env("LOGIN_LOCKOUT_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_LOCKOUT_CALLABLE = "accounts.lockout.lockout_response"
AXES_CLIENT_IP_CALLABLE = "accounts.lockout.client_ip"
TRUSTED_PROXY_COUNT = int(env("TRUSTED_PROXY_COUNT", "0"))

# API keys (accounts.ApiToken): lifetime of a new key unless the administrator sets another date.
API_TOKEN_LIFETIME_DAYS = int(env("API_TOKEN_LIFETIME_DAYS", "365"))

# Second factor (django-otp, TOTP): issuer shown in authenticator apps.
OTP_TOTP_ISSUER = env("OTP_TOTP_ISSUER", "Quan ly kiem tra BTCTU")

# Headers. Scripts only from our origin (no inline scripts anywhere, Swagger UI's
# initialisation included); inline style attributes stay allowed (templates and the admin use them).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        **({"report-uri": [env("CSP_REPORT_URI")]} if env("CSP_REPORT_URI") else {}),
    },
}
PERMISSIONS_POLICY = env(
    "PERMISSIONS_POLICY",
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), magnetometer=(), gyroscope=(), accelerometer=()",
)
SECURE_REFERRER_POLICY = env("SECURE_REFERRER_POLICY", "same-origin")
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# --- Input bounds (core/inputs.py, core/parsers.py, core/uploads.py, core/xlsx.py) ---
# Request bodies (files excepted) above this are answered 413 (JSON under /api/).
DATA_UPLOAD_MAX_MEMORY_SIZE = int(env("DATA_UPLOAD_MAX_MEMORY_SIZE", str(2_621_440)))
# Deepest JSON nesting the API accepts (the deepest payload we define nests 4).
MAX_JSON_DEPTH = int(env("MAX_JSON_DEPTH", "20"))
# XLSX imports: file size, declared uncompressed size and zip entries (checked
# before openpyxl opens the file), then data rows (checked while reading).
MAX_IMPORT_SIZE = int(env("MAX_IMPORT_SIZE", str(5 * 1024 * 1024)))
MAX_IMPORT_UNCOMPRESSED_SIZE = int(env("MAX_IMPORT_UNCOMPRESSED_SIZE", str(25 * 1024 * 1024)))
MAX_IMPORT_ENTRIES = int(env("MAX_IMPORT_ENTRIES", "1000"))
MAX_IMPORT_ROWS = int(env("MAX_IMPORT_ROWS", "20000"))
# Imports above either threshold (upload bytes, or data rows the sheets declare) are stored
# and imported by the worker with a progress record; smaller ones answer in the request.
IMPORT_ASYNC_BYTES = int(env("IMPORT_ASYNC_BYTES", str(256 * 1024)))  # ~5,000 rows of the template
IMPORT_ASYNC_ROWS = int(env("IMPORT_ASYNC_ROWS", "2000"))
# Under /api/ a file above max(MAX_UPLOAD_SIZE, MAX_IMPORT_SIZE) is stopped while it streams (413).
FILE_UPLOAD_HANDLERS = [
    "core.uploads.LimitedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
REST_FRAMEWORK["DEFAULT_PARSER_CLASSES"] = [
    "core.parsers.JSONParser",
    "core.parsers.FormParser",
    "core.parsers.MultiPartParser",
]

# --- Logging ----------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
}
