"""The arithmetic of a payment arrangement, as plain functions over plain data (no ORM).

An arrangement is proposed on one day and takes effect on the day the client approves it. Receipts matched in
between lower the arrears, so on the day it takes effect the instalments are cut back to what is then owed:
the debtor is never asked for more than the statement says he owes.
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from datetime import date
from decimal import Decimal

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
