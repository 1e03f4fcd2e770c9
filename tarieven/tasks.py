"""Periodic checks of the tables (thin: each calls one service)."""

from __future__ import annotations

from celery import shared_task

from tarieven.services import indexatie_taak_controleer


@shared_task(acks_late=True, time_limit=60)
def indexatie_controle() -> str | None:
    """Idempotent: the beheerder has one task per missing indexation year (see the service)."""
    taak = indexatie_taak_controleer()
    return taak.sleutel if taak else None
