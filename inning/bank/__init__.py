"""Bank statement files (CAMT.053 and MT940) read into one plain structure.

``lees_bankbestand(inhoud)`` detects the format and returns a ``Bankbestand``; any defect raises
``BestandFout`` with the line number and a Dutch reason, before anything is stored: a file is accepted whole
or not at all. Only euro accounts are processed.

Each entry gets a ``referentie`` that is unique per account and stable across imports: the bank's own
reference (CAMT ``AcctSvcrRef``, else ``EndToEndId``; MT940 the bank reference after ``//``) or, where the
bank gives none, a content hash (account, date, amount, counterparty, description, and how many identical
entries came before it in the file), so importing the same file twice adds nothing.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

__all__ = ["Bankbestand", "Bankregelgegevens", "BestandFout", "lees_bankbestand"]


class BestandFout(ValueError):
    def __init__(self, reden: str, regel: int | None = None):
        self.reden = reden
        self.regel = regel
        super().__init__(str(self))

    def __str__(self) -> str:
        if self.regel:
            return f"Regel {self.regel}: {self.reden}"
        return self.reden


@dataclass(frozen=True)
class Bankregelgegevens:
    regelnummer: int  # line in the file where the entry starts
    referentie: str
    datum: date
    bedrag: Decimal  # credit positive, debit negative
    tegenrekening: str = ""
    tegenpartij: str = ""
    omschrijving: str = ""
    kenmerk: str = ""
    end_to_end_id: str = ""


@dataclass
class Bankbestand:
    formaat: str
    iban: str
    afschrift_id: str = ""
    eindsaldo: Decimal | None = None
    eindsaldo_datum: date | None = None
    regels: list[Bankregelgegevens] = field(default_factory=list)


def inhoud_hash(iban: str, datum: date, bedrag: Decimal, *delen: str) -> str:
    h = hashlib.sha256("|".join([iban, datum.isoformat(), str(bedrag), *delen]).encode()).hexdigest()
    return f"hash:{h[:40]}"


def uniek_maken(iban: str, ruw: list[dict]) -> list[Bankregelgegevens]:
    """Give each entry its reference: the bank's, made unique within the file (one bank reference can
    cover several transactions), or a content hash with an occurrence counter."""
    gezien: dict[str, int] = {}
    uit = []
    for r in ruw:
        basis = r.pop("bank_ref") or inhoud_hash(
            iban,
            r["datum"],
            r["bedrag"],
            r.get("tegenrekening", ""),
            r.get("omschrijving", ""),
            r.get("kenmerk", ""),
        )
        n = gezien.get(basis, 0)
        gezien[basis] = n + 1
        uit.append(Bankregelgegevens(referentie=basis if n == 0 else f"{basis}#{n + 1}", **r))
    return uit


# The last file read, by content hash: ``bankafschrift_maak`` reads a file to check it and
# ``bankafschrift_verwerk`` reads the stored copy again; in one process (the command, a test) the second
# read of a 50,000-entry file is then free. Callers only read the result.
_LAATSTE: tuple[str, Bankbestand] | None = None


def lees_bankbestand(inhoud: bytes) -> Bankbestand:
    """Read a CAMT.053 (XML) or MT940 file. Raises ``BestandFout``."""
    global _LAATSTE
    sleutel = hashlib.sha256(inhoud).hexdigest()
    if _LAATSTE is not None and _LAATSTE[0] == sleutel:
        return _LAATSTE[1]
    bestand = _lees(inhoud)
    _LAATSTE = (sleutel, bestand)
    return bestand


def _lees(inhoud: bytes) -> Bankbestand:
    if not inhoud or not inhoud.strip():
        raise BestandFout("Het bestand is leeg.")
    begin = inhoud.lstrip(b"\xef\xbb\xbf \t\r\n")
    if begin.startswith(b"<"):
        from .camt import lees_camt053

        return lees_camt053(inhoud)
    if b":20:" in inhoud[:2000] or b":61:" in inhoud:
        from .mt940 import lees_mt940

        return lees_mt940(inhoud)
    raise BestandFout("Onbekend bestandsformaat: lever een CAMT.053- (XML) of MT940-bestand aan.", 1)
