"""Bailiff deadlines and working hours.

- Betekening of the executoriale titel with an order to pay **within 2 days** (Rv art. 439 lid 2 bevel).
- Overbetekening of a derdenbeslag (loon- or bankbeslag) to the debtor **within 8 days** (Rv art. 475i).
- The third party's declaration (derdenverklaring) **within 4 weeks** (Rv art. 476a; 4 weeks = 28 days).
- Each is a term set by law, so the Algemene termijnenwet applies: a term ending on a Saturday, Sunday or
  holiday moves to the next working day (Atw art. 1) and a term of 3 days or more holds at least 2 working
  days (Atw art. 2) — both implemented by ``recht.kalender.termijn_einde_dagen``.
- Bailiffs act 07:00–20:00, Monday to Saturday, and not on an algemeen erkende feestdag (Rv art. 64): the days of
  Atw art. 3 — which names "de vijfde mei" every year, not only in lustrum years — and the days the government
  adds by decree (Atw art. 3 lid 3, table ``ExtraNietWerkdag``), unless a court allows otherwise. Every bailiff
  term, the third party's declaration included, uses that same calendar (``extra``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from enum import StrEnum

from recht.fouten import OngeldigeInvoer
from recht.kalender import feestdagen, termijn_einde_dagen

__all__ = [
    "BEZOEK_BEGIN",
    "BEZOEK_EINDE",
    "TERMIJNEN",
    "DeurwaarderTermijn",
    "Termijnsoort",
    "bezoek_toets",
    "uiterste_datum",
]

BEZOEK_BEGIN = time(7, 0)
BEZOEK_EINDE = time(20, 0)


class Termijnsoort(StrEnum):
    BEVEL = "bevel"
    OVERBETEKENING = "overbetekening"
    DERDENVERKLARING = "derdenverklaring"


@dataclass(frozen=True, slots=True)
class DeurwaarderTermijn:
    dagen: int
    artikel: str
    omschrijving: str


TERMIJNEN: dict[Termijnsoort, DeurwaarderTermijn] = {
    Termijnsoort.BEVEL: DeurwaarderTermijn(
        2, "Rv art. 439; Atw art. 1", "betalen binnen 2 dagen na betekening"
    ),
    Termijnsoort.OVERBETEKENING: DeurwaarderTermijn(
        8, "Rv art. 475i; Atw art. 1–2", "overbetekening binnen 8 dagen"
    ),
    Termijnsoort.DERDENVERKLARING: DeurwaarderTermijn(
        28, "Rv art. 476a; Atw art. 1–2", "verklaring van de derde binnen 4 weken"
    ),
}


def uiterste_datum(soort: Termijnsoort | str, vanaf: date, *, extra: frozenset[date] = frozenset()) -> date:
    """The last day of the statutory term that starts the day after `vanaf` (the act's date)."""
    t = TERMIJNEN[Termijnsoort(soort)]
    return termijn_einde_dagen(vanaf, t.dagen, extra=extra)


def bezoek_toets(moment: datetime, *, extra: frozenset[date] = frozenset()) -> None:
    """Refuse a visit outside the bailiff's hours (raises OngeldigeInvoer on field `gepland_op`).

    `moment` is local time (Europe/Amsterdam); aware datetimes are judged by their own wall clock. `extra` are
    the decree days (Atw art. 3 lid 3) the rest of the app also treats as holidays.
    """
    dag = moment.date()
    tijd = moment.time().replace(tzinfo=None)
    if moment.weekday() == 6:
        raise OngeldigeInvoer("gepland_op", "Een deurwaarder werkt niet op zondag (Rv art. 64).")
    if dag in feestdagen(dag.year) or dag in extra:
        raise OngeldigeInvoer(
            "gepland_op", "Een deurwaarder werkt niet op een algemeen erkende feestdag (Rv art. 64)."
        )
    if tijd < BEZOEK_BEGIN or tijd > BEZOEK_EINDE:
        raise OngeldigeInvoer(
            "gepland_op", "Een deurwaarder werkt alleen tussen 07:00 en 20:00 uur (Rv art. 64)."
        )
