"""The shapes of a bank statement file as ``bank.lezen`` reads it, shared with the two format readers
(``bank.camt``, ``bank.mt940``)."""

from __future__ import annotations

import gzip
import hashlib
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

__all__ = [
    "Bankbestand",
    "Bankkop",
    "Bankregelgegevens",
    "BestandFout",
    "inhoud_hash",
    "inhoud_inpakken",
    "inhoud_uitpakken",
]

GZIP_MAGIC = b"\x1f\x8b"


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
    retourcode: str = ""  # the reason of a SEPA return (CAMT ``RtrInf/Rsn/Cd``: AM04, MD06, ...)


@dataclass
class Bankkop:
    """What the first pass keeps of a file: its header, and the count, total and last date of its entries
    (the second pass checks it reads the same count and total)."""

    formaat: str
    iban: str = ""
    afschrift_id: str = ""
    eindsaldo: Decimal | None = None
    eindsaldo_datum: date | None = None
    aantal: int = 0
    totaal: Decimal = Decimal(0)  # signed sum of the entries
    laatste_datum: date | None = None


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


def inhoud_inpakken(inhoud: bytes) -> bytes:
    """The file as it is stored (``Bankafschrift.inhoud``): gzip-compressed. A day's CAMT.053 of 50,000 entries
    is 40 MB of XML that compresses about fifteenfold; sent uncompressed as one bytea parameter it was copied
    several times over by the driver (``make bench``, bank_import at 10,000 dossiers: peak 1,013 MB before,
    490 MB after; issue 18)."""
    return gzip.compress(inhoud, compresslevel=5, mtime=0)


def inhoud_uitpakken(opgeslagen: bytes | memoryview) -> bytes:
    """The file as the bank sent it. Statements stored before compression (plain XML or MT940, which never
    start with gzip's magic bytes) come back as they are."""
    opgeslagen = bytes(opgeslagen)
    if opgeslagen[:2] == GZIP_MAGIC:
        return gzip.decompress(opgeslagen)
    return opgeslagen
