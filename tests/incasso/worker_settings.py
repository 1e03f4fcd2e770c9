"""Settings for the real Celery worker that the end-to-end tests start (tests/incasso/test_worker_e2e.py):
the test settings with eager mode off, and the private files where the test process looks for them."""

import os

from nlai.settings.test import *  # noqa: F403

CELERY_TASK_ALWAYS_EAGER = False
if os.environ.get("INCASSO_TEST_MEDIA_ROOT"):
    PRIVATE_MEDIA_ROOT = MEDIA_ROOT = os.environ["INCASSO_TEST_MEDIA_ROOT"]
