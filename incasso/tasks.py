"""Celery tasks of the collection workflow. Thin: each fetches by id and calls one service, which decides
(status, next action, the client's text, escalation) and is idempotent (unique keys and compare-and-set
claims live in the services). Letters are rendered in tasks, never in a request.

Services are imported inside the task bodies: the services import these tasks at module level to queue them.
Failures are retried with exponential backoff; after the last try the case manager gets a task, so a
failure never goes unseen.
"""

from __future__ import annotations

import logging
from datetime import datetime

from celery import Task, shared_task

from dossiers.models import Dossier

from .models import UitgaandeEmail

logger = logging.getLogger(__name__)

MAX_POGINGEN = 5


def _backoff(pogingen: int) -> int:
    """1, 2, 4, 8, 16 minutes (capped at an hour)."""
    return min(3600, 60 * 2**pogingen)


def _dossier(dossier_id: int) -> Dossier:
    return Dossier.objects.select_related("client", "debiteur").get(pk=dossier_id)


class BriefTask(Task):
    """Letter tasks: bounded retries with backoff; the final failure becomes a task for the case manager."""

    acks_late = True
    autoretry_for = (Exception,)
    max_retries = MAX_POGINGEN
    retry_backoff = 60
    retry_backoff_max = 3600
    retry_jitter = True

    def on_failure(self, exc, task_id, args, kwargs, einfo):  # noqa: ANN001 - Celery's signature
        from incasso.storingen import storing_meld  # a service: imported in the body, as in every task

        dossier_id = args[0] if args else kwargs.get("dossier_id")
        try:
            storing_meld(
                dossier_id=dossier_id,
                omschrijving=f"Brief kon niet worden gemaakt of verstuurd ({self.name}): {exc}",
                sleutel=f"mislukt:{self.name.rsplit('.', 1)[-1]}:{args[1:] if len(args) > 1 else ''}",
            )
        except Exception:  # the task for the case manager must not hide the original error
            logger.exception("incasso: taak na mislukken kon niet worden gemaakt")


@shared_task(base=BriefTask, name="incasso.tasks.eerste_aanmaning")
def eerste_aanmaning(dossier_id: int) -> int | None:
    """The first reminder, at once after acceptance (queued on commit by `opdracht_accepteer`)."""
    from incasso.services.aanmaning import aanmaning_stuur

    brief = aanmaning_stuur(dossier=_dossier(dossier_id))
    return brief.pk if brief else None


@shared_task(base=BriefTask, name="incasso.tasks.brief_stuur")
def brief_stuur(dossier_id: int, soort: str, sleutel: str, context: dict | None = None) -> int:
    """Make and send any letter once per key (sommatie, arrangement letters)."""
    from incasso.services.brieven import brief_stuur as stuur

    return stuur(dossier=_dossier(dossier_id), soort=soort, sleutel=sleutel, context=context).pk


@shared_task(base=BriefTask, name="incasso.tasks.sommatie")
def sommatie(dossier_id: int) -> int | None:
    """After the reminder's deadline without full payment: second notice + proposal to escalate."""
    from incasso.services.aanmaning import sommatie_stuur

    brief = sommatie_stuur(dossier=_dossier(dossier_id))
    return brief.pk if brief else None


@shared_task(name="incasso.tasks.email_verstuur", bind=True, acks_late=True, max_retries=MAX_POGINGEN)
def email_verstuur(self, email_id: int) -> str:
    """Send one outbox e-mail (claimed first, so it is sent once however often this runs)."""
    from incasso.outbox import email_verstuur as verstuur

    try:
        return verstuur(email_id=email_id, laatste_poging=self.request.retries >= self.max_retries)
    except UitgaandeEmail.DoesNotExist:
        raise
    except Exception as exc:
        raise self.retry(exc=exc, countdown=_backoff(self.request.retries)) from exc


@shared_task(name="incasso.tasks.printbatch_maak", acks_late=True, max_retries=3)
def printbatch_maak(datum_iso: str | None = None) -> int:
    """Merge the day's letters for the post into one PDF (claimed per letter, so none is printed twice)."""
    from incasso.services.brieven import printbatch_maak as maak

    return maak(datum=datetime.fromisoformat(datum_iso).date() if datum_iso else None).pk


# --- beat tasks (idempotent sweeps; safe to run more often than daily) --------------------------------


@shared_task(name="incasso.tasks.aanmaning_achtervang", acks_late=True)
def aanmaning_achtervang() -> int:
    """Safety net for the 2-working-day promise: an accepted dossier without a sent first reminder gets one."""
    from incasso.services.aanmaning import aanmaning_achtervang as achtervang

    return achtervang()


@shared_task(name="incasso.tasks.termijn_controle", acks_late=True)
def termijn_controle() -> int:
    from incasso.services.aanmaning import sommatie_plan

    return sommatie_plan()


@shared_task(name="incasso.tasks.regeling_controle", acks_late=True, max_retries=3)
def regeling_controle() -> dict:
    from incasso.services.regelcontrole import regeling_controle as controle

    return controle()


@shared_task(name="incasso.tasks.toestemming_controle", acks_late=True, max_retries=3)
def toestemming_controle() -> dict:
    from incasso.services.toestemming import toestemming_controle as controle

    return controle()


@shared_task(name="incasso.tasks.stagnatie_controle", acks_late=True, max_retries=3)
def stagnatie_controle() -> dict:
    from incasso.services.controles import stagnatie_controle as controle

    return controle()


@shared_task(name="incasso.tasks.statusupdate_periodiek", acks_late=True, max_retries=3)
def statusupdate_periodiek() -> int:
    from incasso.services.statusupdate import statusupdate_periodiek_stuur as periodiek

    return periodiek()


@shared_task(name="incasso.tasks.printbatch_dagelijks", acks_late=True)
def printbatch_dagelijks() -> int | None:
    """From 15:00 the day's post is merged (letters made later go into the next day's batch)."""
    from incasso.services.brieven import printbatch_dag_maak

    batch = printbatch_dag_maak()
    return batch.pk if batch else None
