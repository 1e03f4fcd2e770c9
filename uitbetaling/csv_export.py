"""Streaming CSV for the accountant, in two dialects, in constant memory.

A export is a header plus an iterator of rows (tuples of str/Decimal/date/int). ``csv_stroom`` turns it into
encoded chunks: rows are written through a one-line buffer and yielded as they come, so memory stays flat
however many rows the period holds (the querysets feed it with ``.iterator(chunk_size=2000)``).

Dialects:
- ``excel_nl``: ``;`` separated, decimal comma, UTF-8 with a BOM (so Excel in Dutch opens it right);
- ``plat``: ``,`` separated, decimal point, UTF-8 without BOM (for scripts and other packages).

CSV injection (OWASP): a payer's name or a transfer's description is chosen by whoever makes the transfer. A
text cell that begins with ``=``, ``+``, ``-``, ``@``, a tab, a carriage return or a line feed would be run
as a formula by a spreadsheet, so it gets a leading ``'`` (``onschadelijk``); the csv writer quotes the cell
when it holds the separator or a quote, so a cell cannot be split into a second one that starts a formula.
Amounts, dates and counts are typed values (Decimal, date, int), never text, so a negative amount stays
``-1234,50`` and imports as a number; a text cell that is nothing but a number (``-5``, ``+31612345678``)
cannot hold a formula either and is left as it is.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.utils import timezone

from recht.geld import rond_af

__all__ = ["DIALECTEN", "Dialect", "csv_stroom", "onschadelijk", "waarde_str"]

FORMULE_BEGIN = ("=", "+", "-", "@", "\t", "\r", "\n")
_ALLEEN_GETAL = re.compile(r"[+-]?\d+(?:[.,]\d+)?", re.ASCII)


def onschadelijk(tekst: str) -> str:
    """A text cell a spreadsheet would read as a formula, with a ``'`` in front (OWASP CSV injection)."""
    if tekst.startswith(FORMULE_BEGIN) and not _ALLEEN_GETAL.fullmatch(tekst):
        return "'" + tekst
    return tekst


@dataclass(frozen=True, slots=True)
class Dialect:
    naam: str
    scheiding: str
    decimaalteken: str
    bom: bool


DIALECTEN = {
    "excel_nl": Dialect("excel_nl", ";", ",", True),
    "plat": Dialect("plat", ",", ".", False),
}


def waarde_str(waarde, dialect: Dialect) -> str:
    """One cell: amounts always with two decimals in the dialect's decimal mark, dates ISO, text made harmless
    for spreadsheets."""
    if waarde is None:
        return ""
    if isinstance(waarde, Decimal):
        return format(rond_af(waarde), "f").replace(".", dialect.decimaalteken)
    if isinstance(waarde, datetime):
        return (
            timezone.localtime(waarde).strftime("%Y-%m-%d %H:%M:%S")
            if timezone.is_aware(waarde)
            else (waarde.strftime("%Y-%m-%d %H:%M:%S"))
        )
    if isinstance(waarde, date):
        return waarde.isoformat()
    if isinstance(waarde, bool):
        return "ja" if waarde else "nee"
    if isinstance(waarde, int):
        return str(waarde)
    return onschadelijk(str(waarde))


class _Regelbuffer:
    """A file-like object that keeps only the last line csv.writer wrote."""

    def __init__(self) -> None:
        self.tekst = ""

    def write(self, s: str) -> int:
        self.tekst += s
        return len(s)

    def neem(self) -> str:
        t, self.tekst = self.tekst, ""
        return t


def csv_stroom(*, kop: list[str], rijen: Iterable[Iterable], dialect: Dialect) -> Iterator[bytes]:
    """Yield the CSV as UTF-8 bytes, a header and then about 64 KB at a time."""
    buf = _Regelbuffer()
    schrijver = csv.writer(buf, delimiter=dialect.scheiding, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    schrijver.writerow(kop)
    eerste = buf.neem()
    yield (("\ufeff" if dialect.bom else "") + eerste).encode("utf-8")
    stuk: list[str] = []
    grootte = 0
    for rij in rijen:
        schrijver.writerow([waarde_str(w, dialect) for w in rij])
        regel = buf.neem()
        stuk.append(regel)
        grootte += len(regel)
        if grootte >= 65536:
            yield "".join(stuk).encode("utf-8")
            stuk, grootte = [], 0
    if stuk:
        yield "".join(stuk).encode("utf-8")
