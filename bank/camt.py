"""CAMT.053 (ISO 20022 bank-to-customer statement), read as a stream with lxml ``iterparse``.

Each entry (``Ntry``) is read when its end tag is parsed and then cleared and dropped from the tree, so memory
holds the statement's header and one entry, whatever the size of the file. The fields are read directly
(the paths pycamt 1.1 used, so a file reads the same as before); every amount is checked and converted to
``Decimal`` and every date to ``date`` here, with the line of the entry.

Hostile XML: entities are not resolved (no XXE, no entity expansion bomb), nothing is fetched from the
network, no DTD is loaded, and lxml's limits for huge documents stay on (``huge_tree`` off).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from typing import IO

from lxml import etree

from .bestand import Bankkop, BestandFout

BEDRAG_RE = re.compile(r"^\d{1,12}(\.\d{1,2})?$")
# The CAMT.053 versions read (as before); the fields used are the same in each.
VERSIES = ("camt.053.001.02", "camt.053.001.03", "camt.053.001.04", "camt.053.001.08", "camt.053.001.12")


def _bedrag(tekst: str | None, regel: int) -> Decimal:
    if tekst is None or not BEDRAG_RE.match(tekst.strip()):
        raise BestandFout(f"Ongeldig bedrag '{tekst or ''}': verwacht bijvoorbeeld 450.00.", regel)
    return Decimal(tekst.strip())


def _datum(tekst: str | None, regel: int) -> date:
    try:
        return date.fromisoformat((tekst or "")[:10])
    except ValueError:
        raise BestandFout(f"Ongeldige of ontbrekende boekdatum '{tekst or ''}'.", regel) from None


class _Lezer:
    """Paths relative to an element, written without namespace and qualified once with the document's
    (a qualified path string is compiled once by lxml and cached; a namespace map is not)."""

    def __init__(self, ns: str | None):
        self.q = (lambda naam: f"{{{ns}}}{naam}") if ns else (lambda naam: naam)
        self.paden: dict[str, str] = {}

    def pad(self, pad: str) -> str:
        if pad not in self.paden:
            self.paden[pad] = "/".join(self.q(d) if d and d not in (".", "*") else d for d in pad.split("/"))
        return self.paden[pad]

    def el(self, el, pad: str):
        return el.find(self.pad(pad))

    def alle(self, el, pad: str):
        return el.iterfind(self.pad(pad))

    def tekst(self, el, pad: str) -> str | None:
        """The text of the first match (None when absent or empty), as pycamt's ``_find_text``."""
        gevonden = el.find(self.pad(pad))
        return gevonden.text if gevonden is not None else None

    def schoon(self, el, pad: str) -> str:
        return (self.tekst(el, pad) or "").strip()


def _xml_fout(fout: etree.XMLSyntaxError) -> BestandFout:
    return BestandFout(
        "Het bestand is onvolledig of geen geldige XML (afgebroken bestand?): " + str(fout.msg or fout),
        fout.lineno or None,
    )


def _transacties(x: _Lezer, entry) -> Iterator[dict]:
    """The transactions of one entry: the entry's own fields, overlaid per ``TxDtls`` with the details'
    fields (an entry without details is one transaction)."""
    amt = x.el(entry, ".//Amt")
    gemeen = {
        "TransactionID": x.tekst(entry, ".//AcctSvcrRef"),
        "Amount": amt.text if amt is not None else None,
        "Currency": amt.get("Ccy") if amt is not None else None,
        "CreditDebitIndicator": x.tekst(entry, ".//CdtDbtInd"),
        "BookingDate": x.tekst(entry, ".//BookgDt//*"),
        "ValueDate": x.tekst(entry, ".//ValDt//*"),
        "AdditionalEntryInformation": x.tekst(entry, ".//AddtlNtryInf"),
    }
    details = [tx for nd in x.alle(entry, ".//NtryDtls") for tx in x.alle(nd, ".//TxDtls")]
    if not details:
        yield gemeen
        return
    for tx in details:
        ustrd = [u.text for u in x.alle(tx, ".//RmtInf//Ustrd")]
        data = {
            "EndToEndId": x.tekst(tx, ".//Refs//EndToEndId"),
            "Amount": x.tekst(tx, ".//Amt"),
            "CreditorName": x.tekst(tx, ".//RltdPties//Cdtr//Nm"),
            "CreditorIBAN": x.tekst(tx, ".//RltdPties//CdtrAcct//Id//IBAN"),
            "DebtorName": x.tekst(tx, ".//RltdPties//Dbtr//Nm"),
            "DebtorIBAN": x.tekst(tx, ".//RltdPties//DbtrAcct//Id//IBAN"),
            "RemittanceInformation": ustrd[0] if ustrd else None,
            "RemittanceInformationFull": " ".join(u.strip() for u in ustrd if u) if ustrd else None,
            "CreditDebitIndicator": x.tekst(tx, ".//CdtDbtInd"),
            "ReturnReason": x.tekst(tx, ".//RtrInf//Rsn//Cd"),
        }
        strd = x.el(tx, ".//RmtInf//Strd")
        if strd is not None:
            data["RemittanceInformation"] = x.tekst(strd, ".//CdtrRefInf//Ref")
        yield {**gemeen, **{k: v for k, v in data.items() if v is not None}}


def _entry(x: _Lezer, entry) -> Iterator[dict]:
    regel = entry.sourceline
    gestructureerd = x.el(entry, ".//RmtInf//Strd") is not None
    for tx in _transacties(x, entry):
        if tx.get("Currency") != "EUR":
            raise BestandFout(
                f"Onbekende valuta '{tx.get('Currency') or ''}': alleen euro (EUR) wordt verwerkt.", regel
            )
        bedrag = _bedrag(tx.get("Amount"), regel)
        richting = tx.get("CreditDebitIndicator")
        if richting not in ("CRDT", "DBIT"):
            raise BestandFout(f"Onbekende bij/af-aanduiding '{richting or ''}'.", regel)
        if richting == "DBIT":
            bedrag = -bedrag
        if bedrag == 0:
            raise BestandFout("Een boeking van 0,00 is ongeldig.", regel)
        datum = _datum(tx.get("BookingDate") or tx.get("ValueDate"), regel)
        e2e = tx.get("EndToEndId") or ""
        if e2e.upper() == "NOTPROVIDED":
            e2e = ""
        if richting == "CRDT":
            tegenrekening, tegenpartij = tx.get("DebtorIBAN"), tx.get("DebtorName")
        else:
            tegenrekening, tegenpartij = tx.get("CreditorIBAN"), tx.get("CreditorName")
        kenmerk = tx.get("RemittanceInformation") if gestructureerd else ""
        omschrijving = " ".join(
            t for t in (tx.get("RemittanceInformationFull"), tx.get("AdditionalEntryInformation")) if t
        )
        yield {
            "regelnummer": regel,
            "bank_ref": tx.get("TransactionID") or e2e,
            "datum": datum,
            "bedrag": bedrag,
            "tegenrekening": (tegenrekening or "").replace(" ", "").upper()[:34],
            "tegenpartij": (tegenpartij or "")[:200],
            "omschrijving": omschrijving,
            "kenmerk": (kenmerk or "")[:140],
            "end_to_end_id": e2e[:140],
            "retourcode": (tx.get("ReturnReason") or "").strip().upper()[:4],
        }


def _kop_lees(x: _Lezer, stmt, kop: Bankkop) -> None:
    """The statement's account, currency and id, once its ``Acct`` has been read (before the entries)."""
    iban = x.schoon(stmt, ".//Acct//Id//IBAN")
    if not iban:
        raise BestandFout("Het rekeningnummer (IBAN) van het afschrift ontbreekt.", stmt.sourceline)
    valuta = x.schoon(stmt, ".//Acct//Ccy")
    if valuta and valuta != "EUR":
        raise BestandFout(f"Onbekende valuta '{valuta}': alleen euro (EUR) wordt verwerkt.", stmt.sourceline)
    kop.iban = iban.replace(" ", "").upper()
    kop.afschrift_id = x.schoon(stmt, "Id")


def _saldo_lees(x: _Lezer, bal, kop: Bankkop) -> None:
    if x.schoon(bal, ".//Tp//CdOrPrtry//Cd") != "CLBD":
        return
    amt = x.el(bal, "Amt")
    if amt is None:
        raise BestandFout("Het eindsaldo heeft geen bedrag.", bal.sourceline)
    if amt.get("Ccy") != "EUR":
        raise BestandFout(
            f"Onbekende valuta '{amt.get('Ccy')}': alleen euro (EUR) wordt verwerkt.", amt.sourceline
        )
    saldo = _bedrag(amt.text, amt.sourceline)
    kop.eindsaldo = -saldo if x.schoon(bal, "CdtDbtInd") == "DBIT" else saldo
    kop.eindsaldo_datum = _datum(x.schoon(bal, ".//Dt//Dt") or x.schoon(bal, ".//Dt//DtTm"), bal.sourceline)


def _wortel(bron: IO[bytes]) -> tuple[str, int]:
    """The root element's tag and line, from the first event of a parse that stops there."""
    bron.seek(0)
    try:
        for _, el in etree.iterparse(bron, events=("start",), **VEILIG):
            return el.tag, el.sourceline or 1
    except etree.XMLSyntaxError as fout:
        raise _xml_fout(fout) from None
    raise BestandFout("Het bestand is onvolledig of geen geldige XML (afgebroken bestand?).", 1)


# No entity is resolved (no XXE, no expansion bomb), nothing fetched, no DTD loaded, libxml2's size limits on.
VEILIG = {"resolve_entities": False, "no_network": True, "load_dtd": False, "huge_tree": False}


def camt053_stroom(bron: IO[bytes], kop: Bankkop) -> Iterator[dict | BestandFout]:
    """The entries of a CAMT.053 file in file order (see ``bank.lezen._stroom``), parsed from ``bron`` as it
    is read (lxml pulls it in pieces), from its start."""
    wortel, root_regel = _wortel(bron)
    if not any(v in wortel for v in VERSIES):
        raise BestandFout("Dit XML-bestand is geen CAMT.053-rekeningafschrift.", root_regel)
    x = _Lezer(etree.QName(wortel).namespace)
    stmt_tags = (x.q("Stmt"), x.q("Rpt"))
    acct, bal, ntry = x.q("Acct"), x.q("Bal"), x.q("Ntry")
    # Only the statement and its direct parts are reported (the filter runs in C); the rest of an entry is
    # read from its subtree when the entry ends.
    bron.seek(0)
    gebeurtenissen = etree.iterparse(
        bron, events=("start", "end"), tag=[*stmt_tags, acct, bal, ntry], **VEILIG
    )
    stmt = None
    kop_gelezen = False
    try:
        for gebeurtenis, el in gebeurtenissen:
            if gebeurtenis == "start":
                if el.tag in stmt_tags:
                    if stmt is not None:
                        raise BestandFout("Lever één rekeningafschrift per bestand aan.", el.sourceline)
                    stmt = el
                continue
            ouder = el.getparent()
            if stmt is None or ouder is not stmt:
                continue
            # A direct child of the statement, complete (the account and balances come before the entries).
            if el.tag == acct and not kop_gelezen:
                _kop_lees(x, stmt, kop)
                kop_gelezen = True
            elif el.tag == bal:
                _saldo_lees(x, el, kop)
            elif el.tag == ntry:
                if not kop_gelezen:
                    _kop_lees(x, stmt, kop)
                    kop_gelezen = True
                try:
                    yield from _entry(x, el)
                except BestandFout as fout:
                    yield fout
                # Drop the entry (and everything before it) from the tree: memory holds one entry.
                el.clear()
                while el.getprevious() is not None:
                    del ouder[0]
    except etree.XMLSyntaxError as fout:
        raise _xml_fout(fout) from None
    if stmt is None:
        raise BestandFout("Het bestand bevat geen rekeningafschrift (Stmt).", root_regel)
    if not kop_gelezen:  # a statement without an account element
        _kop_lees(x, stmt, kop)
