"""SEPA Core direct debit law, pure: the creditor identifier's check digits and the TARGET2 calendar.

Creditor identifier (EPC262-08, "Creditor Identifier overview"): country code, two check digits, a three
character business code (``ZZZ`` in the Netherlands) and the national identifier (the KvK number with a
suffix). The check digits are ISO 7064 MOD 97-10 over the national identifier followed by the country code
and ``00`` (the business code is left out, so an agency may use several), letters as 10..35.

TARGET2 closing days (ECB): Saturday, Sunday, 1 January, Good Friday, Easter Monday, 1 May, 25 and 26
December. Not the Atw calendar (``recht.kalender``): the banks settle on TARGET2 days, Koningsdag and
Hemelvaart included.

Lead time chosen (``AANLEVERTIJD``): the Core rulebook asks the file at the debtor bank by D-1 (one TARGET2
day before the due date, for FRST and RCUR alike since November 2016). Our file is made when a second
financieel user approves it and is uploaded after the download, often the next morning, and several Dutch
banks still ask D-2 for a first collection: we require **two** TARGET2 days between the day the file is
made and the due date, for FRST and RCUR alike.

Pre-notification chosen (``VOORAANKONDIGING_DAGEN``): the rulebook's default is 14 calendar days unless the
parties agree a shorter period; our mandate text agrees **5 calendar days**, and the notice goes out when the
collection is prepared, which is at least that many days before the due date.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from functools import lru_cache

__all__ = [
    "AANLEVERTIJD",
    "VOORAANKONDIGING_DAGEN",
    "incassant_id_controlecijfers",
    "incassant_id_geldig",
    "is_target2_dag",
    "pasen",
    "target2_dagen_na",
    "target2_op_of_voor",
]

AANLEVERTIJD = {"FRST": 2, "RCUR": 2}  # TARGET2 days between making the file and the due date
VOORAANKONDIGING_DAGEN = 5  # calendar days, agreed in the mandate text (rulebook default 14)

INCASSANT_ID_RE = re.compile(r"^([A-Z]{2})(\d{2})([A-Z0-9]{3})([A-Z0-9]{8,28})$")
_DAG = timedelta(days=1)


def _mod97(tekens: str) -> int:
    cijfers = "".join(str(int(t, 36)) for t in tekens)
    return int(cijfers) % 97


def incassant_id_controlecijfers(*, land: str, nationaal: str) -> str:
    """The two check digits of a creditor identifier for ``land`` + national identifier."""
    return f"{98 - _mod97(nationaal.upper() + land.upper() + '00'):02d}"


def incassant_id_geldig(waarde: str) -> bool:
    """True for a well-formed creditor identifier whose check digits are right (``NL98ZZZ...``)."""
    m = INCASSANT_ID_RE.match((waarde or "").replace(" ", "").upper())
    if not m:
        return False
    land, controle, _bedrijfscode, nationaal = m.groups()
    return incassant_id_controlecijfers(land=land, nationaal=nationaal) == controle


def pasen(jaar: int) -> date:
    """Easter Sunday (Gregorian calendar; the anonymous algorithm of Meeus/Jones/Butcher)."""
    a, b, c = jaar % 19, jaar // 100, jaar % 100
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    ll = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ll) // 451
    maand, dag = divmod(h + ll - 7 * m + 114, 31)
    return date(jaar, maand, dag + 1)


@lru_cache(maxsize=64)
def _sluitingsdagen(jaar: int) -> frozenset[date]:
    paasdag = pasen(jaar)
    return frozenset(
        {
            date(jaar, 1, 1),
            paasdag - 2 * _DAG,  # Good Friday
            paasdag + _DAG,  # Easter Monday
            date(jaar, 5, 1),
            date(jaar, 12, 25),
            date(jaar, 12, 26),
        }
    )


def is_target2_dag(d: date, /) -> bool:
    return d.weekday() < 5 and d not in _sluitingsdagen(d.year)


def target2_dagen_na(d: date, n: int, /) -> date:
    """The ``n``-th TARGET2 day after ``d``."""
    while n > 0:
        d += _DAG
        if is_target2_dag(d):
            n -= 1
    return d


def target2_op_of_voor(d: date, /) -> date:
    """``d`` when TARGET2 is open, else the TARGET2 day before it (collect early rather than late)."""
    while not is_target2_dag(d):
        d -= _DAG
    return d
