"""Settings shared by every environment; all configuration comes from the environment (django-environ)."""

import secrets
from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"  # runtime files (SQLite, private uploads, reports); not in git
VAR_DIR.mkdir(exist_ok=True)

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env("SECRET_KEY", default="dev-only-insecure-key-change-me-in-production-0123456789")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "drf_spectacular",
    "django_htmx",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "csp",
    "simple_history",
    "nlai",
    "accounts",
    "tarieven",
    "dossiers",
    "inning",
    "incasso",
    "beslag",
    "uitbetaling",
    "bank",
    "betaling",
    "automatische_incasso",
    "staf",
    "portaal",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "nlai.middleware.NulBytesMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # who changed a tracked record (django-simple-history), when the service does not say it itself
    "simple_history.middleware.HistoryRequestMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes requires.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "nlai.urls"
WSGI_APPLICATION = "nlai.wsgi.application"

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
                "nlai.context_processors.rol",
            ],
        },
    }
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the worker write while the web process reads (make run uses SQLite).
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA busy_timeout=10000;",
        "transaction_mode": "IMMEDIATE",
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # No JIT: PostgreSQL compiles any query whose estimated cost passes jit_above_cost, and the work queue's
    # correlated subqueries are estimated high at 100,000 dossiers: compiling took several times as long as
    # running the query (EXPLAIN ANALYZE on make bench's data). The app's queries are short reads and writes; JIT pays off in long
    # analytical queries we do not run.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
    # Connections kept for a minute (unless the URL says ?conn_max_age=): PostgreSQL forks a backend for every
    # connection, and with one per request the server spent 0.6 of a core on connecting at 200 users against
    # 0.09 on the queries (make loadtest). Checked before reuse, so a restarted server costs one retry.
    DATABASES["default"].setdefault("CONN_MAX_AGE", 60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "accounts.backends.EmailBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

# The TLS proxies in front of the web processes (addresses or networks, e.g. "10.0.0.2,172.16.0.0/12").
# Only a request from one of these may name the client's address in X-Forwarded-For; see accounts.netwerk.
TRUSTED_PROXIES = env.list("TRUSTED_PROXIES", default=[])

# django-axes: five failed logins for one account lock that account for an hour. Counted per account only,
# not per IP: behind the proxy every request has the proxy's address, and locking it would lock everyone.
# The account is the e-mail address in lower case (accounts.netwerk.login_naam).
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(hours=1)
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_USERNAME_FORM_FIELD = "email"
AXES_USERNAME_CALLABLE = "accounts.netwerk.login_naam"
AXES_CLIENT_IP_CALLABLE = "accounts.netwerk.client_ip"
AXES_RESET_ON_SUCCESS = True
# axes.W006 advises locking per IP as well; behind our proxy that would lock every user at once (issue 12).
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_LOCKOUT_TEMPLATE = "registration/geblokkeerd.html"

# Password reset: requests per hour per e-mail address and per client IP (accounts.limieten).
WACHTWOORD_RESET_PER_ACCOUNT = env.int("WACHTWOORD_RESET_PER_ACCOUNT", default=3)
WACHTWOORD_RESET_PER_IP = env.int("WACHTWOORD_RESET_PER_IP", default=10)

OTP_TOTP_ISSUER = "NLAI Inning"

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=VAR_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Uploaded titles, letters and proofs are private: never under STATIC/MEDIA URLs, served only by views
# that check who may see them.
PRIVATE_MEDIA_ROOT = env.path("PRIVATE_MEDIA_ROOT", default=VAR_DIR / "private")
MEDIA_ROOT = PRIVATE_MEDIA_ROOT
UPLOAD_MAX_BYTES = env.int("UPLOAD_MAX_BYTES", default=10 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 30 * 1024 * 1024

# E-mail: through the ESP Postmark (django-anymail) when POSTMARK_SERVER_TOKEN is set, else EMAIL_URL (SMTP;
# the console in `make run`). Postmark posts delivery, bounce and complaint events to anymail's tracking
# webhook /anymail/postmark/tracking/ (incasso.aflevering), which takes only requests with the basic-auth
# secret ANYMAIL_WEBHOOK_SECRET ("user:password", set in Postmark as https://user:password@host/...).
# Without that secret the webhook takes nothing: a random one nobody knows stands in.
POSTMARK_SERVER_TOKEN = env("POSTMARK_SERVER_TOKEN", default="")
ANYMAIL_WEBHOOK_SECRET = env("ANYMAIL_WEBHOOK_SECRET", default="")
INSTALLED_APPS.append("anymail")
ANYMAIL = {
    "WEBHOOK_SECRET": ANYMAIL_WEBHOOK_SECRET or f"geen:{secrets.token_urlsafe(32)}",
}
if POSTMARK_SERVER_TOKEN:
    EMAIL_BACKEND = "anymail.backends.postmark.EmailBackend"
    ANYMAIL["POSTMARK_SERVER_TOKEN"] = POSTMARK_SERVER_TOKEN
    ANYMAIL["POSTMARK_MESSAGE_STREAM"] = env("POSTMARK_MESSAGE_STREAM", default="outbound")
else:
    EMAIL_CONFIG = env.email("EMAIL_URL", default="consolemail://")
    vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="NLAI Inning <noreply@nlai-inning.nl>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 8 * 3600
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PARSER_CLASSES": [  # DRF's three, with JSON nesting bounded (nlai/parsers.py)
        "nlai.parsers.BegrensdeJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_THROTTLE_RATES": {"rekenhulp": env("REKENHULP_THROTTLE", default="60/min")},
}
SPECTACULAR_SETTINGS = {
    "TITLE": "NLAI Inning API",
    "DESCRIPTION": "Dossiers, geld en rekenhulpen van het alimentatie-incassobureau.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
}

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Celery: Redis when CELERY_BROKER_URL is set, otherwise an embedded SQLite broker that needs no server.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=f"sqla+sqlite:///{VAR_DIR / 'celery-broker.sqlite3'}")
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
# Weekly payout day/hour are configurable (issue: default Thursday 06:00 Europe/Amsterdam).
UITBETALING_DAG = env("UITBETALING_DAG", default="thursday")
UITBETALING_UUR = env.int("UITBETALING_UUR", default=6)
# AVG retention: a closed dossier's personal data is anonymised this many years after closing (default 7:
# the fiscal retention of the books, art. 2:10 BW and art. 52 AWR); the ledger's figures stay.
AVG_BEWAARJAREN = env.int("AVG_BEWAARJAREN", default=7)
# Weekly collection batch (SEPA direct debit of arrangement terms): Monday 07:00 by default.
INCASSO_DAG = env("INCASSO_DAG", default="monday")
INCASSO_UUR = env.int("INCASSO_UUR", default=7)
CELERY_BEAT_SCHEDULE: dict[str, dict] = {
    "heartbeat": {"task": "nlai.tasks.heartbeat", "schedule": 30.0},
    "inning-grootboek-controle": {
        "task": "bank.tasks.grootboek_controle",
        "schedule": crontab(hour=2, minute=30),
    },
    "uitbetaling-weekbatch": {
        "task": "uitbetaling.tasks.uitbetaling_batch_voorbereiden",
        "schedule": crontab(day_of_week=UITBETALING_DAG, hour=UITBETALING_UUR, minute=0),
    },
    # books any approved batch whose booking task was lost (broker down, worker killed); idempotent
    "uitbetaling-boeking-achtervang": {
        "task": "uitbetaling.tasks.uitbetaling_boeking_achtervang",
        "schedule": 300.0,
    },
    "beslag-controle": {
        "task": "beslag.tasks.beslag_controle",
        "schedule": 3600.0,
    },  # idempotent; hourly is cheap
    # BVV maxima and norms change on 1 January and 1 July: a task for the beheerder from that day (idempotent).
    # incasso: idempotent sweeps, run hourly so that a finding never waits a day (keys prevent doubles).
    "incasso-aanmaning-achtervang": {"task": "incasso.tasks.aanmaning_achtervang", "schedule": 300.0},
    "incasso-termijn-controle": {"task": "incasso.tasks.termijn_controle", "schedule": 3600.0},
    "incasso-regeling-controle": {"task": "incasso.tasks.regeling_controle", "schedule": 3600.0},
    "incasso-toestemming-controle": {"task": "incasso.tasks.toestemming_controle", "schedule": 3600.0},
    "incasso-stagnatie-controle": {"task": "incasso.tasks.stagnatie_controle", "schedule": 3600.0},
    "incasso-statusupdate": {"task": "incasso.tasks.statusupdate_periodiek", "schedule": 3600.0},
    "incasso-printbatch": {"task": "incasso.tasks.printbatch_dagelijks", "schedule": 3600.0},
    # the next year's indexation percentage from 1 December (issue 13 item 6); idempotent
    "tarieven-tabeltaken-controle": {"task": "tarieven.tasks.tabeltaken_controle", "schedule": 3600.0},
    # the yearly statements of last year, for the tax return (idempotent: one per recipient and year)
    # AVG: anonymise what has passed its retention period (idempotent, batched; a log row per run)
    "dossiers-bewaartermijn": {
        "task": "dossiers.tasks.bewaartermijn_toepas",
        "schedule": crontab(hour=3, minute=15),
    },
    # SEPA direct debit of arrangement terms: the weekly collection batch (four eyes before the file goes out)
    "automatische-incasso-weekbatch": {
        "task": "automatische_incasso.tasks.incassobatch_voorbereiden",
        "schedule": crontab(day_of_week=INCASSO_DAG, hour=INCASSO_UUR, minute=0),
    },
    "uitbetaling-jaaropgaven": {
        "task": "uitbetaling.tasks.jaaropgaven_jaarlijks",
        "schedule": crontab(day_of_month=2, month_of_year=1, hour=7, minute=0),
    },
}
HEARTBEAT_MAX_AGE_SECONDS = env.int("HEARTBEAT_MAX_AGE_SECONDS", default=120)

# The agency itself: shown on letters, used as debtor in SEPA files.
BUREAU = {
    "naam": env("BUREAU_NAAM", default="NLAI Alimentatie-incasso B.V."),
    "adres": env("BUREAU_ADRES", default="Stationsplein 1"),
    "postcode_plaats": env("BUREAU_POSTCODE_PLAATS", default="3511 ED Utrecht"),
    "iban": env("BUREAU_IBAN", default="NL91ABNA0417164300"),
    "bic": env("BUREAU_BIC", default="ABNANL2A"),
    "kvk": env("BUREAU_KVK", default="12345678"),
    "btw": env("BUREAU_BTW", default="NL001234567B01"),
    "email": env("BUREAU_EMAIL", default="info@nlai-inning.nl"),
    "telefoon": env("BUREAU_TELEFOON", default="030 123 45 67"),
}
# The agency's SEPA creditor identifier (incassant-ID, from the Dutch Chamber of Commerce via the bank), checked
# with ``recht.sepa_incasso.incassant_id_geldig`` when a collection file is made. Empty: no collections.
SEPA_CREDITOR_ID = env("SEPA_CREDITOR_ID", default="")
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")

# The debtor pays in the portal (issue 16): Mollie when a key is set (its webhook: SITE_URL/betalen/webhook/mollie/);
# MOLLIE_API_ENDPOINT only points the client at another server (the tests' local one). Without a key the
# built-in test provider may stand in, but only where BETALEN_TESTPROVIDER is on (local and test settings):
# its checkout page lets anyone mark a payment paid.
MOLLIE_API_KEY = env("MOLLIE_API_KEY", default="")
MOLLIE_API_ENDPOINT = env("MOLLIE_API_ENDPOINT", default="")
BETALEN_TESTPROVIDER = env.bool("BETALEN_TESTPROVIDER", default=False)
# The provider's settlement (one bank credit for many paid payments, ``bank.afrekening``) is recognised by the
# sender: its IBAN(s) or a word of its account holder's name, per provider. The bank reference in the
# remittance text (Mollie: "1234567.2611.01") names the settlement, fetched from the provider.
BETALEN_AFREKENING = {
    "mollie": {
        "ibans": env.list("MOLLIE_AFREKENING_IBANS", default=[]),
        "namen": env.list("MOLLIE_AFREKENING_NAMEN", default=["Mollie"]),
    },
    "test": {"ibans": ["NL19ABNA0999999990"], "namen": ["Testbetaaldienst"]},
}
DEBITEUR_SESSIE_MINUTEN = env.int("DEBITEUR_SESSIE_MINUTEN", default=30)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {"axes": {"level": "WARNING"}, "weasyprint.progress": {"level": "WARNING"}},
}

# A staff user's first login may enrol the authenticator app (QR page after the password) only this many days
# after the beheerder made the account or re-enrolled it (accounts.services.totp_te_koppelen).
TOTP_KOPPEL_DAGEN = env.int("TOTP_KOPPEL_DAGEN", default=7)
