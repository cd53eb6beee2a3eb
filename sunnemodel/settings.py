"""Settings for Sunnemodellen, read from environment variables.

Safe by default: DEBUG is off unless set, and outside DEBUG a SECRET_KEY must be given.
Every variable is listed in README.md.
"""

import datetime
import json
import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)

# Without a key, commands that need none (makemigrations, migrate, collectstatic) still run,
# but nothing is served: sunnemodel/wsgi.py refuses to start and `check --deploy` fails.
SECRET_KEY = os.environ.get("SECRET_KEY", "")
SECRET_KEY_MISSING = not SECRET_KEY and not DEBUG
if not SECRET_KEY and DEBUG:
    SECRET_KEY = "django-insecure-local-development-only"  # noqa: S105
MISSING_SECRET_KEY_MESSAGE = "Set the environment variable SECRET_KEY (or DEBUG=1 for local use)."  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "modeltranslation",  # before the admin, whose forms it extends
    "django.contrib.admin",
    "django.contrib.auth",
    "axes",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",  # allauth's list of passkeys
    "rules.apps.AutodiscoverRulesConfig",
    "crispy_forms",
    "crispy_bootstrap5",
    "bootstrap",
    "django_htmx",
    "template_partials",
    "ninja",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "simple_history",
    # Sign-in: single sign-on (OpenID Connect, SAML 2.0) and a second factor (core/sso.py).
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "allauth.socialaccount.providers.saml",
    "allauth.mfa",
    "core",
    "dialogues",
    "opinions",
    "strategy",
    "public",
    "demo",
    "archive",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "core.middleware.ApiLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "core.middleware.NullCharacterMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "core.sign_in.SecondFactorRequiredMiddleware",
    "core.middleware.SlidingSessionMiddleware",
    # Inside the others: the page it draws gets the CSRF cookie and the session's renewal.
    "core.middleware.NotAllowedPageMiddleware",
]

ROOT_URLCONF = "sunnemodel.urls"
WSGI_APPLICATION = "sunnemodel.wsgi.application"

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
                "csp.context_processors.nonce",
                "core.context_processors.roles",
                "core.context_processors.other_languages",
                "public.context_processors.site",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded database of `make run` and a pilot: the web server and the background worker
    # write to it at once. Write-ahead logging lets readers go on while one writes; every
    # transaction takes the write lock when it begins (IMMEDIATE), so that two writers queue for
    # it instead of one failing with "database is locked" when it upgrades a read lock; and a
    # writer waits up to 20 seconds for its turn.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
# A PostgreSQL streaming replica that anonymous readers of the public pages may read
# (core/db_router.py, docs/operations.md "Scaling out"); a browser that wrote reads the primary for
# REPLICA_PIN_SECONDS. Without DATABASE_REPLICA_URL every read goes to DATABASE_URL.
REPLICA_PIN_SECONDS = int(os.environ.get("REPLICA_PIN_SECONDS", "10"))
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        os.environ["DATABASE_REPLICA_URL"],
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["core.db_router.PrimaryReplicaRouter"]
    MIDDLEWARE.append("core.db_router.ReplicaMiddleware")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    # Django's ModelBackend, reading the user's roles with the user (core/accounts.py). A
    # session signed in through the earlier "django.contrib.auth.backends.ModelBackend" asks
    # its user to sign in again once.
    "core.accounts.StaffBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Password guessing: after 5 failures a username is locked from that address for 30 minutes.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = datetime.timedelta(minutes=30)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# The client's address behind TRUSTED_PROXIES reverse proxies that append to X-Forwarded-For
# (core/client_ip.py): the login lockout and every throttle key on it.
TRUSTED_PROXIES = int(os.environ.get("TRUSTED_PROXIES", "0"))
AXES_CLIENT_IP_CALLABLE = "core.client_ip.client_ip"
RATELIMIT_IP_META_KEY = "core.client_ip.throttle_key"

# A signed-in session ends after a working day without use (core/middleware.py renews it).
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(10 * 3600)))

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "staff:home"
LOGOUT_REDIRECT_URL = "home"

# Sign-in through the municipality's identity provider, and a second factor (django-allauth;
# core/sso.py, core/sign_in.py; docs/operations.md tells IT how to connect a provider).
# Local accounts (the demo's, and any an administrator makes) keep signing in with a password.
SSO_PROVIDER_NAME = os.environ.get("SSO_PROVIDER_NAME", "kommunens inloggning")
# Which of the provider's groups give which role, as JSON: {"group": "role"} or
# {"group": ["role", ...]}; roles are administrator, facilitator, strategist, politician.
# A user none of whose groups is named here is refused.
SSO_GROUP_ROLES = json.loads(os.environ.get("SSO_GROUP_ROLES", "{}"))
# The claim (OpenID Connect) or attribute (SAML) that lists the user's groups.
SSO_GROUPS_CLAIM = os.environ.get("SSO_GROUPS_CLAIM", "groups")
SOCIALACCOUNT_PROVIDERS = {}
if os.environ.get("SSO_OIDC_SERVER_URL"):
    # Authorization code flow with PKCE; the server URL is the issuer (its discovery document).
    SOCIALACCOUNT_PROVIDERS["openid_connect"] = {
        "APPS": [
            {
                "provider_id": os.environ.get("SSO_OIDC_PROVIDER_ID", "kommun"),
                "name": SSO_PROVIDER_NAME,
                "client_id": os.environ.get("SSO_OIDC_CLIENT_ID", ""),
                "secret": os.environ.get("SSO_OIDC_CLIENT_SECRET", ""),
                "settings": {
                    "server_url": os.environ["SSO_OIDC_SERVER_URL"],
                    "oauth_pkce_enabled": True,
                    "scope": env_list("SSO_OIDC_SCOPES", "openid,profile,email"),
                },
            }
        ]
    }
if os.environ.get("SSO_SAML_IDP_ENTITY_ID"):
    SOCIALACCOUNT_PROVIDERS["saml"] = {
        "APPS": [
            {
                "provider_id": os.environ["SSO_SAML_IDP_ENTITY_ID"],
                "name": SSO_PROVIDER_NAME,
                "client_id": os.environ.get("SSO_SAML_SLUG", "kommun"),  # in the SP's addresses
                "settings": {
                    "attribute_mapping": {
                        "uid": os.environ.get("SSO_SAML_UID_ATTRIBUTE", "uid"),
                        "email": os.environ.get("SSO_SAML_EMAIL_ATTRIBUTE", "email"),
                        "username": os.environ.get("SSO_SAML_USERNAME_ATTRIBUTE", "uid"),
                    },
                    # The identity provider's metadata URL, or its sign-in URL and certificate.
                    "idp": {
                        key: os.environ.get(f"SSO_SAML_IDP_{key.upper()}")
                        for key in ("entity_id", "metadata_url", "sso_url", "slo_url", "x509cert")
                        if os.environ.get(f"SSO_SAML_IDP_{key.upper()}")
                    },
                    "sp": {"entity_id": os.environ.get("SSO_SAML_SP_ENTITY_ID", "")},
                    "advanced": {
                        "want_assertion_signed": True,
                        "want_message_signed": False,
                        "reject_idp_initiated_sso": True,
                    },
                },
            }
        ]
    }
# The browser is let post to the providers' addresses (signing in and out goes there by
# redirect, which the CSP's form-action governs too): the server URL's and any others named.
SSO_ORIGINS = [
    "/".join(url.split("/", 3)[:3])
    for url in (os.environ.get("SSO_OIDC_SERVER_URL"), os.environ.get("SSO_SAML_IDP_METADATA_URL"))
    if url
] + env_list("SSO_EXTRA_ORIGINS")
ACCOUNT_ADAPTER = "core.sso.StaffAccountAdapter"
SOCIALACCOUNT_ADAPTER = "core.sso.StaffSocialAccountAdapter"
ACCOUNT_LOGIN_METHODS = {"username"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "password1*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_LOGOUT_ON_GET = False
SOCIALACCOUNT_AUTO_SIGNUP = True
SOCIALACCOUNT_LOGIN_ON_GET = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False  # never join an account to a local one by its email
SOCIALACCOUNT_STORE_TOKENS = False
# The second factor of a local account: an authenticator app (TOTP) or a passkey, with
# recovery codes. Administrators must have one outside DEBUG (core/sign_in.py).
MFA_SUPPORTED_TYPES = ["totp", "webauthn", "recovery_codes"]
MFA_PASSKEY_LOGIN_ENABLED = False
MFA_TOTP_ISSUER = "Sunnemodellen"
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = DEBUG
MFA_REQUIRED_FOR_ADMINISTRATORS = env_bool("MFA_REQUIRED_FOR_ADMINISTRATORS", not DEBUG)

# Swedish first, English under /en/.
LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Swedish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
# English pages write dates and times as Swedish ones do, not as Django's American English.
FORMAT_MODULE_PATH = ["sunnemodel.formats"]
# The texts residents read are kept in both languages (django-modeltranslation, each app's
# translation.py): `title_sv` and `title_en` beside `title`, which reads the page's language
# and falls back to Swedish. Pages mark a Swedish fallback as such (core/translated.py).
MODELTRANSLATION_DEFAULT_LANGUAGE = "sv"
MODELTRANSLATION_LANGUAGES = ("sv", "en")
MODELTRANSLATION_FALLBACK_LANGUAGES = ("sv",)
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
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

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# The cache: the public site's pages and the receipt lookups' throttle. Set CACHE_URL to a
# Redis server (redis://127.0.0.1:6379/1) whenever more than one server process runs, so that
# they share it; the default local memory is for one process (`make run`).
CACHE_URL = os.environ.get("CACHE_URL", "")
CACHES = {
    "default": (
        {"BACKEND": "core.cache.ReusingRedisCache", "LOCATION": CACHE_URL}
        if CACHE_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}
# Sessions are kept in the database; with a shared cache, also in Redis, and read from there
# first: a query less on every signed-in request, and a session ended in one server process is
# ended in all. (A cache of one process's own cannot say that to the others.)
if CACHE_URL:
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
# django-ratelimit (throttling receipt lookups) counts in this cache; it is used through its
# core function, not as an installed app.

# The site's own address, for links in mails sent by background tasks (no request there).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")

# Mail: the console in development, SMTP from the environment in production.
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "medborgardialog@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Where residents write about accessibility and other help (the accessibility statement).
PUBLIC_CONTACT_EMAIL = os.environ.get("PUBLIC_CONTACT_EMAIL", DEFAULT_FROM_EMAIL)

# Security. Behind a TLS-terminating proxy, set SECURE_PROXY_SSL_HEADER=1.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
if env_bool("SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"

# No page here needs a camera, a microphone, the location or payment: the browser is told so.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
    )
}

# No inline scripts or styles, nothing from another host.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF, *SSO_ORIGINS],
        "frame-ancestors": [NONE],
        "object-src": [NONE],
        "base-uri": [SELF],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # WeasyPrint tells every step of a PDF at INFO; only its warnings are worth a line.
    "loggers": {
        name: {"level": "WARNING"} for name in ("weasyprint", "fontTools", "fontTools.subset")
    },
}

# A respondent's contact for feedback is deleted this many days after it was given (gallring).
FEEDBACK_CONTACT_RETENTION_DAYS = int(os.environ.get("FEEDBACK_CONTACT_RETENTION_DAYS", "730"))

# Draft summaries per category by a language model at an OpenAI-compatible endpoint that the
# municipality runs or chooses (e.g. https://llm.kommun.se/v1). Off unless all of the address
# and the model are set; only published or screened texts are sent.
SUMMARY_MODEL_URL = os.environ.get("SUMMARY_MODEL_URL", "")
SUMMARY_MODEL_NAME = os.environ.get("SUMMARY_MODEL_NAME", "")
SUMMARY_MODEL_KEY = os.environ.get("SUMMARY_MODEL_KEY", "")
SUMMARY_MODEL_TIMEOUT = int(os.environ.get("SUMMARY_MODEL_TIMEOUT", "60"))

# Imports: the largest file accepted, and the most a spreadsheet (a zip) may unpack to.
IMPORT_MAX_BYTES = int(os.environ.get("IMPORT_MAX_BYTES", str(20 * 1024 * 1024)))
IMPORT_MAX_UNPACKED_BYTES = int(os.environ.get("IMPORT_MAX_UNPACKED_BYTES", str(300 * 1024 * 1024)))
# A spreadsheet is measured before it is read (at most this many cells), and read in a child
# process with at most this much memory and CPU time (core/sandbox.py).
IMPORT_MAX_CELLS = int(os.environ.get("IMPORT_MAX_CELLS", "1000000"))
IMPORT_PARSE_MAX_MEMORY = int(os.environ.get("IMPORT_PARSE_MAX_MEMORY", str(2 * 1024**3)))
IMPORT_PARSE_MAX_SECONDS = int(os.environ.get("IMPORT_PARSE_MAX_SECONDS", "60"))
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = IMPORT_MAX_BYTES
EVENT_PHOTO_MAX_BYTES = int(os.environ.get("EVENT_PHOTO_MAX_BYTES", str(10 * 1024 * 1024)))

# Background work (large imports) through Django's task interface: tasks are kept in the
# database and run by `manage.py db_worker` (make run starts one beside the server).
# Background work that shows no sign of life for this long is shown as stopped (its worker was
# stopped or killed, or none runs), and can be asked for again.
TASK_STALLED_AFTER_SECONDS = int(os.environ.get("TASK_STALLED_AFTER_SECONDS", "1800"))
TASKS = {"default": {"BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}

# Suggestions learn from at most this many coded opinions, a random sample when there are more
# (opinions/services/suggestions.py: train_model): more costs minutes, and hardly any quality.
SUGGESTIONS_TRAIN_MOST = int(os.environ.get("SUGGESTIONS_TRAIN_MOST", "20000"))

# The analysis and agreement pages read their figures as last counted (opinions/analysis/kept.py).
# After a change they are counted anew before the page is shown when the last count took less
# than KEPT_INLINE_SECONDS; a longer count runs in the background while the page shows the last
# one with its time. Figures older than KEPT_MAX_AGE_SECONDS are counted anew in any case.
KEPT_INLINE_SECONDS = float(os.environ.get("KEPT_INLINE_SECONDS", "2"))
KEPT_MAX_AGE_SECONDS = int(os.environ.get("KEPT_MAX_AGE_SECONDS", "3600"))
# A process with more opinions than this has its first figures counted in the background too.
KEPT_INLINE_FIRST_OPINIONS = int(os.environ.get("KEPT_INLINE_FIRST_OPINIONS", "100000"))
