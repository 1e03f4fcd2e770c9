"""MT940 (SWIFT customer statement, as Dutch banks deliver it) via ``mt-940``.

The file is first checked line by line (so every defect is reported with its line): the currency of the
balances, the format of each ``:61:`` amount, and a closing balance ``:62F:`` after the last entry (a file
without it was cut off), and one account: a file may hold several statements (days) of one account, but a
second account is refused whole, as each line is known by its account. Then ``mt940`` parses the tags; the
``:86:`` text is read for the structured Dutch fields (/IBAN/, /NAME/, /REMI/, /EREF/).
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import mt940
from schwifty import IBAN

from . import Bankbestand, BestandFout, uniek_maken

SALDO_RE = re.compile(r"^:(60F|60M|62F|62M):([CD])(\d{6})([A-Z]{3})([\d,]+)\s*$")
REGEL61_RE = re.compile(r"^:61:(\d{6})(\d{4})?(R?[CD])[A-Z]?([^A-Z]*)")
BEDRAG_RE = re.compile(r"^\d{1,12},\d{0,2}$")
VELD86_RE = re.compile(r"/(IBAN|NAME|REMI|EREF|TRTP|BIC|CSID|MARF)/")


def _bedrag(tekst: str, regel: int) -> Decimal:
    if not BEDRAG_RE.match(tekst):
        raise BestandFout(f"Ongeldig bedrag '{tekst}': verwacht bijvoorbeeld 450,00.", regel)
    return Decimal(tekst.replace(",", "."))


def _datum(jjmmdd: str, regel: int) -> date:
    try:
        return date(2000 + int(jjmmdd[:2]), int(jjmmdd[2:4]), int(jjmmdd[4:6]))
    except ValueError:
        raise BestandFout(f"Ongeldige datum '{jjmmdd}'.", regel) from None


def _rekening(tekst: str) -> str:
    """The account of a ``:25:`` line: ``NL20INGB0001234567``, also when the bank appends the currency
    (``NL20INGB0001234567EUR``) or a sub-account after ``/``."""
    rekening = re.sub(r"[^A-Z0-9]", "", tekst.upper().split("/")[0])
    if len(rekening) > 3 and rekening[-3:].isalpha() and not _is_iban(rekening) and _is_iban(rekening[:-3]):
        return rekening[:-3]
    return rekening[:34]


def _is_iban(tekst: str) -> bool:
    try:
        IBAN(tekst)
    except ValueError:
        return False
    return True


def velden_86(tekst: str) -> dict[str, str]:
    """``/IBAN/NL..../NAME/Jan/REMI/USTD//RF18.../EREF/x`` → {"IBAN": ..., "NAME": ..., ...}."""
    tekst = tekst.replace("\n", "")
    delen = VELD86_RE.split(tekst)
    uit: dict[str, str] = {}
    for i in range(1, len(delen) - 1, 2):
        uit[delen[i]] = delen[i + 1].strip("/ ").strip()
    if "REMI" in uit:
        remi = uit["REMI"]
        for prefix in ("USTD//", "STRD/CUR/", "USTD/", "STRD/"):
            if remi.startswith(prefix):
                remi = remi[len(prefix) :]
        uit["REMI"] = remi.strip("/ ")
    return uit


def lees_mt940(inhoud: bytes) -> Bankbestand:
    try:
        tekst = inhoud.decode("utf-8")
    except UnicodeDecodeError:
        tekst = inhoud.decode("latin-1")
    tekst = tekst.replace("\r\n", "\n").replace("\r", "\n")
    regels = tekst.split("\n")
    iban = ""
    iban_regel = 0
    posities: list[tuple[int, date, Decimal]] = []  # (line, date, signed amount) per :61:
    eindsaldo: tuple[Decimal, date] | None = None
    laatste_61 = 0
    laatste_62 = 0
    for nr, r in enumerate(regels, start=1):
        if r.startswith(":25:"):
            rekening = _rekening(r[4:])
            if iban and rekening != iban:
                raise BestandFout(
                    f"Het bestand bevat afschriften van meer dan één rekening ({iban} op regel {iban_regel} "
                    f"en {rekening}). Lever per rekening een apart bestand aan.",
                    nr,
                )
            iban, iban_regel = rekening, nr
        elif r[:5] in (":60F:", ":60M:", ":62F:", ":62M:"):
            m = SALDO_RE.match(r)
            if not m:
                raise BestandFout("Ongeldige saldoregel.", nr)
            if m.group(4) != "EUR":
                raise BestandFout(f"Onbekende valuta '{m.group(4)}': alleen euro (EUR) wordt verwerkt.", nr)
            bedrag = _bedrag(m.group(5), nr)
            if m.group(1).startswith("62"):
                laatste_62 = nr
                eindsaldo = (-bedrag if m.group(2) == "D" else bedrag, _datum(m.group(3), nr))
        elif r.startswith(":61:"):
            m = REGEL61_RE.match(r)
            if not m:
                raise BestandFout("Ongeldige transactieregel (:61:).", nr)
            bedrag = _bedrag(m.group(4), nr)
            if bedrag == 0:
                raise BestandFout("Een boeking van 0,00 is ongeldig.", nr)
            # D = debit, C = credit; RC (reversal of a credit) takes money off, RD puts it back.
            teken = -1 if m.group(3) in ("D", "RC") else 1
            posities.append((nr, _datum(m.group(1), nr), teken * bedrag))
            laatste_61 = nr
    if not iban:
        raise BestandFout("Het rekeningnummer (:25:) ontbreekt.", 1)
    if eindsaldo is None or laatste_62 < laatste_61:
        raise BestandFout(
            "Het bestand is onvolledig: het eindsaldo (:62F:) na de laatste boeking ontbreekt.", len(regels)
        )
    try:
        transacties = mt940.models.Transactions()
        transacties.parse(tekst)
    except Exception as fout:  # the library raises plain exceptions for tags it cannot read
        raise BestandFout(f"Het MT940-bestand kan niet worden gelezen: {fout}") from None
    met_bedrag = [t for t in transacties if t.data.get("amount") is not None]
    if len(met_bedrag) != len(posities):
        raise BestandFout("Het aantal boekingen klopt niet met de transactieregels (:61:).")
    ruw: list[dict] = []
    for (nr, datum, bedrag), t in zip(posities, met_bedrag, strict=True):
        d = t.data
        v = velden_86(d.get("transaction_details") or "")
        bank_ref = (d.get("bank_reference") or "").strip()
        cust_ref = (d.get("customer_reference") or "").strip()
        if cust_ref.upper() == "NONREF":
            cust_ref = ""
        e2e = v.get("EREF", "")
        if e2e.upper() == "NOTPROVIDED":
            e2e = ""
        omschrijving = v.get("REMI") or (d.get("transaction_details") or "").replace("\n", " ")
        ruw.append(
            {
                "regelnummer": nr,
                "bank_ref": bank_ref or e2e,
                "datum": datum,
                "bedrag": bedrag,
                "tegenrekening": v.get("IBAN", "").replace(" ", "").upper()[:34],
                "tegenpartij": v.get("NAME", "")[:200],
                "omschrijving": omschrijving,
                "kenmerk": cust_ref[:140],
                "end_to_end_id": e2e[:140],
            }
        )
    bestand = Bankbestand(formaat="mt940", iban=iban, regels=uniek_maken(iban, ruw))
    bestand.eindsaldo, bestand.eindsaldo_datum = eindsaldo
    afschrift = (
        transacties.data.get("statement_number") or transacties.data.get("transaction_reference") or ""
    )
    bestand.afschrift_id = str(afschrift)
    return bestand
