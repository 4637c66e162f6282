"""Settings for LiteLLM Console, read from the environment (see README "Configuration")."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from litellm_console.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", False)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set SECRET_KEY (or SECRET_KEY_FILE) to a long random string, "
            "or set DEBUG=true for local development."
        )
    SECRET_KEY = "insecure-development-key-do-not-use-in-production"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# LiteLLM's own secrets: the master key signs in as the proxy admin and, with the salt key,
# encrypts model secrets exactly as the proxy does.
LITELLM_MASTER_KEY = env_str("LITELLM_MASTER_KEY")
LITELLM_SALT_KEY = env_str("LITELLM_SALT_KEY")
# LiteLLM's UI sign-in for the proxy admin: UI_USERNAME + UI_PASSWORD (default: master key).
UI_USERNAME = env_str("UI_USERNAME", "admin")
UI_PASSWORD = env_str("UI_PASSWORD")
# How the console writes passwords: scrypt (LiteLLM >= 1.83), sha256 for older proxies.
LITELLM_PASSWORD_FORMAT = env_str("LITELLM_PASSWORD_FORMAT", "scrypt")
if LITELLM_PASSWORD_FORMAT not in ("scrypt", "pbkdf2", "sha256"):
    raise ImproperlyConfigured(
        f"LITELLM_PASSWORD_FORMAT must be scrypt, pbkdf2 or sha256, not {LITELLM_PASSWORD_FORMAT!r}"
    )

# --- Database -------------------------------------------------------------------------------
# DATABASE_URL is the variable LiteLLM itself reads, so the console can share the proxy's env.
_database_url = env_str("DATABASE_URL")
if not _database_url:
    raise ImproperlyConfigured(
        "DATABASE_URL is not set. Point it at LiteLLM's PostgreSQL database "
        "(postgresql://user:password@host:5432/litellm), or start the console with "
        "`bash scripts/run.sh`, which provides an embedded database."
    )

_IDENTIFIER = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")

# The console's own tables (auth, sessions, migrations, rollups) live in their own schema so
# that LiteLLM's schema sync (`prisma db push --accept-data-loss`) can never see or drop them.
CONSOLE_DB_SCHEMA = env_str("CONSOLE_DB_SCHEMA", "litellm_console")
# The schema LiteLLM's tables are in (Prisma's `?schema=` parameter, `public` by default).
# Prisma's own `?schema=` in DATABASE_URL says the same; an explicit variable wins.
_url_schema = parse_qs(urlsplit(_database_url).query).get("schema", [None])[0]
LITELLM_DB_SCHEMA = env_str("LITELLM_DB_SCHEMA", _url_schema or "public")
for _name, _value in (
    ("CONSOLE_DB_SCHEMA", CONSOLE_DB_SCHEMA),
    ("LITELLM_DB_SCHEMA", LITELLM_DB_SCHEMA),
):
    if not _IDENTIFIER.match(_value):
        raise ImproperlyConfigured(
            f"{_name}={_value!r} is not a plain PostgreSQL schema name (lower case, digits, _)."
        )
if CONSOLE_DB_SCHEMA == LITELLM_DB_SCHEMA:
    raise ImproperlyConfigured(
        "CONSOLE_DB_SCHEMA must differ from LITELLM_DB_SCHEMA: LiteLLM's schema sync may drop "
        "tables it does not know in its own schema."
    )

_db = dj_database_url.parse(_database_url, conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60))
if _db.get("ENGINE") != "django.db.backends.postgresql":
    raise ImproperlyConfigured(
        "DATABASE_URL must be a postgresql:// URL: LiteLLM runs on PostgreSQL."
    )
_db.setdefault("OPTIONS", {})
# The proxy's DATABASE_URL may carry Prisma's own parameters, which libpq refuses.
for _prisma_only in (
    "schema",
    "connection_limit",
    "pool_timeout",
    "pgbouncer",
    "socket_timeout",
    "statement_cache_size",
    "sslaccept",
    "sslidentity",
    "max_connection_lifetime",
    "max_idle_connection_lifetime",
):
    _db["OPTIONS"].pop(_prisma_only, None)
# Unqualified names resolve to the console's schema first (where Django creates its tables),
# then LiteLLM's. The console schema is created before migrations run (see apps.py).
_db["OPTIONS"]["options"] = f"-c search_path={CONSOLE_DB_SCHEMA},{LITELLM_DB_SCHEMA}"
_db["CONN_HEALTH_CHECKS"] = True
_db["TEST"] = {"NAME": env_str("TEST_DATABASE_NAME")} if env_str("TEST_DATABASE_NAME") else {}
DATABASES = {"default": _db}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Applications ---------------------------------------------------------------------------
INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django_tables2",
    "django_filters",
    "apps.accounts",
    "litellm_console.apps.ConsoleConfig",
    "apps.budgets",
    "apps.organizations",
    "apps.users",
    "apps.teams",
    "apps.keys",
    "apps.customers",
    "apps.deployments",
    "apps.proxy_settings",
    "apps.invitations",
    "apps.access_requests",
    "apps.spend",
    "apps.audit",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "apps.accounts.middleware.LiteLLMUserMiddleware",
    "apps.audit.middleware.AuditContextMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "litellm_console.middleware.DatabaseErrorPagesMiddleware",
]

ROOT_URLCONF = "litellm_console.urls"
WSGI_APPLICATION = "litellm_console.wsgi.application"

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
                "litellm_console.navigation.navigation",
            ],
        },
    },
]

# --- Internationalisation -------------------------------------------------------------------
LANGUAGE_CODE = "en-us"
TIME_ZONE = env_str("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

# --- Static files ---------------------------------------------------------------------------
STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if not env_bool("STATICFILES_MANIFEST", not DEBUG)
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# --- Security -------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 12 * 3600)
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
if env_bool("SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# --- Sign-in -------------------------------------------------------------------------------
AUTHENTICATION_BACKENDS = ["apps.accounts.backends.LiteLLMBackend"]
LOGIN_URL = "accounts:sign_in"
LOGIN_REDIRECT_URL = "home"
SIGNIN_FAILURE_LIMIT = env_int("SIGNIN_FAILURE_LIMIT", 5)
SIGNIN_FAILURE_WINDOW = env_int("SIGNIN_FAILURE_WINDOW", 15 * 60)
# Only behind a reverse proxy that sets X-Forwarded-For itself; otherwise clients could spoof it.
TRUST_X_FORWARDED_FOR = env_bool("TRUST_X_FORWARDED_FOR", False)

# --- Tables ---------------------------------------------------------------------------------
DJANGO_TABLES2_TEMPLATE = "django_tables2/bootstrap5.html"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}
