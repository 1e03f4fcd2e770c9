"""Production: PostgreSQL, Redis, HTTPS behind a proxy, secrets only from the environment."""

from django.core.exceptions import ImproperlyConfigured

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
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},  # noqa: F405
}
