"""Production: PostgreSQL, Redis, HTTPS behind a proxy, secrets only from the environment."""

from django.core.exceptions import ImproperlyConfigured

from nlai.logging.sentry import sentry_start
from nlai.logging.structuur import logging_config, structlog_configureer

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = env("SECRET_KEY")  # noqa: F405  (required: no default in production)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")  # noqa: F405
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)  # noqa: F405
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
# The shared cache holds the throttle and password-reset counts: it must be one for all web processes.
CACHES = {"default": env.cache("CACHE_URL", default="redis://redis:6379/1")}  # noqa: F405
if "locmem" in CACHES["default"]["BACKEND"].lower() or "dummy" in CACHES["default"]["BACKEND"].lower():
    raise ImproperlyConfigured(
        "CACHE_URL must point to a shared cache (Redis) in production: a per-process cache lets every "
        "web process count its own throttle and password-reset limits."
    )
# With the ESP on, its delivery events must be able to come in: the webhook needs its basic-auth secret.
if POSTMARK_SERVER_TOKEN and not ANYMAIL_WEBHOOK_SECRET:  # noqa: F405
    raise ImproperlyConfigured(
        "POSTMARK_SERVER_TOKEN is set but ANYMAIL_WEBHOOK_SECRET is not: set it to 'user:password' and give "
        "Postmark the tracking webhook https://user:password@<host>/anymail/postmark/tracking/."
    )

# Logs: one JSON object per line (LOG_FORMAT=json, the default here) with request_id and task_id.
LOG_FORMAT = env("LOG_FORMAT", default="json")  # noqa: F405
LOGGING = logging_config(formaat=LOG_FORMAT, niveau=env("LOG_LEVEL", default="INFO"))  # noqa: F405
structlog_configureer()
# Celery would otherwise replace the root handler with its own plain-text one.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
MIDDLEWARE = ["nlai.logging.request_id.RequestIdMiddleware", *MIDDLEWARE]  # noqa: F405

# Errors: Sentry when SENTRY_DSN is set; no personal data leaves (see nlai/logging/sentry.py).
SENTRY_DSN = env("SENTRY_DSN", default="")  # noqa: F405
if SENTRY_DSN:
    sentry_start(
        dsn=SENTRY_DSN,
        environment=env("SENTRY_ENVIRONMENT", default="production"),  # noqa: F405
        release=env("SENTRY_RELEASE", default=None),  # noqa: F405
        traces_sample_rate=env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0),  # noqa: F405
    )
