"""`make test`: PostgreSQL when DATABASE_URL is set, else SQLite; e-mail in memory; eager tasks by default."""

from .base import *  # noqa: F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# A real worker started by a test runs with CELERY_TASK_ALWAYS_EAGER=false (see tests/worker.py).
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=True)  # noqa: F405
CELERY_TASK_EAGER_PROPAGATES = True
PRIVATE_MEDIA_ROOT = MEDIA_ROOT = VAR_DIR / "test-private"  # noqa: F405
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
REST_FRAMEWORK = {**REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"rekenhulp": "1000/min"}}  # noqa: F405
WHITENOISE_AUTOREFRESH = True
BETALEN_TESTPROVIDER = env.bool("BETALEN_TESTPROVIDER", default=True)  # noqa: F405
WHITENOISE_USE_FINDERS = True
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, not memory, so that a real Celery worker in a subprocess can see the test database.
    # One file per test process, so that parallel runs never share it.
    import os

    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test-db-{os.getpid()}.sqlite3")}  # noqa: F405

# A valid example creditor identifier (check digits per EPC262: ISO 7064 mod 97-10) for local use and tests.
SEPA_CREDITOR_ID = "NL69ZZZ123456780000"
