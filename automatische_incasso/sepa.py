"""The SEPA Core direct debit file (pain.008.001.02) of a collection batch, via ``sepaxml.SepaDD``.

Pure: plain data in, bytes out. Amounts go to sepaxml as integer cents (``uitbetaling.sepa.centen``). The
file is validated against the XSD that sepaxml ships (libxml2, compiled once); an invalid file raises and is
never stored.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path

from lxml import etree
from sepaxml import SepaDD

from recht.sepa_incasso import incassant_id_geldig
from uitbetaling.sepa import centen

SCHEMA = "pain.008.001.02"

__all__ = ["SCHEMA", "IncassoFout", "IncassoRegel", "pain008_maak", "xsd_pad"]


class IncassoFout(ValueError):
    """A collection action that is not allowed or a file that cannot be made; the message is Dutch."""


@dataclass(frozen=True, slots=True)
class IncassoRegel:
    naam: str
    iban: str
    bedrag: Decimal
    end_to_end_id: str
    machtiging: str
    machtiging_datum: date
    volgorde: str  # FRST or RCUR
    incassodatum: date
    omschrijving: str


def xsd_pad() -> Path:
    import sepaxml

    return Path(sepaxml.__file__).parent / "schemas" / f"{SCHEMA}.xsd"


@cache
def _xsd() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(xsd_pad())))


def pain008_maak(*, regels: list[IncassoRegel], bureau: dict, incassant_id: str, msg_id: str) -> bytes:
    """One pain.008.001.02 file: the agency (creditor ``incassant_id``) collects every ``regel``. sepaxml
    groups the lines per sequence type and collection date (one PmtInf each)."""
    if not regels:
        raise IncassoFout("Er zijn geen incasso's om in het bestand op te nemen.")
    if not incassant_id_geldig(incassant_id):
        raise IncassoFout(
            f"Het incassant-ID '{incassant_id}' is ongeldig (instelling SEPA_CREDITOR_ID); verwacht "
            "bijvoorbeeld NL69ZZZ123456780000 met kloppende controlecijfers."
        )
    config = {
        "name": bureau["naam"],
        "IBAN": bureau["iban"].replace(" ", ""),
        "BIC": bureau["bic"],
        "batch": True,
        "creditor_id": incassant_id.replace(" ", "").upper(),
        "currency": "EUR",
    }
    sepa = SepaDD(config, schema=SCHEMA, clean=True)
    msg = "".join(t for t in msg_id if t.isalnum() or t == "-")[:35]
    sepa._xml.find("CstmrDrctDbtInitn/GrpHdr/MsgId").text = msg
    sepa.msg_id = msg
    for r in regels:
        if r.bedrag <= 0:
            raise IncassoFout(f"Incasso {r.end_to_end_id} heeft geen positief bedrag ({r.bedrag}).")
        sepa.add_payment(
            {
                "name": r.naam,
                "IBAN": r.iban.replace(" ", "").upper(),
                "amount": centen(r.bedrag),
                "type": r.volgorde,
                "collection_date": r.incassodatum,
                "mandate_id": r.machtiging,
                "mandate_date": r.machtiging_datum,
                "description": r.omschrijving,
                "endtoend_id": r.end_to_end_id,
            }
        )
    try:
        xml = sepa.export(validate=False)
    except Exception as exc:  # sepaxml refuses some values while it builds the file; keep the reason
        raise IncassoFout(f"Het incassobestand voldoet niet aan {SCHEMA}: {exc}") from exc
    doc = etree.fromstring(xml, parser=etree.XMLParser(resolve_entities=False, no_network=True))
    schema = _xsd()
    if not schema.validate(doc):
        fout = schema.error_log.last_error
        raise IncassoFout(f"Het incassobestand voldoet niet aan {SCHEMA}: regel {fout.line}: {fout.message}")
    return xml
