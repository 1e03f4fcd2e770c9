"""Celery tasks of the dossiers app: idempotent, each calls one service."""

from celery import shared_task


@shared_task(name="dossiers.tasks.bewaartermijn_toepas", acks_late=True, max_retries=0, time_limit=3600)
def bewaartermijn_toepas_taak() -> int:
    """Daily: anonymise what has passed the AVG retention period; returns the id of the run's log row."""
    from .privacy import bewaartermijn_toepas

    return bewaartermijn_toepas().pk
