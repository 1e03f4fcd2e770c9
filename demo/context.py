"""What the writers of a dossier's history share: the dossier's context while its history is written, and
the rounding and date helpers of the demo's payments."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.utils import timezone

from demo.plan import DemoDossier


def rond5(bedrag) -> Decimal:
    """Down to whole multiples of 5 euro (what people transfer), at least 5."""
    return Decimal(max(5, int(bedrag) // 5 * 5)).quantize(Decimal("0.01"))


def plus_maand(d: date, dag: int) -> date:
    return date(d.year + (d.month == 12), d.month % 12 + 1, dag)


@dataclass
class Ctx:
    """One dossier while its history is written: the plan (``d``), its row (``dos``), its allocation state
    (``t``, a ``demo.geld.Toerekenaar``), its own ``Random`` and the monthly amounts due."""

    d: DemoDossier
    dos: object
    t: object
    rng: random.Random
    maanden: list
    client_rekening: int = 0
    door_id: int | None = None
    vervaldag: int = 1
    laatste: datetime | None = None
    # Receipts as (date, amount), what ``dossier_betalingen`` lists (no bailiff costs before an arrangement).
    ontvangen: list = field(default_factory=list)

    def zie(self, moment: datetime) -> None:
        if self.laatste is None or moment > self.laatste:
            self.laatste = min(moment, timezone.now())


def moment_om(d: date, uur: int, minuut: int = 0) -> datetime:
    """A moment in the project's time zone (zoneinfo: no DST ambiguity at these hours)."""
    return datetime(d.year, d.month, d.day, uur, minuut, tzinfo=timezone.get_current_timezone())
