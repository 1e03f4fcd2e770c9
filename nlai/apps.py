from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NlaiConfig(AppConfig):
    name = "nlai"
    verbose_name = _("Systeem")

    def ready(self) -> None:
        # Task id and request id on every log line of a task (worker) and of what it queues (web).
        from nlai.logging import celery_context  # noqa: F401
