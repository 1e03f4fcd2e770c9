"""Periodic checks of the tables (thin: each calls one service)."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from tarieven.tabeltaken import tabeltaken_controleer


@shared_task(name="tarieven.tasks.tabeltaken_controle", acks_late=True, time_limit=120)
def tabeltaken_controle() -> dict:
    """Hourly and idempotent: the beheerder has one task per table row that is due and missing (the BVV maxima
    and norms of a half-year that has begun, next year's indexation percentage from 1 December)."""
    return tabeltaken_controleer(vandaag=timezone.localdate())
