import socket

from celery import shared_task
from django.utils import timezone

from .models import WorkerHeartbeat


@shared_task(name="nlai.tasks.heartbeat", ignore_result=True, time_limit=30)
def heartbeat() -> None:
    """Proves a worker is alive and consuming: the health check reports the age of the newest beat."""
    WorkerHeartbeat.objects.update_or_create(
        worker=socket.gethostname(), defaults={"gezien_op": timezone.now()}
    )
