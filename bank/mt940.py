"""MT940 (SWIFT customer statement, as Dutch banks deliver it), read line by line.

Every line is checked as it is read (so every defect is reported with its line): the currency of the
balances, the format of each ``:61:`` amount, and a closing balance ``:62F:`` after the last entry (a file
without it was cut off), and one account: a file may hold several statements (days) of one account, but a
second account is refused whole, as each line is known by its account.

The tags are split and read the way the ``mt-940`` library reads them (its tag pattern, its ``:61:`` and
``:86:`` field patterns, its joining of continued lines and of repeated ``:86:`` tags, and a ``:86:`` belongs
to the last ``:61:`` before it), but one entry at a time: the library builds the whole file in memory and
costs 0.16 ms per entry. The ``:86:`` text is read for the structured Dutch fields (/IBAN/, /NAME/, /REMI/,
/EREF/).
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from typing import IO

from schwifty import IBAN

from .bestand import STUK, Bankkop, BestandFout

SALDO_RE = re.compile(r"^:(60F|60M|62F|62M):([CD])(\d{6})([A-Z]{3})([\d,]+)\s*$")
REGEL61_RE = re.compile(r"^:61:(\d{6})(\d{4})?(R?[CD])[A-Z]?([^A-Z]*)")
BEDRAG_RE = re.compile(r"^\d{1,12},\d{0,2}$")
VELD86_RE = re.compile(r"/(IBAN|NAME|REMI|EREF|TRTP|BIC|CSID|MARF)/")

# As mt-940 4.30 (``models.Transactions.parse`` and ``tags``): a tag starts a line; the known tag ids; a line
# that looks like an unknown tag inside a :86: text is part of that text (a bad line wrap).
TAG_RE = re.compile(r"^:(?P<tag>[0-9]{2}|NS)(?P<sub_tag>[A-Z])?:")
BEKENDE_TAGS = {"13", "20", "21", "25", "28", "34", "60", "61", "62", "64", "65", "86", "90", "NS"}
_FLAGS = re.IGNORECASE | re.VERBOSE | re.UNICODE
TAG61_RE = re.compile(
    r"""^
    (?P<year>\d{2})(?P<month>\d{2})(?P<day>\d{2})
    (?P<entry_month>\d{2})?(?P<entry_day>\d{2})?
    (?P<status>R?[DC])
    (?P<funds_code>[A-Z])?
    [\n ]?
    (?P<amount>[\d,]{1,15})
    (?P<id>[A-Z][A-Z0-9 ]{3})?
    (?P<customer_reference>((?!//)[^\n]){0,16})
    (//(?P<bank_reference>.{0,23}))?
    (\n?(?P<extra_details>.{0,34}))?
    $""",
    _FLAGS,
)
TAG86_RE = re.compile(r"(?P<transaction_details>(([\s\S]{0,65}\r?\n?){0,8}[\s\S]{0,65}))", _FLAGS)
TAG20_RE = re.compile(r"(?P<transaction_reference>.{0,16})", _FLAGS)
TAG28_RE = re.compile(r"(?P<statement_number>\d{1,5})(?:/?(?P<sequence_number>\d{1,5}))?$", _FLAGS)


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


def _codering(bron: IO[bytes]) -> str:
    """UTF-8 when the whole file decodes as such, else Latin-1 (a pass of its own over the file, in pieces)."""
    bron.seek(0)
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        while stuk := bron.read(STUK):
            decoder.decode(stuk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return "latin-1"
    return "utf-8"


def _regels(bron: IO[bytes]) -> Iterator[tuple[int, str]]:
    """(line number, text) as ``text.replace("\\r\\n", "\\n").replace("\\r", "\\n").split("\\n")`` numbers
    them, including the empty last line after a final line break. Read with ``readline`` (a line ends at
    ``\\n`` only; an upload's own iteration would also end one at ``\\r``)."""
    codering = _codering(bron)
    bron.seek(0)
    nr = 0
    eindigt = False
    for ruw in iter(bron.readline, b""):
        tekst = ruw.decode(codering)
        eindigt = tekst.endswith("\n")
        if eindigt:
            tekst = tekst[:-2] if tekst.endswith("\r\n") else tekst[:-1]
        for deel in tekst.split("\r"):
            nr += 1
            yield nr, deel
    if eindigt:
        yield nr + 1, ""


def _waarde(delen: list[str]) -> str:
    """A tag's value as mt-940 reads it: lines right-stripped, separators and empty lines dropped."""
    return "\n".join(
        d for d in (r.replace("\r", "").rstrip() for r in delen) if d and d.strip() != "-"
    ).strip()


def _leesfout(reden: str, regel: int) -> BestandFout:
    return BestandFout(f"Het MT940-bestand kan niet worden gelezen: {reden}", regel)


class _Boeking:
    """One :61: with its :86: texts, until the next :61: (or the end) closes it."""

    __slots__ = ("bedrag", "bank_ref", "datum", "details", "klant_ref", "nr")

    def __init__(self, nr: int, datum: date, bedrag: Decimal, waarde: str):
        m = TAG61_RE.match(waarde)
        if not m:
            raise _leesfout("ongeldige transactieregel (:61:).", nr)
        self.nr, self.datum, self.bedrag = nr, datum, bedrag
        self.bank_ref = (m.group("bank_reference") or "").strip()
        self.klant_ref = (m.group("customer_reference") or "").strip()
        self.details: str | None = None

    def voeg_86_toe(self, waarde: str) -> None:
        m = TAG86_RE.match(waarde)
        tekst = m.group("transaction_details") if m else waarde
        self.details = tekst if self.details is None else f"{self.details}\n{tekst.strip()}"

    def als_dict(self) -> dict:
        details = self.details or ""
        v = velden_86(details)
        klant_ref = "" if self.klant_ref.upper() == "NONREF" else self.klant_ref
        e2e = v.get("EREF", "")
        if e2e.upper() == "NOTPROVIDED":
            e2e = ""
        return {
            "regelnummer": self.nr,
            "bank_ref": self.bank_ref or e2e,
            "datum": self.datum,
            "bedrag": self.bedrag,
            "tegenrekening": v.get("IBAN", "").replace(" ", "").upper()[:34],
            "tegenpartij": v.get("NAME", "")[:200],
            "omschrijving": v.get("REMI") or details.replace("\n", " "),
            "kenmerk": klant_ref[:140],
            "end_to_end_id": e2e[:140],
        }


def mt940_stroom(bron: IO[bytes], kop: Bankkop) -> Iterator[dict | BestandFout]:
    """The entries of an MT940 file in file order (see ``bank.lezen._stroom``). Every defect raises: each is
    found on its own line, in file order."""
    iban, iban_regel = "", 0
    eindsaldo: tuple[Decimal, date] | None = None
    laatste_61 = laatste_62 = 0
    gegevens: dict[str, str] = {}  # statement-level fields, the last statement's win (as in mt-940)
    boeking: _Boeking | None = None
    positie: tuple[int, date, Decimal] | None = None  # the checked :61: line of the tag being read
    tag, tag_regel = "", 0  # the tag being read
    delen: list[str] = []  # and its lines
    nr = 0

    def tag_af() -> Iterator[dict]:
        """Close the tag being read: a :61: closes the entry before it and opens one, a :86: adds to it."""
        nonlocal boeking
        waarde = _waarde(delen)
        if tag == "61":
            assert positie is not None
            if boeking is not None:
                yield boeking.als_dict()
            boeking = _Boeking(positie[0], positie[1], positie[2], waarde)
        elif tag == "86":
            if boeking is not None:
                boeking.voeg_86_toe(waarde)
        elif tag == "20":
            m = TAG20_RE.match(waarde)
            gegevens["transaction_reference"] = m.group("transaction_reference") if m else ""
        elif tag == "28":
            m = TAG28_RE.match(waarde)
            if not m:
                raise _leesfout(f"ongeldig afschriftnummer '{waarde}' (:28C:).", tag_regel)
            gegevens["statement_number"] = m.group("statement_number")

    for nr, r in _regels(bron):
        # The checks of each line, as before.
        if r.startswith(":25:"):
            rekening = _rekening(r[4:])
            if iban and rekening != iban:
                raise BestandFout(
                    f"Het bestand bevat afschriften van meer dan één rekening ({iban} op regel {iban_regel} "
                    f"en {rekening}). Lever per rekening een apart bestand aan.",
                    nr,
                )
            iban, iban_regel = rekening, nr
            kop.iban = iban
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
            positie = (nr, _datum(m.group(1), nr), teken * bedrag)
            laatste_61 = nr
        # The tags.
        t = TAG_RE.match(r)
        if t and (t.group("tag") in BEKENDE_TAGS or tag != "86"):
            if t.group("tag") not in BEKENDE_TAGS:
                raise _leesfout(f"onbekende tag '{t.group(0)}'.", nr)
            if tag:
                yield from tag_af()
            tag, tag_regel, delen = t.group("tag"), nr, [r[t.end() :]]
        elif tag:
            delen.append(r)
    if tag:
        yield from tag_af()
    if boeking is not None:
        yield boeking.als_dict()
    if not iban:
        raise BestandFout("Het rekeningnummer (:25:) ontbreekt.", 1)
    if eindsaldo is None or laatste_62 < laatste_61:
        raise BestandFout(
            "Het bestand is onvolledig: het eindsaldo (:62F:) na de laatste boeking ontbreekt.", nr
        )
    kop.eindsaldo, kop.eindsaldo_datum = eindsaldo
    kop.afschrift_id = str(gegevens.get("statement_number") or gegevens.get("transaction_reference") or "")
