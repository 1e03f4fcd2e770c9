"""Streaming CSV for the accountant, in two dialects, in constant memory.

A export is a header plus an iterator of rows (tuples of str/Decimal/date/int). ``csv_stroom`` turns it into
encoded chunks: rows are written through a one-line buffer and yielded as they come, so memory stays flat
however many rows the period holds (the querysets feed it with ``.iterator(chunk_size=2000)``).

Dialects:
- ``excel_nl``: ``;`` separated, decimal comma, UTF-8 with a BOM (so Excel in Dutch opens it right);
- ``plat``: ``,`` separated, decimal point, UTF-8 without BOM (for scripts and other packages).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.utils import timezone

from nlai.geld import rond_af

__all__ = ["DIALECTEN", "Dialect", "csv_stroom", "waarde_str"]


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
    """One cell: amounts always with two decimals in the dialect's decimal mark, dates ISO."""
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
    return str(waarde)


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
