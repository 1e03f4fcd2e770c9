"""The arithmetic of a payment arrangement, as plain functions over plain data (no ORM).

An arrangement is proposed on one day and takes effect on the day the client approves it. Receipts matched in
between lower the arrears, so on the day it takes effect the instalments are cut back to what is then owed:
the debtor is never asked for more than the statement says he owes.
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from datetime import date
from decimal import ROUND_CEILING, Decimal

from recht.geld import NUL, rond_af


def termijnen_begrens(
    termijnen: Sequence[tuple[date, Decimal]], *, grens: Decimal
) -> list[tuple[date, Decimal]]:
    """The instalments cut back so that their total is at most ``grens``.

    The earliest instalments stay as agreed; the one that crosses the limit is lowered to what is left and
    later ones fall away, so the debtor keeps his monthly amount and simply finishes sooner. Instalments whose
    total already fits are returned unchanged (the arrangement never grows on its own).
    """
    grens = max(rond_af(grens), NUL)
    uit: list[tuple[date, Decimal]] = []
    som = NUL
    for datum, bedrag in termijnen:
        rest = grens - som
        if rest <= 0:
            break
        deel = min(rond_af(bedrag), rest)
        uit.append((datum, deel))
        som += deel
    return uit


def vervaldata_tussen(*, vervaldag: int, na: date, tot_en_met: date, einde: date | None = None) -> int:
    """How many monthly due dates (day ``vervaldag`` of each month) fall in (na, tot_en_met], not after
    ``einde``. Used to count the monthly alimony an arrangement that includes it covers."""
    laatste = min(tot_en_met, einde) if einde else tot_en_met
    aantal = 0
    jaar, maand = na.year, na.month
    while True:
        dag = min(vervaldag, calendar.monthrange(jaar, maand)[1])
        d = date(jaar, maand, dag)
        if d > laatste:
            return aantal
        if d > na:
            aantal += 1
        jaar, maand = (jaar + 1, 1) if maand == 12 else (jaar, maand + 1)


def maand_later(d: date, n: int) -> date:
    """The same day ``n`` months on; a day the month lacks becomes its last day (31 January → 28 February)."""
    m = d.month - 1 + n
    jaar, maand = d.year + m // 12, m % 12 + 1
    return date(jaar, maand, min(d.day, calendar.monthrange(jaar, maand)[1]))


def termijnen_bereken(
    *, totaal: Decimal, eerste: date, maandbedrag: Decimal | None = None, maanden: int | None = None
) -> list[tuple[date, Decimal]]:
    """Monthly instalments paying ``totaal`` from ``eerste`` on: by a monthly amount (the last instalment is
    what is left) or by a number of months (the amount per month rounded up to the cent, the last one lower).

    Exactly one of ``maandbedrag`` and ``maanden`` is given; an empty list when there is nothing to pay.
    """
    if (maandbedrag is None) == (maanden is None):
        raise ValueError("Geef een bedrag per maand of een aantal maanden, niet allebei.")
    totaal = rond_af(totaal)
    if totaal <= 0:
        return []
    if maanden is not None:
        if maanden < 1:
            raise ValueError("Het aantal maanden moet ten minste 1 zijn.")
        maandbedrag = (totaal * 100 / maanden).to_integral_value(
            rounding=ROUND_CEILING
        ) / 100  # up to the cent
    maandbedrag = rond_af(maandbedrag)
    if maandbedrag <= 0:
        raise ValueError("Het bedrag per maand moet groter zijn dan nul.")
    uit: list[tuple[date, Decimal]] = []
    rest = totaal
    while rest > 0:
        deel = min(maandbedrag, rest)
        uit.append((maand_later(eerste, len(uit)), deel))
        rest -= deel
    return uit


def binnen_regels(
    *, termijnen: Sequence[tuple[date, Decimal]], max_maanden: int, min_maandbedrag: Decimal
) -> bool:
    """Inside the client's rules: at most ``max_maanden`` instalments, and the monthly amount (the first
    instalment; the last may be the smaller rest) at least ``min_maandbedrag``. Both limits are inclusive.
    A single instalment paying everything is inside, however small: paying all at once is never worse."""
    if not termijnen or len(termijnen) > max_maanden:
        return False
    return len(termijnen) == 1 or termijnen[0][1] >= min_maandbedrag
