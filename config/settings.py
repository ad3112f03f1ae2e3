"""Settings come from the environment; with nothing set the app runs locally on SQLite.

Local development: `make setup` writes var/env once (DEBUG=True and a random SECRET_KEY); its KEY=VALUE
lines are defaults beneath the real environment, so `manage.py …` works without typing DEBUG=True.
Production: no var/env (or ENV_FILE= empty), DEBUG unset (off), SECRET_KEY required,
DATABASE_URL=postgres://…, ALLOWED_HOSTS set.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


def load_env_file(path):
    """KEY=VALUE lines (blank lines and # comments skipped, no quoting) as defaults for os.environ.

    Into os.environ itself, so every os.environ.get below sees them, and the real environment wins.
    """
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return
    except (OSError, UnicodeDecodeError) as exc:
        raise ImproperlyConfigured(f"{path} cannot be read ({exc})") from None
    for number, line in enumerate(lines, 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        key, sep, value = line.partition("=")
        if not sep or not key.strip():
            raise ImproperlyConfigured(f"{path} line {number}: expected KEY=VALUE")
        os.environ.setdefault(key.strip(), value.strip())


# ENV_FILE= (empty) reads none; the test settings set it so, tests never depend on a local var/env.
_env_file = os.environ.get("ENV_FILE", str(BASE_DIR / "var" / "env"))
if _env_file:
    load_env_file(_env_file)


def envbool(name, default="False"):
    value = os.environ.get(name, default)
    if value not in ("True", "False", "1", "0", "true", "false"):
        raise ImproperlyConfigured(f"{name} must be True or False, got {value!r} (see README: 配置).")
    return value in ("True", "1", "true")


def envint(name, default, minimum=0):
    value = os.environ.get(name, str(default))
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, got {value!r}") from None
    if number < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, got {number}")
    return number


def envsecret(name, default=None):
    # Docker/systemd style: FOO_FILE names a file that holds the secret.
    path = os.environ.get(f"{name}_FILE")
    if path:
        try:
            return Path(path).read_text().strip()
        except OSError as exc:
            raise ImproperlyConfigured(
                f"{name}_FILE names {path}, which cannot be read ({exc.strerror}) (see README: 配置)."
            ) from None
    return os.environ.get(name, default)


DEBUG = envbool("DEBUG")
SECRET_KEY = envsecret("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off (see README: 配置).")
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"

ALLOWED_HOSTS = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h.strip()]
CSRF_TRUSTED_ORIGINS = [o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()]

INSTALLED_APPS = [
    "budgets.admin_site.JixiaoAdminConfig",  # django.contrib.admin with the district-scoped site
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "bootstrap",  # django-bootstrap-static: Bootstrap 5 served by us, never a CDN
    "import_export",
    "django_htmx",  # Excel import/export of departments and special funds in the admin
    "budgets",
    "indicators",
    "approvals",
    "config.apps.AxesConfig",  # django-axes: login throttling per user + IP, unlocked in 系统管理 or by command
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "config.middleware.MalformedRequestMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Every response to a logged-in user: Cache-Control: private, no-store (district data, accounts).
    "config.private_pages.PrivateNoStoreMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as axes asks: it turns a login refused for too many failures into the lockout page.
    "axes.middleware.AxesMiddleware",
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
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                # csp_nonce for the admin's own <style>/<script> tags; our templates need none.
                "django.template.context_processors.csp",
                "approvals.context.workflow",
            ],
        },
    },
]

VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))
try:
    _conn_max_age = int(os.environ.get("CONN_MAX_AGE", "0"))
except ValueError:
    raise ImproperlyConfigured("CONN_MAX_AGE must be a number of seconds (see README: 配置).") from None
try:
    DATABASES = {
        "default": dj_database_url.parse(
            os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'jixiao.sqlite3'}",
            conn_max_age=_conn_max_age,
        )
    }
except ValueError:
    # Not the URL itself in the message: it may hold a password.
    raise ImproperlyConfigured(
        "DATABASE_URL must look like postgres://user:password@host:5432/name (see README: 配置)."
    ) from None
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Wait for a writer instead of failing at once with "database is locked", and take the write
    # lock when a transaction starts: two saves of one filing then queue up, and the second sees
    # the first's revision (budgets.locking) instead of failing mid-transaction.
    DATABASES["default"].setdefault("OPTIONS", {}).update(timeout=20, transaction_mode="IMMEDIATE")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out user + IP before the password is even checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Django's rules in Chinese, at least 10 characters, and no password made only of pinyin place names
# and office words with digits around them (shifeng2021, Zhuzhou@123): config/passwords.py.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "config.passwords.MinimumLengthValidator"},
    {"NAME": "config.passwords.CommonPasswordValidator"},
    {"NAME": "config.passwords.NumericPasswordValidator"},
    {"NAME": "config.passwords.PlaceNameValidator"},
    {"NAME": "config.passwords.UserAttributeSimilarityValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
# Our own catalogue fills strings Django's zh_Hans one lacks (「- Select an option -」 of Django 6.1).
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Always the manifest storage: collectstatic run by `make setup` (with DEBUG) then serves a
    # production start too; with DEBUG on, unhashed names are used and no manifest is needed.
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Uploads: spreadsheets of several years fit easily; anything larger is refused with a message.
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 20000

SESSION_COOKIE_AGE = 8 * 60 * 60
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Scripts and styles come only from our own static files: no inline script anywhere, no CDN. The nonce
# is only sent on pages that use it (the Django admin's own <style>/<script> tags ask for one).
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}

# Login throttling (django-axes): after AXES_FAILURE_LIMIT wrong passwords for one user from one
# address, that pair is locked for AXES_COOLOFF_MINUTES; a successful login resets the count.
# Keyed on the pair so a typo-prone colleague on the same intranet address locks only themselves.
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=envint("AXES_COOLOFF_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "config.views.locked_out"
AXES_USERNAME_CALLABLE = "config.views.login_username"

# Import uploads: refused files keep no content at all; confirmed and abandoned ones are emptied by
# `manage.py purge_import_uploads` after this many days (the batch record itself stays).
IMPORT_UPLOAD_RETENTION_DAYS = envint("IMPORT_UPLOAD_RETENTION_DAYS", 30)

# A reverse proxy that terminates TLS says so in a header; trusted only when named here, because
# otherwise any client could send X-Forwarded-Proto: https over plain HTTP and skip the redirect.
_proxy_header = os.environ.get("SECURE_PROXY_SSL_HEADER", "").strip()
if _proxy_header:
    if not _proxy_header.upper().startswith("HTTP_"):
        _proxy_header = "HTTP_" + _proxy_header.replace("-", "_")  # X-Forwarded-Proto → HTTP_X_FORWARDED_PROTO
    SECURE_PROXY_SSL_HEADER = (_proxy_header.upper(), "https")

if not DEBUG:
    # Production sits behind HTTPS (a reverse proxy on the intranet).
    SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", "True")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# Every record is printed by exactly one handler. Django's default config gives the "django" logger
# its own console handler (DEBUG only) and lets it propagate to ours, so each 「Not Found: …」 and
# each 500 traceback showed twice; here "django" has no handler of its own and root's prints it.
# Naming "django" resets its children, so django.server (runserver's access log) is restated as
# Django defines it: its own formatter, not propagated.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "django.server": {"()": "django.utils.log.ServerFormatter", "format": "[{server_time}] {message}", "style": "{"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
        "django.server": {"class": "logging.StreamHandler", "formatter": "django.server"},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    "loggers": {
        "django": {"handlers": [], "level": "INFO"},
        "django.server": {"handlers": ["django.server"], "level": "INFO", "propagate": False},
        # WeasyPrint warns about missing glyphs here; tests turn these into failures.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "ERROR"},
    },
}

# django-import-export (departments, special funds): the file between preview and confirm lives in
# MEDIA_ROOT, not a process's temp dir, so any server process can confirm it; all rows or none.
IMPORT_EXPORT_TMP_STORAGE_CLASS = "import_export.tmp_storages.MediaStorage"
IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_SKIP_ADMIN_LOG = False
# Formula text is kept out of spreadsheets by our own formats (budgets/admin_formats.py: a string cell
# in xlsx, a leading apostrophe in CSV, both read back as typed). import-export's own switch stays off:
# in 4.4.3 it deletes the leading "=", so 「=HYPERLINK(…)」 would re-import as 「HYPERLINK(…)」.
IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = False
# Uploads of that import are capped (a zip bomb once took a worker to 5.7 GB); each default is in
# budgets/admin_formats.py: REFERENCE_IMPORT_MAX_UPLOAD_BYTES, _UNZIPPED_BYTES, _PART_BYTES, _ROWS, _TEXT_CHARS.

# A stale form (expired session, logged out in another tab) gets a Chinese page that says what happened.
CSRF_FAILURE_VIEW = "config.views.csrf_failure"

# Mail (workflow notifications: 送审, 退回, 批复, 不予通过). Development prints mails on the console;
# production sends through the intranet's SMTP relay (EMAIL_HOST, default localhost:25).
_mail_backend = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend")
_mail_options = {}
if _mail_backend.endswith("smtp.EmailBackend"):
    _mail_options = {"host": os.environ.get("EMAIL_HOST", "localhost"), "port": envint("EMAIL_PORT", 25),
                     "username": os.environ.get("EMAIL_HOST_USER", ""),
                     "password": envsecret("EMAIL_HOST_PASSWORD", ""),
                     "use_tls": envbool("EMAIL_USE_TLS"), "timeout": envint("EMAIL_TIMEOUT", 10, minimum=1)}
MAILERS = {"default": {"BACKEND": _mail_backend, "OPTIONS": _mail_options}}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "jixiao@localhost")
# The address people reach the app at, for links in mails (e.g. http://jixiao.czj.local).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")
