"""Statutory interest (wettelijke rente, art. 6:119 BW), only when a dossier asks for it.

Art. 6:119 lid 1 BW: the damages for late payment of a sum of money are the statutory interest over the
period of default. Lid 2: at the end of each year the amount the interest is computed over is increased by
the interest due over that year (yearly compounding). The rate is set by decree (art. 6:120 lid 2 BW) and
changes on given dates: it is passed in as a list of ``(vanaf, percentage)`` rows.

Computation: interest runs over the days from ``vanaf`` (first day of default) up to but not including
``tot`` (the day of payment or the reference date). Each interest year runs from an anniversary of
``vanaf`` to the next; inside it, each stretch with one rate earns
``grondslag x percentage/100 x dagen / dagen_in_dat_rentejaar`` (so a whole year at one rate earns exactly
the percentage, leap year or not), rounded to cents half up. At the end of each whole interest year the
year's interest is added to the base.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from recht.fouten import OngeldigeInvoer, TariefOntbreekt
from recht.geld import NUL, rond_af
from recht.verjaring import plus_jaren

__all__ = ["Renteberekening", "Renteperiode", "rente_percentage", "wettelijke_rente"]


@dataclass(frozen=True, slots=True)
class Renteperiode:
    van: date  # first day
    tot: date  # first day after the period
    dagen: int
    percentage: Decimal
    grondslag: Decimal
    rente: Decimal


@dataclass(frozen=True, slots=True)
class Renteberekening:
    hoofdsom: Decimal
    rente: Decimal
    perioden: tuple[Renteperiode, ...]


def rente_percentage(*, datum: date, tarieven: Sequence[tuple[date, Decimal]]) -> Decimal:
    """The rate of the last row with ``vanaf <= datum``; ``TariefOntbreekt`` when no row covers ``datum``."""
    geldig = [(vanaf, pct) for vanaf, pct in tarieven if vanaf <= datum]
    if not geldig:
        raise TariefOntbreekt("wettelijke rente", datum.isoformat())
    return Decimal(max(geldig, key=lambda r: r[0])[1])


def wettelijke_rente(
    *, hoofdsom: Decimal, vanaf: date, tot: date, tarieven: Sequence[tuple[date, Decimal]]
) -> Renteberekening:
    """Statutory interest on ``hoofdsom`` from ``vanaf`` (inclusive) to ``tot`` (exclusive), compounded yearly."""
    if hoofdsom < 0:
        raise OngeldigeInvoer("hoofdsom", "De hoofdsom mag niet negatief zijn.")
    if tot < vanaf:
        raise OngeldigeInvoer("tot", "De einddatum ligt vóór de begindatum.")
    wissels = sorted({v for v, _ in tarieven})
    grondslag = rond_af(hoofdsom)
    perioden: list[Renteperiode] = []
    jaar_start, n = vanaf, 0
    while jaar_start < tot:
        n += 1
        jaar_einde = plus_jaren(vanaf, n)
        lengte = (jaar_einde - jaar_start).days
        stop = min(jaar_einde, tot)
        grenzen = [jaar_start, *(w for w in wissels if jaar_start < w < stop), stop]
        jaarrente = NUL
        for van, tot_ in zip(grenzen, grenzen[1:], strict=False):
            pct = rente_percentage(datum=van, tarieven=tarieven)
            dagen = (tot_ - van).days
            rente = rond_af(grondslag * pct / 100 * dagen / lengte)
            perioden.append(
                Renteperiode(van=van, tot=tot_, dagen=dagen, percentage=pct, grondslag=grondslag, rente=rente)
            )
            jaarrente += rente
        # At the end of a whole interest year the year's interest joins the base (art. 6:119 lid 2 BW);
        # after a broken last year no further period follows, so the base is not used again.
        grondslag += jaarrente
        jaar_start = jaar_einde
    totaal = sum((p.rente for p in perioden), NUL)
    return Renteberekening(hoofdsom=rond_af(hoofdsom), rente=totaal, perioden=tuple(perioden))
