"""Statutory indexation of alimony (art. 1:402a BW).

Each 1 January the amount in force is raised by the percentage the Minister sets for that year
(art. 1:402a lid 1 BW), unless the title excludes it (lid 3). Indexation is first applied on the 1 January
after the date the amount was set; each step is rounded to cents half up and the next step compounds on the
rounded amount (the usual practice of the tables published for 1:402a BW).

A year after the last year in the table has no percentage YET (the Minister publishes it in December or
later). Such a year uses the last known amount (a step of 0%) and is marked provisional (``voorlopig``): the
law does not let us guess the percentage, and refusing would stop every statement and letter on 1 January.
When the beheerder enters the percentage, everything computed from the table is recomputed with it. A year
missing in the MIDDLE of the table is a gap in the data, not a year not yet published: it still raises.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from recht.fouten import TariefOntbreekt
from recht.geld import rond_af

__all__ = [
    "Indexatie",
    "IndexatieReeks",
    "Indexatiestap",
    "geindexeerd_bedrag",
    "indexeer",
    "is_voorlopig",
    "laatst_bekend_jaar",
]


@dataclass(frozen=True, slots=True)
class Indexatiestap:
    jaar: int
    percentage: Decimal
    bedrag: Decimal  # the amount in force from 1 January of ``jaar``, rounded
    voorlopig: bool = False  # no percentage set yet for ``jaar``: 0% used, the last known amount


@dataclass(frozen=True, slots=True)
class Indexatie:
    bedrag: Decimal  # the amount in force from 1 January of the requested year
    stappen: tuple[Indexatiestap, ...]

    @property
    def voorlopig(self) -> bool:
        return any(s.voorlopig for s in self.stappen)


def laatst_bekend_jaar(tabel: Mapping[int, Decimal]) -> int | None:
    """The last year with a percentage; later years are provisional. None for an empty table (nothing known:
    every indexed year then raises ``TariefOntbreekt``)."""
    return max(tabel, default=None)


def is_voorlopig(jaar: int, tabel: Mapping[int, Decimal]) -> bool:
    """True when ``jaar`` comes after the last year with a percentage (not published yet)."""
    laatste = laatst_bekend_jaar(tabel)
    return laatste is not None and jaar > laatste


def indexeer(*, bedrag: Decimal, vastgesteld_op: date, jaar: int, tabel: Mapping[int, Decimal]) -> Indexatie:
    """Index ``bedrag`` (set on ``vastgesteld_op``) to the amount in force from 1 January of ``jaar``.

    One step per year Y with ``vastgesteld_op.year < Y <= jaar``; a year after the table's last year is a
    provisional step of 0% (``voorlopig``), any other year missing from ``tabel`` raises ``TariefOntbreekt``.
    For ``jaar <= vastgesteld_op.year`` the amount is unchanged.
    """
    huidig = rond_af(bedrag)
    stappen: list[Indexatiestap] = []
    for y in range(vastgesteld_op.year + 1, jaar + 1):
        if y not in tabel:
            if is_voorlopig(y, tabel):
                stappen.append(Indexatiestap(jaar=y, percentage=Decimal(0), bedrag=huidig, voorlopig=True))
                continue
            raise TariefOntbreekt("indexeringspercentage", y)
        percentage = Decimal(tabel[y])
        huidig = rond_af(huidig * (1 + percentage / 100))
        stappen.append(Indexatiestap(jaar=y, percentage=percentage, bedrag=huidig))
    return Indexatie(bedrag=huidig, stappen=tuple(stappen))


def geindexeerd_bedrag(
    *, bedrag: Decimal, vastgesteld_op: date, jaar: int, tabel: Mapping[int, Decimal]
) -> Decimal:
    """Shortcut for ``indexeer(...).bedrag``."""
    return indexeer(bedrag=bedrag, vastgesteld_op=vastgesteld_op, jaar=jaar, tabel=tabel).bedrag


class IndexatieReeks:
    """``indexeer(...).bedrag`` of one amount for many years, each yearly step computed once.

    A schedule asks the indexed amount of every year an obligation has termijnen in; ``indexeer`` per year
    redoes all earlier steps (and builds their ``Indexatiestap`` rows) each time. This keeps the amounts found
    so far and continues from the last one, with the same arithmetic, so every amount and every
    ``TariefOntbreekt`` (the first year without a percentage, when a year at or after it is asked) is the
    same as ``indexeer`` gives.
    """

    __slots__ = ("_bedragen", "_bekend", "_laatste", "_start", "_tabel")

    def __init__(self, *, bedrag: Decimal, vastgesteld_op: date, tabel: Mapping[int, Decimal]) -> None:
        self._tabel = tabel
        self._bekend = laatst_bekend_jaar(tabel)
        self._start = self._laatste = vastgesteld_op.year  # _laatste: the last year whose amount is known
        self._bedragen: dict[int, Decimal] = {self._start: rond_af(bedrag)}  # every year _start.._laatste

    def bedrag(self, jaar: int) -> Decimal:
        """The amount in force from 1 January of ``jaar`` (unchanged for years up to the year it was set)."""
        gevonden = self._bedragen.get(jaar)
        if gevonden is not None:
            return gevonden
        if jaar < self._start:  # before the year the amount was set: not indexed
            return self._bedragen[self._start]
        huidig = self._bedragen[self._laatste]
        for y in range(self._laatste + 1, jaar + 1):
            if y in self._tabel:
                huidig = rond_af(huidig * (1 + Decimal(self._tabel[y]) / 100))
            elif self._bekend is None or y < self._bekend:
                raise TariefOntbreekt("indexeringspercentage", y)
            # else: provisional, the last known amount (see the module docstring)
            self._bedragen[y] = huidig
            self._laatste = y
        return huidig

    def voorlopig(self, jaar: int) -> bool:
        """True when the amount of ``jaar`` includes a provisional (not yet published) year."""
        return self._bekend is not None and jaar > self._bekend and jaar > self._start
