"""hoptac settings: one module, every deployment difference comes from the environment.

SQLite under var/ is the embedded default so `make run` needs nothing installed;
set DATABASE_URL=postgres://... for production and for the PostgreSQL test run.
"""

import datetime as dt
import os
import time
from pathlib import Path

import dj_database_url
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("HOPTAC_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
VAR_DIR.mkdir(parents=True, exist_ok=True)

# The key that earlier versions used when none was given: it is public (in the source), so
# anyone could forge sessions and password-reset links with it. Refused unless DEBUG is on.
PUBLIC_DEVELOPMENT_KEY = "hoptac-insecure-development-key-change-me"


def secret_key_from_data_dir(path: Path) -> str:
    """The installation's own key, generated once into the data directory (mode 0600).

    Several gunicorn workers may start at once on a fresh data directory: O_EXCL lets exactly
    one of them write the file, the others read what it wrote.
    """
    if not path.exists():
        from django.core.management.utils import get_random_secret_key

        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "w") as file:
                file.write(get_random_secret_key() + "\n")
    for _attempt in range(50):  # another process may be between creating and writing the file
        if key := path.read_text().strip():
            return key
        time.sleep(0.1)
    raise RuntimeError(f"{path} is empty: delete it and start again")


SECRET_KEY = os.environ.get("SECRET_KEY") or secret_key_from_data_dir(VAR_DIR / "secret_key")
if SECRET_KEY == PUBLIC_DEVELOPMENT_KEY and not DEBUG:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(
        "SECRET_KEY is the public development key: unset it (a key is then generated into "
        f"{VAR_DIR / 'secret_key'}) or set a secret one, e.g. from "
        "`python -c 'import secrets; print(secrets.token_urlsafe(50))'`."
    )
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
CSRF_FAILURE_VIEW = "core.error_pages.csrf_failure"

# HTTPS (HOPTAC_HTTPS=true behind the TLS proxy of deploy/nginx): browsers are told to use HTTPS
# only (HSTS), plain-HTTP requests are redirected and cookies are never sent in clear. nginx sets
# X-Forwarded-Proto itself, and gunicorn listens on loopback only, so the header can be trusted.
HTTPS = env_bool("HOPTAC_HTTPS", False)
if HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # the monitor asks gunicorn directly, over loopback
    SECURE_HSTS_SECONDS = int(os.environ.get("HOPTAC_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("HOPTAC_HSTS_INCLUDE_SUBDOMAINS", True)
    # The preload directive only allows a later, deliberate submission to hstspreload.org.
    SECURE_HSTS_PRELOAD = env_bool("HOPTAC_HSTS_PRELOAD", True)
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = LANGUAGE_COOKIE_SECURE = True

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "axes",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "django_htmx",
    "rules.apps.AutodiscoverRulesConfig",
    "django_tasks_db",
    "crontask",
    "core",
    "geo",
    "accounts",
    "registry",
    "imports",
    "evaluation",
    "programs",
    "indicators",
    "support",
    "reports",
    "portal",
    "demo",
]

MIDDLEWARE = [
    "core.request_id.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.middleware.VietnameseFirstMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "core.middleware.RejectNullCharactersMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "accounts.middleware.PasswordChangeRequiredMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, so that it turns a refused sign-in of any view into the lockout response.
    "axes.middleware.AxesMiddleware",
]

# Content-Security-Policy (Django's own): scripts only from this server, the few inline ones
# carrying the request's nonce (`nonce="{{ csp_nonce }}"`); no plugins, no framing, forms post
# only here. Inline style attributes stay allowed: templates size charts and progress bars with
# them, and htmx and Swagger UI add <style> elements. `data:` images are Bootstrap's form icons;
# `blob:` workers are Redoc's search.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "worker-src": [CSP.SELF, "blob:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

ROOT_URLCONF = "hoptac.urls"
WSGI_APPLICATION = "hoptac.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.navigation",
            ],
            "builtins": ["core.templatetags.vn"],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'hoptac.sqlite3'}"),
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PostgreSQL's JIT compiler spends seconds compiling the dashboard's grouped queries (their
    # cost estimates pass its thresholds) to save milliseconds of execution: measured on the
    # national dataset, 2,0 s of JIT for a 0,5 s query. Off for this application's connections.
    # The default work_mem (4 MB) makes those groupings sort on disk; DB_WORK_MEM sets it per
    # connection (docs/benchmarks.md).
    work_mem = os.environ.get("DB_WORK_MEM", "32MB")
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = f"-c jit=off -c work_mem={work_mem}"
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work while an import writes; IMMEDIATE avoids "database is locked"
    # upgrades in the middle of a transaction.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "work:home"  # each role's home (portal.work)
LOGOUT_REDIRECT_URL = "home"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "accounts.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "accounts.lockout.LoginAttemptsBackend",  # first: refuses a locked-out user name before any password check
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Password guessing (accounts.lockout): after this many wrong passwords for one user name from one
# address, that pair is refused for the cool-off time. Behind a reverse proxy, HOPTAC_PROXY_COUNT=1
# takes the client's address from X-Forwarded-For (set by nginx) instead of the proxy's.
AXES_FAILURE_LIMIT = int(os.environ.get("HOPTAC_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = dt.timedelta(minutes=int(os.environ.get("HOPTAC_LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "accounts.lockout.lockout_response"
AXES_VERBOSE = False
if int(os.environ.get("HOPTAC_PROXY_COUNT", "0")):
    AXES_IPWARE_PROXY_COUNT = int(os.environ["HOPTAC_PROXY_COUNT"])
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["core.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)  # WhiteNoise warns on every start until collectstatic fills it
NODE_MODULES = BASE_DIR / "node_modules"
# Only the built files of each front-end package are served (installed by `npm ci`, never a CDN).
STATICFILES_DIRS = [BASE_DIR / "static"] + [
    (f"vendor/{name}", NODE_MODULES / path)
    for name, path in {
        "bootstrap": "bootstrap/dist",
        "bootstrap-icons": "bootstrap-icons/font",
        "htmx": "htmx.org/dist",
        "echarts": "echarts/dist",
        "tom-select": "tom-select/dist",
    }.items()
    if (NODE_MODULES / path).exists()
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Pre-compressing (gzip/brotli) the vendor bundles takes minutes on a small machine; it is worth
    # it behind a busy proxy, not on every `make run`. Turn it on with HOPTAC_COMPRESS_STATIC=1.
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"
        if env_bool("HOPTAC_COMPRESS_STATIC", False)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024

# E-mail (reminders): console in the demo; SMTP when EMAIL_BACKEND=smtp and EMAIL_HOST... are set.
_smtp = os.environ.get("EMAIL_BACKEND", "console").lower() == "smtp"
MAILERS = {
    "default": {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend" if _smtp else "django.core.mail.backends.console.EmailBackend",
        "OPTIONS": {
            "host": os.environ.get("EMAIL_HOST", "localhost"),
            "port": int(os.environ.get("EMAIL_PORT", "25")),
            "username": os.environ.get("EMAIL_HOST_USER", ""),
            "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
            "use_tls": env_bool("EMAIL_USE_TLS", False),
        }
        if _smtp
        else {},
    }
}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "hoptac <noreply@hoptac.local>")

# One cache every process shares (gunicorn workers, the task worker): a table of the database by
# default (created by a migration of core), Redis when CACHE_URL=redis://... is given.
CACHE_URL = os.environ.get("CACHE_URL", "")
if CACHE_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}}
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "hoptac_cache",
            # A national dashboard keeps a few thousand computed figures; the default 300 would cull them.
            "OPTIONS": {"MAX_ENTRIES": 50_000},
        }
    }
CACHES["default"]["KEY_PREFIX"] = "hoptac"

# Background work (imports, the yearly rating, reminders): Django's tasks on the database backend,
# processed by `manage.py worker` (django-tasks-db's db_worker with a heartbeat); scheduled jobs are
# enqueued by `manage.py crontask` from the @cron schedules in each app's tasks.py (one scheduler).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
if CACHE_URL.startswith(("redis://", "rediss://")):
    CRONTASK = {"REDIS_URL": CACHE_URL}  # a lock so that a second scheduler waits instead of doubling jobs
# The worker writes a heartbeat every HOPTAC_WORKER_HEARTBEAT_SECONDS; /healthz fails when the last
# one is older than HOPTAC_WORKER_STALE_SECONDS, or when one task has run longer than
# HOPTAC_WORKER_TASK_MAX_SECONDS (a stalled worker).
HOPTAC_WORKER_HEARTBEAT_SECONDS = int(os.environ.get("HOPTAC_WORKER_HEARTBEAT_SECONDS", "15"))
HOPTAC_WORKER_STALE_SECONDS = int(os.environ.get("HOPTAC_WORKER_STALE_SECONDS", "90"))
HOPTAC_WORKER_TASK_MAX_SECONDS = int(os.environ.get("HOPTAC_WORKER_TASK_MAX_SECONDS", "3600"))
# Each worker seen is reported by /healthz; one that stopped beating fails it until it is forgotten,
# HOPTAC_WORKER_FORGET_SECONDS after its last beat (a worker that exits cleanly leaves at once).
HOPTAC_WORKER_FORGET_SECONDS = int(os.environ.get("HOPTAC_WORKER_FORGET_SECONDS", "1800"))
# How many workers must beat (0: at least one, as seen): set it to the number of worker units so that a
# worker that never came back fails /healthz for as long as it is missing.
HOPTAC_WORKERS = int(os.environ.get("HOPTAC_WORKERS", "0"))
# An import batch still "processing" this long after its upload with no live task behind it was
# interrupted (a restart): the sweep resumes it once, then marks it failed.
HOPTAC_IMPORT_STALE_MINUTES = int(os.environ.get("HOPTAC_IMPORT_STALE_MINUTES", "10"))
# Uploaded files of refused, committed and undone batches are deleted after this many days.
HOPTAC_UPLOAD_RETENTION_DAYS = int(os.environ.get("HOPTAC_UPLOAD_RETENTION_DAYS", "90"))
# Documents built by the worker (reports.queued) are deleted this many days after they were asked for.
HOPTAC_DOCUMENT_RETENTION_DAYS = int(os.environ.get("HOPTAC_DOCUMENT_RETENTION_DAYS", "7"))
# /healthz fails when the data directory (database, uploads) has less free space than this.
HOPTAC_HEALTH_MIN_FREE_MB = int(os.environ.get("HOPTAC_HEALTH_MIN_FREE_MB", "500"))

REST_FRAMEWORK = {
    # Token first: DRF answers an unauthenticated request 401 with the first class's WWW-Authenticate.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.tokens.ExpiringTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "core.api_limits.CappedLimitOffsetPagination",
    "PAGE_SIZE": 50,
    # Per client: anonymous by address, signed-in by account (core.api_limits).
    "DEFAULT_THROTTLE_CLASSES": ["core.api_limits.AnonThrottle", "core.api_limits.UserThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "anon": os.environ.get("HOPTAC_API_ANON_RATE", "60/minute"),
        "user": os.environ.get("HOPTAC_API_USER_RATE", "1200/minute"),
    },
    "COERCE_DECIMAL_TO_STRING": False,
    # Services' errors (core.errors) → 400/403/404/409/428, so API views need no try/except.
    "EXCEPTION_HANDLER": "core.api.exception_handler",
}
# An API token works this many days after it is issued (accounts.tokens).
HOPTAC_API_TOKEN_DAYS = int(os.environ.get("HOPTAC_API_TOKEN_DAYS", "30"))
# The most rows one API page may hold, whatever `?limit=` asks for.
HOPTAC_API_MAX_LIMIT = int(os.environ.get("HOPTAC_API_MAX_LIMIT", "500"))
SPECTACULAR_SETTINGS = {
    "TITLE": "hoptac API",
    "DESCRIPTION": "API của hệ thống thông tin kinh tế tập thể (hoptac).",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI and Redoc from this server's static files (drf-spectacular-sidecar), not a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Swagger UI would send the schema to validator.swagger.io for its badge.
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None},
    "COMPONENT_SPLIT_REQUEST": True,
    # Several models have a "kind" or "status" field with different choices: name each enum.
    "ENUM_NAME_OVERRIDES": {
        "OrganizationKindEnum": "registry.models.OrganizationKind",
        "OrganizationStatusEnum": "registry.models.Status",
        "MemberKindEnum": "registry.models.Member.Kind",
        "AgencyKindEnum": "accounts.models.Agency.Kind",
        "ImportKindEnum": "imports.models.ImportKind",
        "ImportBatchStatusEnum": "imports.models.BatchStatus",
        "AssessmentStatusEnum": "evaluation.models.AssessmentStatus",
        "ActivityKindEnum": "support.models.ActivityKind",
        "ServiceKindEnum": "support.models.ServiceKind",
        "TargetVerificationEnum": "indicators.models.Verification",
    },
}

# Extra folders of evaluation rule sets (YAML), e.g. a successor criteria set; see evaluation/rules/.
EVALUATION_RULE_DIRS = env_list("HOPTAC_EVALUATION_RULE_DIRS")

# Public pages hide counts below this many organizations (small-cell suppression).
HOPTAC_SUPPRESSION_THRESHOLD = int(os.environ.get("HOPTAC_SUPPRESSION_THRESHOLD", "3"))
# The province this installation serves (GSO code of the current, post-2025 province).
HOPTAC_PROVINCE_CODE = os.environ.get("HOPTAC_PROVINCE_CODE", "48")
# Import limits: a workbook beyond these is refused before it is parsed (zip bombs, runaway files).
HOPTAC_IMPORT_MAX_BYTES = int(os.environ.get("HOPTAC_IMPORT_MAX_BYTES", str(50 * 1024 * 1024)))
HOPTAC_IMPORT_MAX_UNCOMPRESSED_BYTES = int(os.environ.get("HOPTAC_IMPORT_MAX_UNCOMPRESSED_BYTES", str(500 * 1024 * 1024)))
HOPTAC_IMPORT_MAX_ROWS = int(os.environ.get("HOPTAC_IMPORT_MAX_ROWS", "200000"))
# Cells of a workbook counted as the reader expands them: every sheet's rectangle from A1 to its farthest
# filled cell (one far cell makes a huge rectangle). 5 million cells is 200.000 rows × 25 columns.
HOPTAC_IMPORT_MAX_CELLS = int(os.environ.get("HOPTAC_IMPORT_MAX_CELLS", "5000000"))

# Logs go to stderr (journald under systemd), one line per record, each with the request id
# (core.request_id). HOPTAC_LOG_FORMAT=json gives one JSON object per line for a log collector;
# HOPTAC_ACCESS_LOG=true adds a line per request (method, path, status, duration, user).
LOG_FORMAT = os.environ.get("HOPTAC_LOG_FORMAT", "text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "core.request_id.RequestIdFilter"}},
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(request_id)s %(message)s",
            "datefmt": "%Y-%m-%dT%H:%M:%S%z",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["request_id"], "formatter": LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    "loggers": {"hoptac.request": {"level": "INFO" if env_bool("HOPTAC_ACCESS_LOG", False) else "WARNING"}},
}
