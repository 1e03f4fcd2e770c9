"""CAMT.053 (ISO 20022 bank-to-customer statement) via ``pycamt``, which returns strings: every amount is
checked and converted to ``Decimal`` and every date to ``date`` here, with the line of the entry."""

from __future__ import annotations

import re
from copy import deepcopy
from datetime import date
from decimal import Decimal

from lxml import etree
from pycamt.parser import Camt053ParseError, Camt053Parser

from . import Bankbestand, BestandFout, uniek_maken

BEDRAG_RE = re.compile(r"^\d{1,12}(\.\d{1,2})?$")


def _bedrag(tekst: str | None, regel: int) -> Decimal:
    if tekst is None or not BEDRAG_RE.match(tekst.strip()):
        raise BestandFout(f"Ongeldig bedrag '{tekst or ''}': verwacht bijvoorbeeld 450.00.", regel)
    return Decimal(tekst.strip())


def _datum(tekst: str | None, regel: int) -> date:
    try:
        return date.fromisoformat((tekst or "")[:10])
    except ValueError:
        raise BestandFout(f"Ongeldige of ontbrekende boekdatum '{tekst or ''}'.", regel) from None


def _tekst(el, pad: str, ns) -> str:
    gevonden = el.find(pad, ns)
    return (gevonden.text or "").strip() if gevonden is not None else ""


def lees_camt053(inhoud: bytes) -> Bankbestand:
    try:
        parser = Camt053Parser(inhoud)
    except etree.XMLSyntaxError as fout:
        regel = fout.lineno or None
        raise BestandFout(
            "Het bestand is onvolledig of geen geldige XML (afgebroken bestand?): " + str(fout.msg or fout),
            regel,
        ) from None
    if not parser.version.startswith("camt.053"):
        raise BestandFout("Dit XML-bestand is geen CAMT.053-rekeningafschrift.", parser.tree.sourceline)
    ns = parser.namespaces
    try:
        statements = parser._find_statements_or_reports()
    except Camt053ParseError:
        raise BestandFout(
            "Het bestand bevat geen rekeningafschrift (Stmt).", parser.tree.sourceline
        ) from None
    if len(statements) != 1:
        raise BestandFout("Lever één rekeningafschrift per bestand aan.", statements[1].sourceline)
    stmt = statements[0]
    iban = _tekst(stmt, ".//Acct//Id//IBAN", ns)
    if not iban:
        raise BestandFout("Het rekeningnummer (IBAN) van het afschrift ontbreekt.", stmt.sourceline)
    valuta = _tekst(stmt, ".//Acct//Ccy", ns)
    if valuta and valuta != "EUR":
        raise BestandFout(f"Onbekende valuta '{valuta}': alleen euro (EUR) wordt verwerkt.", stmt.sourceline)
    bestand = Bankbestand(
        formaat="camt053", iban=iban.replace(" ", "").upper(), afschrift_id=_tekst(stmt, "Id", ns)
    )
    for bal in stmt.findall("Bal", ns):
        if _tekst(bal, ".//Tp//CdOrPrtry//Cd", ns) != "CLBD":
            continue
        amt = bal.find("Amt", ns)
        if amt is None:
            raise BestandFout("Het eindsaldo heeft geen bedrag.", bal.sourceline)
        if amt.get("Ccy") != "EUR":
            raise BestandFout(
                f"Onbekende valuta '{amt.get('Ccy')}': alleen euro (EUR) wordt verwerkt.", amt.sourceline
            )
        saldo = _bedrag(amt.text, amt.sourceline)
        bestand.eindsaldo = -saldo if _tekst(bal, "CdtDbtInd", ns) == "DBIT" else saldo
        bestand.eindsaldo_datum = _datum(
            _tekst(bal, ".//Dt//Dt", ns) or _tekst(bal, ".//Dt//DtTm", ns), bal.sourceline
        )
    # pycamt looks up the statement's account IBAN for every entry with a descendant search of the whole
    # statement, which makes a file quadratic in its entries (50,000 entries: hours). It only copies that
    # IBAN into each transaction, and we read the IBAN above, so it gets a statement of just the account.
    kop = etree.Element(stmt.tag)
    acct = stmt.find("Acct", ns)
    if acct is not None:
        kop.append(deepcopy(acct))
    ruw: list[dict] = []
    for entry in stmt.findall("Ntry", ns):
        regel = entry.sourceline
        for tx in parser._extract_transaction(entry, kop):
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
                tegenrekening, tegenpartij = tx.get("DebtorIBAN", ""), tx.get("DebtorName", "")
            else:
                tegenrekening, tegenpartij = tx.get("CreditorIBAN", ""), tx.get("CreditorName", "")
            kenmerk = (
                tx.get("RemittanceInformation", "") if entry.find(".//RmtInf//Strd", ns) is not None else ""
            )
            omschrijving = " ".join(
                x
                for x in (
                    tx.get("RemittanceInformationFull") or "",
                    tx.get("AdditionalEntryInformation") or "",
                )
                if x
            )
            ruw.append(
                {
                    "regelnummer": regel,
                    "bank_ref": tx.get("TransactionID") or e2e,
                    "datum": datum,
                    "bedrag": bedrag,
                    "tegenrekening": (tegenrekening or "").replace(" ", "").upper()[:34],
                    "tegenpartij": (tegenpartij or "")[:200],
                    "omschrijving": omschrijving,
                    "kenmerk": (kenmerk or "")[:140],
                    "end_to_end_id": e2e[:140],
                }
            )
    bestand.regels = uniek_maken(bestand.iban, ruw)
    return bestand
