"""Settings for the real Celery worker of tests/uitbetaling/test_boeking_achtervang.py: the test settings
with eager mode off, plus the test's hook module (it makes a booking stop halfway only when the test asks)."""

from nlai.settings.test import *  # noqa: F403

CELERY_TASK_ALWAYS_EAGER = False
CELERY_IMPORTS = ["tests.uitbetaling.worker_haak"]
