"""Celery tasks of the payout: thin wrappers that take ids and are safe to run again."""

from __future__ import annotations

import logging

from celery import shared_task
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from nlai.pdf import pdf_render

logger = logging.getLogger(__name__)


@shared_task(
    name="uitbetaling.tasks.uitbetaling_batch_voorbereiden", acks_late=True, max_retries=3, time_limit=600
)
def uitbetaling_batch_voorbereiden() -> int:
    """The weekly beat: prepare this ISO week's batch (idempotent: one batch per week)."""
    from .services import iso_week, uitbetaling_batch_maak

    batch = uitbetaling_batch_maak(week=iso_week(timezone.localdate()), door=None)
    return batch.id


@shared_task(
    name="uitbetaling.tasks.uitbetaling_batch_boek",
    bind=True,
    acks_late=True,
    max_retries=5,
    default_retry_delay=30,
    time_limit=600,
)
def uitbetaling_batch_boek(self, batch_id: int) -> None:
    """Book an approved batch. Each payout is booked once (row lock + unique journal key), so a rerun after
    a worker died halfway books only what is missing."""
    from .services import uitbetaling_batch_boek as boek

    try:
        boek(batch_id=batch_id)
    except Exception as exc:  # a database hiccup: try again later, a bounded number of times
        logger.exception("boeken van batch %s mislukt", batch_id)
        raise self.retry(exc=exc) from exc


@shared_task(
    name="uitbetaling.tasks.uitbetaling_boeking_achtervang", acks_late=True, max_retries=0, time_limit=1800
)
def uitbetaling_boeking_achtervang() -> list[int]:
    """Every 5 minutes on the beat: book every approved batch that is not fully booked (its task was lost
    with a broker that was down, or the worker was killed halfway). Safe alongside the batch's own task."""
    from .services import uitbetaling_boeking_achtervang as achtervang

    return achtervang()


@shared_task(name="uitbetaling.tasks.specificatie_pdf_maak", acks_late=True, max_retries=3, time_limit=120)
def specificatie_pdf_maak(uitbetaling_id: int) -> None:
    """Render the payout specification PDF (outside any transaction) and store it once."""
    from .models import Uitbetaling
    from .selectors import specificatie_pdf_context

    u = Uitbetaling.objects.select_related("batch", "client").get(pk=uitbetaling_id)
    if u.specificatie_pdf:
        return
    pdf = pdf_render(template_name="uitbetaling/pdf/specificatie.html", context=specificatie_pdf_context(u))
    with transaction.atomic():
        u = Uitbetaling.objects.select_for_update().get(pk=uitbetaling_id)
        if not u.specificatie_pdf:
            u.specificatie_pdf.save(f"specificatie-{u.end_to_end_id}.pdf", ContentFile(pdf), save=True)


@shared_task(name="uitbetaling.tasks.factuur_pdf_maak", acks_late=True, max_retries=3, time_limit=120)
def factuur_pdf_maak(factuur_id: int) -> None:
    from .models import Factuur
    from .selectors import factuur_pdf_context

    f = Factuur.objects.select_related("client").get(pk=factuur_id)
    if f.pdf:
        return
    pdf = pdf_render(template_name="uitbetaling/pdf/factuur.html", context=factuur_pdf_context(f))
    with transaction.atomic():
        f = Factuur.objects.select_for_update().get(pk=factuur_id)
        if not f.pdf:
            f.pdf.save(f"factuur-{f.nummer}.pdf", ContentFile(pdf), save=True)


@shared_task(name="uitbetaling.tasks.jaaropgaven_jaarlijks", acks_late=True, max_retries=0, time_limit=1800)
def jaaropgaven_jaarlijks() -> int:
    """In January on the beat: the statements of last year (idempotent: one per recipient and year)."""
    from .jaaropgave import jaaropgaven_maak

    return len(jaaropgaven_maak(jaar=timezone.localdate().year - 1))


@shared_task(name="uitbetaling.tasks.jaaropgave_pdf_maak", acks_late=True, max_retries=3, time_limit=120)
def jaaropgave_pdf_maak(jaaropgave_id: int) -> None:
    """Render, store and send one yearly statement, once."""
    from .jaaropgave import jaaropgave_pdf_maak as maak

    maak(jaaropgave_id=jaaropgave_id)
