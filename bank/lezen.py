"""Bank statement files (CAMT.053 and MT940), read as a stream in two passes.

``bankbestand_controleer(inhoud)`` is the first pass: it reads the whole file entry by entry and keeps only
the statement's header (account, closing balance), the number of entries, their total and the last date;
any defect raises ``BestandFout`` with the line number and a Dutch reason, before anything is stored or
booked: a file is accepted whole or not at all. ``bankregels_blokken(inhoud, kop, blokgrootte)`` is the
second pass: it reads the file again and yields the entries a block at a time, so memory holds one block,
whatever the size of the file (a day's statement of 50,000 entries is a few hundred MB as a tree).
``lees_bankbestand`` does both and returns everything at once (small files, tests). Only euro accounts are
processed. ``inhoud`` is the file's bytes or a binary file object (``bank.bestand.Inhoud``), read again
from its start by each pass: the import hands in the stored file unpacking as it is read, never the whole
file.

Each entry gets a ``referentie`` that is unique per account and stable across imports: the bank's own
reference (CAMT ``AcctSvcrRef``, else ``EndToEndId``; MT940 the bank reference after ``//``) or, where the
bank gives none, a content hash (account, date, amount, counterparty, description, and how many identical
entries came before it in the file), so importing the same file twice adds nothing.

A file holds the statements of exactly one account (a second account is refused whole), and no amount larger
than ``GROOTSTE_BEDRAG``: see there for why.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import IO

from .bestand import (
    STUK,
    Bankbestand,
    Bankkop,
    Bankregelgegevens,
    BestandFout,
    Inhoud,
    bron_openen,
    inhoud_hash,
)
from .camt import camt053_stroom
from .mt940 import mt940_stroom

__all__ = [
    "GROOTSTE_BEDRAG",
    "bankbestand_controleer",
    "bankregels_blokken",
    "lees_bankbestand",
]

# The money columns (``DecimalField(max_digits=14, decimal_places=2)``) hold at most 999,999,999,999.99. One
# entry, and the total of one file, is limited to a thousandth of that: every amount derived from a file
# (receipts, allocation parts, the balances the pages sum) stays far inside the columns and the
# reports, and no alimony payment comes near it.
GROOTSTE_BEDRAG = Decimal("999999999.99")


def _stroom(bron: IO[bytes], kop: Bankkop) -> Iterator[dict | BestandFout]:
    """The entries of the file in file order, as plain dicts (with ``bank_ref``), filling ``kop``'s header as
    it is read. A structural defect raises ``BestandFout``; a defect of one entry is yielded instead, so the
    first pass reports it only when the rest of the file is sound (the order in which it was always found)."""
    if kop.formaat == "camt053":
        return camt053_stroom(bron, kop)
    return mt940_stroom(bron, kop)


def _formaat(bron: IO[bytes]) -> str:
    """CAMT.053 when the file starts with XML, MT940 when it has a ``:20:`` near the start or a ``:61:``
    anywhere; read in pieces (the search for ``:61:`` overlaps them, a tag is never missed across pieces)."""
    kop = bron.read(4096)
    while len(kop) < 4096 and (stuk := bron.read(4096 - len(kop))):
        kop += stuk
    leeg = kop.isspace() or not kop
    vorig = kop
    while leeg and (stuk := bron.read(STUK)):
        leeg = stuk.isspace()
        vorig = stuk
    if leeg:
        raise BestandFout("Het bestand is leeg.")
    if kop.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        return "camt053"
    if b":20:" in kop[:2000] or b":61:" in vorig:
        return "mt940"
    while stuk := bron.read(STUK):
        if b":61:" in vorig[-3:] + stuk:
            return "mt940"
        vorig = stuk
    raise BestandFout("Onbekend bestandsformaat: lever een CAMT.053- (XML) of MT940-bestand aan.", 1)


def bankbestand_controleer(inhoud: Inhoud) -> Bankkop:
    """First pass: check the whole file, keep only its header and counts. Raises ``BestandFout``: a defect
    of the file's structure first, else the first defective entry, else the first amount over the limit."""
    bron = bron_openen(inhoud)
    kop = Bankkop(formaat=_formaat(bron))
    eerste_fout: BestandFout | None = None
    limiet_fout: BestandFout | None = None
    bruto = Decimal(0)
    for r in _stroom(bron, kop):
        if isinstance(r, BestandFout):
            eerste_fout = eerste_fout or r
            continue
        kop.aantal += 1
        kop.totaal += r["bedrag"]
        if kop.laatste_datum is None or r["datum"] > kop.laatste_datum:
            kop.laatste_datum = r["datum"]
        if limiet_fout is None:
            bedrag = abs(r["bedrag"])
            bruto += bedrag
            if bedrag > GROOTSTE_BEDRAG:
                limiet_fout = BestandFout(
                    f"Het bedrag {bedrag:.2f} is groter dan het hoogste bedrag dat wordt verwerkt "
                    f"({GROOTSTE_BEDRAG:.2f}); controleer het bestand bij de bank.",
                    r["regelnummer"],
                )
            elif bruto > GROOTSTE_BEDRAG:
                limiet_fout = BestandFout(
                    f"Het totaal van de boekingen tot en met deze regel ({bruto:.2f}) is groter dan het "
                    f"hoogste bedrag dat in één bestand wordt verwerkt ({GROOTSTE_BEDRAG:.2f}); "
                    "lever het afschrift in delen aan.",
                    r["regelnummer"],
                )
    if eerste_fout is not None:
        raise eerste_fout
    if limiet_fout is not None:
        raise limiet_fout
    return kop


def bankregels_blokken(
    inhoud: Inhoud, kop: Bankkop, *, blokgrootte: int = 1000
) -> Iterator[list[Bankregelgegevens]]:
    """Second pass over a file ``bankbestand_controleer`` accepted (``kop``): its entries, ``blokgrootte`` at a
    time, each with its reference: the bank's, made unique within the file (one bank reference can cover
    several transactions), or a content hash with an occurrence counter. Only the counter per reference is
    kept across blocks."""
    gezien: dict[str, int] = {}
    blok: list[Bankregelgegevens] = []
    aantal, totaal = 0, Decimal(0)
    for r in _stroom(bron_openen(inhoud), Bankkop(formaat=kop.formaat)):
        if isinstance(r, BestandFout):  # the file was checked: it changed in between
            raise r
        basis = r.pop("bank_ref") or inhoud_hash(
            kop.iban, r["datum"], r["bedrag"], r["tegenrekening"], r["omschrijving"], r["kenmerk"]
        )
        n = gezien.get(basis, 0)
        gezien[basis] = n + 1
        blok.append(Bankregelgegevens(referentie=basis if n == 0 else f"{basis}#{n + 1}", **r))
        aantal += 1
        totaal += r["bedrag"]
        if len(blok) >= blokgrootte:
            yield blok
            blok = []
    if blok:
        yield blok
    if (aantal, totaal) != (kop.aantal, kop.totaal):
        raise BestandFout(
            f"Het bestand is veranderd na de controle: {aantal} boekingen gelezen, {kop.aantal} gecontroleerd."
        )


def lees_bankbestand(inhoud: Inhoud) -> Bankbestand:
    """Check and read a CAMT.053 (XML) or MT940 file whole, every entry in memory. Raises ``BestandFout``."""
    kop = bankbestand_controleer(inhoud)
    return Bankbestand(
        formaat=kop.formaat,
        iban=kop.iban,
        afschrift_id=kop.afschrift_id,
        eindsaldo=kop.eindsaldo,
        eindsaldo_datum=kop.eindsaldo_datum,
        regels=[r for blok in bankregels_blokken(inhoud, kop) for r in blok],
    )
