"""Working days per the Algemene termijnenwet (Atw, BWBR0002448).

Not a working day (Atw art. 3): Saturday, Sunday, Nieuwjaarsdag, Goede Vrijdag (lid 2), Tweede Paasdag,
Hemelvaartsdag, Tweede Pinksterdag, the day the King's birthday is celebrated (Koningsdag: 27 April, 26 April
when the 27th is a Sunday), 5 May (every year, not only in lustrum years), Eerste and Tweede Kerstdag, plus
days the government adds by decree (lid 3; passed in as ``extra``, kept in the tarieven table
``ExtraNietWerkdag``).

The holidays come from the pinned ``holidays`` package (NL, public + optional categories, which include
Goede Vrijdag and Bevrijdingsdag); 5 May is added here as well so the rule does not depend on the package's
lustrum logic. Eerste Paasdag and Eerste Pinksterdag are Sundays, so listing them changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

import holidays

__all__ = [
    "Kalender",
    "feestdagen",
    "is_werkdag",
    "termijn_einde_dagen",
    "volgende_werkdag",
    "werkdagen_na",
    "werkdagen_terug",
]

_GEEN_EXTRA: frozenset[date] = frozenset()
_DAG = timedelta(days=1)


@lru_cache(maxsize=256)
def feestdagen(jaar: int) -> frozenset[date]:
    """The Atw art. 3 lid 1 and 2 holidays of one year (without weekends or decree days)."""
    nl = holidays.country_holidays("NL", years=jaar, language="nl", categories=("public", "optional"))
    return frozenset(nl.keys()) | {date(jaar, 5, 5)}


def is_werkdag(d: date, /, *, extra: frozenset[date] = _GEEN_EXTRA) -> bool:
    """True when ``d`` is not a Saturday, Sunday, Atw holiday or a day in ``extra``."""
    return d.weekday() < 5 and d not in feestdagen(d.year) and d not in extra


def volgende_werkdag(d: date, /, *, extra: frozenset[date] = _GEEN_EXTRA) -> date:
    """``d`` itself when it is a working day, else the first working day after it."""
    while not is_werkdag(d, extra=extra):
        d += _DAG
    return d


def werkdagen_na(d: date, n: int, /, *, extra: frozenset[date] = _GEEN_EXTRA) -> date:
    """The ``n``-th working day after ``d``; ``d`` itself does not count.

    ``n == 0`` gives ``d`` when it is a working day, else the next working day.
    Example: Thursday 2 April 2026 + 2 working days = Wednesday 8 April 2026 (Goede Vrijdag 3 April and
    Tweede Paasdag 6 April do not count).
    """
    if n < 0:
        raise ValueError("werkdagen_na: het aantal werkdagen mag niet negatief zijn")
    if n == 0:
        return volgende_werkdag(d, extra=extra)
    while n:
        d += _DAG
        if is_werkdag(d, extra=extra):
            n -= 1
    return d


def werkdagen_terug(d: date, n: int, /, *, extra: frozenset[date] = _GEEN_EXTRA) -> date:
    """The ``n``-th working day before ``d``; ``d`` itself does not count (the mirror of ``werkdagen_na``)."""
    if n < 0:
        raise ValueError("werkdagen_terug: het aantal werkdagen mag niet negatief zijn")
    while n:
        d -= _DAG
        if is_werkdag(d, extra=extra):
            n -= 1
    return d


def termijn_einde_dagen(d: date, dagen: int, /, *, extra: frozenset[date] = _GEEN_EXTRA) -> date:
    """Last day of a term of ``dagen`` calendar days starting after ``d`` (Atw art. 1 and 2).

    The term ends on the ``dagen``-th calendar day after ``d``; when that is not a working day it moves to the
    next working day (art. 1 lid 1); a term of at least three days is extended until it holds at least two
    working days (art. 2). Example (DOMAIN.md): letter Thursday 2 April 2026 + 5 days ends on Tuesday
    7 April, which is the only working day in the term (3 April Goede Vrijdag, 6 April Tweede Paasdag), so it
    is extended to Wednesday 8 April 2026.
    """
    if dagen < 1:
        raise ValueError("termijn_einde_dagen: een termijn duurt ten minste één dag")
    einde = volgende_werkdag(d + timedelta(days=dagen), extra=extra)
    if dagen >= 3:
        werkdagen = sum(
            1 for i in range(1, (einde - d).days + 1) if is_werkdag(d + timedelta(days=i), extra=extra)
        )
        while werkdagen < 2:
            einde = volgende_werkdag(einde + _DAG, extra=extra)
            werkdagen += 1
    return einde


@dataclass(frozen=True)
class Kalender:
    """The one calendar: the Atw days plus the decree days (art. 3 lid 3) the beheerder entered.

    Apps get it from ``tarieven.selectors.kalender()``, which reads the decree days once; that way no caller
    can count working days without them (a deadline that forgets a decree day is a deadline a day early).
    """

    besluitdagen: frozenset[date] = _GEEN_EXTRA

    def is_werkdag(self, d: date, /) -> bool:
        return is_werkdag(d, extra=self.besluitdagen)

    def volgende_werkdag(self, d: date, /) -> date:
        return volgende_werkdag(d, extra=self.besluitdagen)

    def werkdagen_na(self, d: date, n: int, /) -> date:
        return werkdagen_na(d, n, extra=self.besluitdagen)

    def werkdagen_terug(self, d: date, n: int, /) -> date:
        return werkdagen_terug(d, n, extra=self.besluitdagen)

    def termijn_einde_dagen(self, d: date, dagen: int, /) -> date:
        return termijn_einde_dagen(d, dagen, extra=self.besluitdagen)
