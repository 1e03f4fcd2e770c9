"""Bank statement files (CAMT.053 and MT940) read into one plain structure.

``lees_bankbestand(inhoud)`` detects the format and returns a ``Bankbestand``; any defect raises
``BestandFout`` with the line number and a Dutch reason, before anything is stored: a file is accepted whole
or not at all. Only euro accounts are processed.

Each entry gets a ``referentie`` that is unique per account and stable across imports: the bank's own
reference (CAMT ``AcctSvcrRef``, else ``EndToEndId``; MT940 the bank reference after ``//``) or, where the
bank gives none, a content hash (account, date, amount, counterparty, description, and how many identical
entries came before it in the file), so importing the same file twice adds nothing.

A file holds the statements of exactly one account (a second account is refused whole), and no amount larger
than ``GROOTSTE_BEDRAG``: see there for why.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

__all__ = ["GROOTSTE_BEDRAG", "Bankbestand", "Bankregelgegevens", "BestandFout", "lees_bankbestand"]

# The money columns (``DecimalField(max_digits=14, decimal_places=2)``) hold at most 999,999,999,999.99, and
# booking an entry adds it to running balances in such columns (``bank_derdengelden``, ``ongealloceerd``, a
# client's balance). An entry of 999,999,999,999.99 fits its own column but overflows the first balance it
# is added to, halfway through a booking. So one entry, and the total of one file, is limited to a thousandth
# of the column: a file can never carry a balance past what its column holds, and no alimony payment comes
# near it.
GROOTSTE_BEDRAG = Decimal("999999999.99")


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


def bedragen_controleer(ruw: list[dict]) -> None:
    """Refuse (with the entry's line) an amount, or a running total of the file, above ``GROOTSTE_BEDRAG``."""
    totaal = Decimal(0)
    for r in ruw:
        bedrag = abs(r["bedrag"])
        if bedrag > GROOTSTE_BEDRAG:
            raise BestandFout(
                f"Het bedrag {bedrag:.2f} is groter dan het hoogste bedrag dat wordt verwerkt "
                f"({GROOTSTE_BEDRAG:.2f}); controleer het bestand bij de bank.",
                r["regelnummer"],
            )
        totaal += bedrag
        if totaal > GROOTSTE_BEDRAG:
            raise BestandFout(
                f"Het totaal van de boekingen tot en met deze regel ({totaal:.2f}) is groter dan het "
                f"hoogste bedrag dat in één bestand wordt verwerkt ({GROOTSTE_BEDRAG:.2f}); "
                "lever het afschrift in delen aan.",
                r["regelnummer"],
            )


def uniek_maken(iban: str, ruw: list[dict]) -> list[Bankregelgegevens]:
    """Check the amounts, then give each entry its reference: the bank's, made unique within the file (one
    bank reference can cover several transactions), or a content hash with an occurrence counter."""
    bedragen_controleer(ruw)
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
