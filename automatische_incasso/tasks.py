"""Celery tasks of SEPA direct debit: thin, idempotent."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="automatische_incasso.tasks.incassobatch_voorbereiden", acks_late=True, max_retries=3)
def incassobatch_voorbereiden() -> int | None:
    """The weekly beat: prepare a collection batch of the terms due in the coming days. A term is in at most
    one live collection (unique constraint), so a second run prepares nothing twice."""
    from .services import incassobatch_maak

    batch = incassobatch_maak(door=None)
    return batch.id if batch else None
