"""Celery tasks of the bailiff track. Each takes ids, fetches what it needs and calls one service; each is
idempotent."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from .models import DeurwaarderOpdracht

TAAK = {
    "acks_late": True,
    "autoretry_for": (OSError,),
    "max_retries": 3,
    "retry_backoff": True,
    "time_limit": 120,
}


@shared_task(name="beslag.tasks.deurwaarder_brief_verstuur", **TAAK)
def deurwaarder_brief_verstuur(opdracht_id: int) -> None:
    """Render, store and e-mail the instruction letter of one bailiff instruction."""
    # beslag.services imports this module to queue the task: importing it at load time would be a cycle
    from .services import opdrachtbrief_verstuur

    opdracht = DeurwaarderOpdracht.objects.select_related(
        "dossier__debiteur", "dossier__client", "kantoor"
    ).get(pk=opdracht_id)
    opdrachtbrief_verstuur(opdracht=opdracht)


@shared_task(name="beslag.tasks.beslag_controle", acks_late=True, time_limit=600)
def beslag_controle() -> dict:
    """Hourly (idempotent, so the day's flags appear once): flag garnishment months without a receipt, remind
    bailiffs who did not answer, close deadlines long passed."""
    # beslag.services imports this module to queue tasks: importing it at load time would be a cycle
    from .services import beslag_controleer

    return beslag_controleer(vandaag=timezone.localdate())
