"""Allocation of a payment (toerekening van betalingen, art. 6:43 and 6:44 BW).

Art. 6:44 lid 1 BW: a payment on a debt goes first to the costs, then to the interest due, and only then to
the principal. Art. 6:43 lid 1 BW: the debtor may designate which debt (here: which termijn) a payment is
for; without a designation, art. 6:43 lid 2 BW allocates to the debt that is due (opeisbaar), and among
those to the most burdensome, which for alimony termijnen of equal weight is the oldest.

Within principal this module applies the agency's reading of those rules:

1. termijnen due on or before the payment date that are still open and not barred on that date, oldest first;
2. then termijnen due later (a prepayment), earliest first;
3. then termijnen barred on the payment date, oldest first (a barred claim is a natural obligation, art. 6:3
   BW: a payment on it is valid, but it is the least burdensome for the debtor, so it comes last);
4. what is left is the remainder (``rest``: paid too much).

A designated termijn (art. 6:43 lid 1) is served right after costs and interest (art. 6:44 lid 1 cannot be
set aside by the debtor's designation). The debtor designates by naming the month in the payment's
description ("alimentatie maart 2026"): ``aanwijzing_lees`` reads it, and every periodic termijn of that
month (one per obligation) is designated; what is left after them goes by the order above. A description
naming two different months designates nothing (we cannot tell which the debtor meant), and neither does one
naming a month without its year.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from recht.fouten import OngeldigeInvoer
from recht.geld import NUL, rond_af

__all__ = [
    "Deel",
    "OpenTermijn",
    "ToerekeningUitkomst",
    "aanwijzing_lees",
    "toereken_ontvangst",
    "volgorde_termijnen",
]

Maand = tuple[int, int]  # (year, month)

_MAANDEN = {
    "januari": 1, "jan": 1, "februari": 2, "feb": 2, "maart": 3, "mrt": 3, "mar": 3, "april": 4, "apr": 4,
    "mei": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7, "augustus": 8, "aug": 8, "september": 9, "sep": 9,
    "sept": 9, "oktober": 10, "okt": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip
_AANWIJZING = re.compile(
    r"(?<![a-z])(" + "|".join(sorted(_MAANDEN, key=len, reverse=True)) + r")\.?\s*'?((?:19|20)\d\d)(?!\d)",
    re.IGNORECASE,
)


def aanwijzing_lees(omschrijving: str) -> Maand | None:
    """The month a payment's description designates (art. 6:43 lid 1 BW): a Dutch month name or its usual
    abbreviation followed by a four-digit year ("alimentatie maart 2026", "mrt 2026"). None when it names no
    month with a year, or two different ones."""
    gevonden = {(int(j), _MAANDEN[m.lower()]) for m, j in _AANWIJZING.findall(omschrijving or "")}
    return gevonden.pop() if len(gevonden) == 1 else None


@dataclass(frozen=True, slots=True)
class OpenTermijn:
    sleutel: Hashable  # the caller's id for the termijn (index, primary key, ...)
    vervaldatum: date
    open: Decimal
    verjaringseinde: date | None = None  # None: limitation is not tracked for this item
    maand: Maand | None = None  # the month a periodic termijn is for; None for a one-off sum


@dataclass(frozen=True, slots=True)
class Deel:
    sleutel: Hashable
    bedrag: Decimal


@dataclass(frozen=True, slots=True)
class ToerekeningUitkomst:
    kosten: Decimal
    rente: Decimal
    termijnen: tuple[Deel, ...]  # only the termijnen that received something, in allocation order
    rest: Decimal  # not allocated: paid too much
    aangewezen: bool = False  # a designated termijn (art. 6:43 lid 1) received a part of the payment

    @property
    def hoofdsom(self) -> Decimal:
        return sum((d.bedrag for d in self.termijnen), NUL)

    @property
    def toegerekend(self) -> Decimal:
        return self.kosten + self.rente + self.hoofdsom


def _groep(t: OpenTermijn, datum: date) -> int:
    if t.verjaringseinde is not None and datum > t.verjaringseinde:
        return 2  # barred on the payment date
    if t.vervaldatum <= datum:
        return 0  # due and enforceable
    return 1  # not yet due: a prepayment


def _is_aangewezen(t: OpenTermijn, aangewezen: Hashable | None, aanwijzing: Maand | None) -> bool:
    return (aangewezen is not None and t.sleutel == aangewezen) or (
        aanwijzing is not None and t.maand == aanwijzing
    )


def volgorde_termijnen(
    *,
    termijnen: Sequence[OpenTermijn],
    datum: date,
    aangewezen: Hashable | None = None,
    aanwijzing: Maand | None = None,
) -> list[OpenTermijn]:
    """The open termijnen in the order a payment on ``datum`` is allocated to them (ties: input order):
    first the designated ones (``aangewezen``: one termijn's key; ``aanwijzing``: every termijn of a month),
    then the order of the module docstring."""
    geordend = sorted(
        enumerate(termijnen),
        key=lambda it: (not _is_aangewezen(it[1], aangewezen, aanwijzing),
                        _groep(it[1], datum), it[1].vervaldatum, it[0]),
    )  # fmt: skip
    return [t for _, t in geordend if t.open > 0]


def toereken_ontvangst(
    *,
    bedrag: Decimal,
    datum: date,
    termijnen: Sequence[OpenTermijn],
    kosten: Decimal = NUL,
    rente: Decimal = NUL,
    aangewezen: Hashable | None = None,
    aanwijzing: Maand | None = None,
) -> ToerekeningUitkomst:
    """Split ONE receipt of ``bedrag`` over open costs, open interest and open termijnen (art. 6:43/6:44 BW).

    ``kosten`` and ``rente`` are the amounts still open; ``termijnen`` the open principal. Returns how much goes
    to each and the remainder. No part ever exceeds what is open, and
    ``kosten + rente + hoofdsom + rest == bedrag``.
    """
    bedrag = rond_af(bedrag)
    for naam, waarde in (("bedrag", bedrag), ("kosten", kosten), ("rente", rente)):
        if waarde < 0:
            raise OngeldigeInvoer(naam, "Het bedrag mag niet negatief zijn.")
    if any(t.open < 0 for t in termijnen):
        raise OngeldigeInvoer("termijnen", "Een open bedrag mag niet negatief zijn.")
    over = bedrag
    naar_kosten = min(over, rond_af(kosten))
    over -= naar_kosten
    naar_rente = min(over, rond_af(rente))
    over -= naar_rente
    delen: list[Deel] = []
    aangewezen_bediend = False
    for t in volgorde_termijnen(
        termijnen=termijnen, datum=datum, aangewezen=aangewezen, aanwijzing=aanwijzing
    ):
        if over == 0:
            break
        deel = min(over, rond_af(t.open))
        delen.append(Deel(sleutel=t.sleutel, bedrag=deel))
        aangewezen_bediend = aangewezen_bediend or _is_aangewezen(t, aangewezen, aanwijzing)
        over -= deel
    return ToerekeningUitkomst(
        kosten=naar_kosten, rente=naar_rente, termijnen=tuple(delen), rest=over, aangewezen=aangewezen_bediend
    )
