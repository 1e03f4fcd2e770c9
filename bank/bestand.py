"""The shapes of a bank statement file as ``bank.lezen`` reads it, shared with the two format readers
(``bank.camt``, ``bank.mt940``), and how the file is held: never whole in memory as ``bytes`` of its size.

A file is handed in as ``bytes`` (tests, small files) or as a binary file object (an upload, a file on disk,
the stored statement unpacked as it is read: ``inhoud_openen``). Every pass over it starts with
``bron_openen``, which rewinds the file object, so the two passes of ``bank.lezen`` read the same stream
twice instead of a copy held in between. It is stored gzip-compressed, compressed while it is read in
pieces (``inhoud_inpakken``).
"""

from __future__ import annotations

import gzip
import hashlib
import io
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import IO

__all__ = [
    "Bankbestand",
    "Bankkop",
    "Bankregelgegevens",
    "BestandFout",
    "Inhoud",
    "bron_openen",
    "inhoud_hash",
    "inhoud_openen",
    "inhoud_inpakken",
    "inhoud_uitpakken",
]

GZIP_MAGIC = b"\x1f\x8b"
STUK = 1 << 20  # read and compressed a megabyte at a time

# A statement file: its bytes, or a binary file object that can be rewound (``seek(0)``).
Inhoud = bytes | bytearray | memoryview | IO[bytes]


def bron_openen(inhoud: Inhoud) -> IO[bytes]:
    """The file at its start: bytes wrapped without a copy (``BytesIO`` shares a ``bytes`` buffer until
    written to), a file object rewound."""
    if isinstance(inhoud, bytes | bytearray | memoryview):
        return io.BytesIO(inhoud)
    inhoud.seek(0)
    return inhoud


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


def inhoud_inpakken(inhoud: Inhoud) -> bytes:
    """The file as it is stored (``Bankafschrift.inhoud``): gzip-compressed. A day's CAMT.053 of 50,000 entries
    is 40 MB of XML that compresses about fifteenfold; sent uncompressed as one bytea parameter it was copied
    several times over by the driver (``make bench``, bank_import at 10,000 dossiers: peak 1,013 MB before,
    490 MB after; issue 18). Compressed a piece at a time, so only the compressed file is held whole."""
    bron = bron_openen(inhoud)
    uit = io.BytesIO()
    with gzip.GzipFile(fileobj=uit, mode="wb", compresslevel=5, mtime=0) as gz:
        while stuk := bron.read(STUK):
            gz.write(stuk)
    return uit.getvalue()


def inhoud_openen(opgeslagen: bytes | memoryview) -> IO[bytes]:
    """The stored file as the bank sent it, as a file object that unpacks while it is read (and again from
    the start after ``seek(0)``): memory holds the compressed bytes, not the file. Statements stored before
    compression (plain XML or MT940, which never start with gzip's magic bytes) are read as they are."""
    gepakt = io.BytesIO(opgeslagen)
    if opgeslagen[:2] == GZIP_MAGIC:
        return gzip.GzipFile(fileobj=gepakt, mode="rb")
    return gepakt


def inhoud_uitpakken(opgeslagen: bytes | memoryview) -> bytes:
    """The stored file whole, as the bank sent it (tests; the import reads ``inhoud_openen``)."""
    with inhoud_openen(opgeslagen) as bron:
        return bron.read()
