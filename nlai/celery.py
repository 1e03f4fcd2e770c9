"""The Celery app. Broker from CELERY_BROKER_URL (Redis in production and CI, embedded SQLite otherwise)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nlai.settings.local")

app = Celery("nlai")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
