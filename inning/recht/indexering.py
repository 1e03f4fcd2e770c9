"""Statutory indexation of alimony (art. 1:402a BW).

Each 1 January the amount in force is raised by the percentage the Minister sets for that year
(art. 1:402a lid 1 BW), unless the title excludes it (lid 3). Indexation is first applied on the 1 January
after the date the amount was set; each step is rounded to cents half up and the next step compounds on the
rounded amount (the usual practice of the tables published for 1:402a BW).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from inning.recht.fouten import TariefOntbreekt
from nlai.geld import rond_af

__all__ = ["Indexatie", "Indexatiestap", "geindexeerd_bedrag", "indexeer"]


@dataclass(frozen=True, slots=True)
class Indexatiestap:
    jaar: int
    percentage: Decimal
    bedrag: Decimal  # the amount in force from 1 January of ``jaar``, rounded


@dataclass(frozen=True, slots=True)
class Indexatie:
    bedrag: Decimal  # the amount in force from 1 January of the requested year
    stappen: tuple[Indexatiestap, ...]


def indexeer(*, bedrag: Decimal, vastgesteld_op: date, jaar: int, tabel: Mapping[int, Decimal]) -> Indexatie:
    """Index ``bedrag`` (set on ``vastgesteld_op``) to the amount in force from 1 January of ``jaar``.

    One step per year Y with ``vastgesteld_op.year < Y <= jaar``; a year missing from ``tabel`` raises
    ``TariefOntbreekt``. For ``jaar <= vastgesteld_op.year`` the amount is unchanged.
    """
    huidig = rond_af(bedrag)
    stappen: list[Indexatiestap] = []
    for y in range(vastgesteld_op.year + 1, jaar + 1):
        if y not in tabel:
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
