"""The journal of a period as an XAF 3.2 auditfile (Auditfile Financieel, ``data/XmlAuditfileFinancieel3.2.xsd``).

What the file holds: the header, the agency (``settings.BUREAU``), the chart of accounts (``AuditfileRekening``,
one ledger account per ledger code), one period per calendar month (a transaction must name its period, the
schema's ``periodNumberKey``) and one journal (``jrnTp`` G, memoriaal) in which every ``Journaalpost`` of the
period is a transaction and every ``Journaalregel`` a line, debit or credit. No customers or suppliers: a
client's and a debtor's accounts are shown by their ledger code only, so the accountant gets the money
without the people (data minimisation); the journal's descriptions are what the CSV journal export shows.

Streaming: the schema puts the number of lines and the debit and credit totals before the first journal, so
they come with the lines themselves, as window aggregates of the one query that streams the lines: one
statement, one snapshot, so the totals always match the lines that follow, however many entries are booked
meanwhile. The lines arrive in chunks from a database cursor; each transaction is built as a small element
and written through ``lxml.etree.xmlfile``, whose output is yielded every ``FLUSH`` transactions, so memory
stays flat however long the period.

Namespace: only the elements ``xmlfile`` opens (auditfile, company, transactions, journal) carry the XAF
namespace; the small elements written inside them are built without one and so inherit the default namespace
declared once on ``auditfile`` (a namespaced element would repeat ``xmlns`` on every transaction). The tests
validate the bytes against the XSD, which would fail if an element fell out of the namespace.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from itertools import chain
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q, Sum, Window
from django.http import StreamingHttpResponse
from django.utils import timezone
from lxml import etree

from inning.ledger import AGENCY_REKENINGEN, CLIENT_REKENINGEN, DOSSIER_REKENINGEN
from inning.models import Journaalregel, Rekening

from .models import AuditfileRekening

__all__ = [
    "MAX_PERIODES",
    "NS",
    "SOORTEN",
    "STANDAARD_SCHEMA",
    "XSD",
    "XafRekening",
    "aantal_maanden",
    "auditfile_response",
    "auditfile_stroom",
    "maanden",
    "rekeningschema",
]

NS = "http://www.auditfiles.nl/XAF/3.2"
XSD = Path(__file__).resolve().parent / "data" / "XmlAuditfileFinancieel3.2.xsd"
SOFTWARE = "NLAI Inning"
JOURNAAL = "MEM"
CHUNK = 2000
FLUSH = 500  # transactions per yielded chunk
MAX_PERIODES = 999  # periodNumber is a Nonnegativeinteger3: at most 999 months in one file

# The standard chart (the data migration 0003 creates these rows; a code without a row falls back to it).
# code: (accID, accDesc, accTp)
STANDAARD_SCHEMA: dict[str, tuple[str, str, str]] = {
    "bank_derdengelden": ("1100", "Bank Stichting Derdengelden", "B"),
    "bank_kantoor": ("1110", "Bank kantoor", "B"),
    "onderweg_mollie": ("1120", "Onderweg bij betaaldienst Mollie", "B"),
    "onderweg_testbetaaldienst": ("1121", "Onderweg bij testbetaaldienst", "B"),
    "vordering_op_derdengelden": ("1300", "Vordering op derdengelden (provisie)", "B"),
    "provisie_te_verrekenen": ("1310", "Te verrekenen provisie cliënten", "B"),
    "te_ontvangen_debiteur": ("1320", "Te ontvangen deurwaarderskosten debiteuren", "B"),
    "btw_af_te_dragen": ("1500", "Af te dragen btw", "B"),
    "verschuldigd_aan_client": ("1600", "Verschuldigd aan cliënten", "B"),
    "ongealloceerd": ("1610", "Nog niet toegewezen ontvangsten", "B"),
    "provisie_nog_over_te_boeken": ("1620", "Provisie nog over te boeken", "B"),
    "kosten_nog_over_te_boeken": ("1630", "Deurwaarderskosten nog over te boeken", "B"),
    "deurwaarderskosten": ("1640", "Te verhalen deurwaarderskosten", "B"),
    "kosten_betaaldienst": ("4500", "Kosten betaaldienst", "P"),
    "provisie_opbrengst": ("8000", "Provisie-opbrengst", "P"),
}
SOORTEN = {**AGENCY_REKENINGEN, **CLIENT_REKENINGEN, **DOSSIER_REKENINGEN}  # every code the ledger books on

# XML 1.0 allows neither most control characters nor unpaired surrogates; a bank's description may hold them.
_ONGELDIG = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_POSTCODE_PLAATS = re.compile(r"^\s*(\d{4}\s?[A-Za-z]{2})\s+(.+?)\s*$")
_MAANDEN = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
]


@dataclass(frozen=True, slots=True)
class XafRekening:
    acc_id: str
    omschrijving: str
    soort: str
    rgs_code: str = ""


def rekeningschema() -> dict[str, XafRekening]:
    """Ledger code → the account the auditfile shows for it: the beheerder's row, else the standard one."""
    schema = {
        code: XafRekening(acc_id, oms, soort) for code, (acc_id, oms, soort) in STANDAARD_SCHEMA.items()
    }
    for r in AuditfileRekening.objects.all():
        schema[r.code] = XafRekening(r.rekeningnummer, r.omschrijving, r.soort, r.rgs_code)
    for code, soort in SOORTEN.items():  # a code added to the ledger later still gets an account
        schema.setdefault(
            code, XafRekening(code[:35], code, "P" if soort == Rekening.Soort.OPBRENGST else "B")
        )
    return schema


def aantal_maanden(van: date, tot: date) -> int:
    return (tot.year - van.year) * 12 + tot.month - van.month + 1


def maanden(van: date, tot: date) -> list[tuple[int, date, date]]:
    """The periods of the file: (number, first day, last day) per calendar month, clipped to van..tot."""
    uit: list[tuple[int, date, date]] = []
    jaar, maand = van.year, van.month
    while (jaar, maand) <= (tot.year, tot.month):
        laatste = date(jaar, maand, calendar.monthrange(jaar, maand)[1])
        uit.append((len(uit) + 1, max(van, date(jaar, maand, 1)), min(tot, laatste)))
        jaar, maand = (jaar + 1, 1) if maand == 12 else (jaar, maand + 1)
    return uit


def _tekst(waarde: object, lengte: int | None = None) -> str:
    tekst = _ONGELDIG.sub("", str(waarde))
    return tekst[:lengte] if lengte else tekst


def _bedrag(bedrag: Decimal) -> str:
    return f"{bedrag:.2f}"


def _el(ouder: etree._Element, naam: str, waarde: object) -> None:
    etree.SubElement(ouder, naam).text = str(waarde)


def _schrijf(xf, naam: str, waarde: object) -> None:
    el = etree.Element(naam)
    el.text = str(waarde)
    xf.write(el)


def _kop(van: date, tot: date) -> etree._Element:
    kop = etree.Element("header")
    _el(kop, "fiscalYear", str(van.year) if van.year == tot.year else f"{van.year}-{tot.year}")
    _el(kop, "startDate", van.isoformat())
    _el(kop, "endDate", tot.isoformat())
    _el(kop, "curCode", "EUR")
    _el(kop, "dateCreated", timezone.localdate().isoformat())
    _el(kop, "softwareDesc", SOFTWARE)
    _el(kop, "softwareVersion", _tekst(settings.SPECTACULAR_SETTINGS["VERSION"], 20))
    return kop


def _bureau(xf) -> None:
    bureau = settings.BUREAU
    _schrijf(xf, "companyIdent", _tekst(bureau["kvk"], 35))
    _schrijf(xf, "companyName", _tekst(bureau["naam"], 999))
    _schrijf(xf, "taxRegistrationCountry", "NL")
    _schrijf(xf, "taxRegIdent", _tekst(bureau["btw"], 30))
    adres = etree.Element("streetAddress")
    _el(adres, "streetname", _tekst(bureau["adres"], 999))
    if m := _POSTCODE_PLAATS.match(bureau["postcode_plaats"]):
        _el(adres, "city", _tekst(m.group(2), 50))
        _el(adres, "postalCode", _tekst(m.group(1), 10))
    _el(adres, "country", "NL")
    xf.write(adres)


def _grootboek(schema: dict[str, XafRekening]) -> etree._Element | None:
    gezien: dict[str, XafRekening] = {}
    for _, rek in sorted(schema.items(), key=lambda item: (item[1].acc_id, item[0])):
        gezien.setdefault(rek.acc_id, rek)  # accID is the schema's key: one ledgerAccount per number
    if not gezien:
        return None
    grootboek = etree.Element("generalLedger")
    for rek in gezien.values():
        la = etree.SubElement(grootboek, "ledgerAccount")
        _el(la, "accID", _tekst(rek.acc_id, 35))
        _el(la, "accDesc", _tekst(rek.omschrijving, 999))
        _el(la, "accTp", rek.soort)
        if rek.rgs_code:
            _el(la, "leadCode", _tekst(rek.rgs_code, 999))
    return grootboek


def _periodes(van: date, tot: date) -> etree._Element:
    periodes = etree.Element("periods")
    for nummer, begin, eind in maanden(van, tot):
        p = etree.SubElement(periodes, "period")
        _el(p, "periodNumber", nummer)
        _el(p, "periodDesc", f"{_MAANDEN[begin.month - 1]} {begin.year}")
        _el(p, "startDatePeriod", begin.isoformat())
        _el(p, "endDatePeriod", eind.isoformat())
    return periodes


def _regels(van: date, tot: date) -> Iterator[tuple]:
    """The period's lines in journal order, each with the count and the debit and credit totals of all."""
    qs = (
        Journaalregel.objects.filter(post__datum__gte=van, post__datum__lte=tot)
        .annotate(
            aantal=Window(Count("id")),
            debet=Window(Sum("bedrag", filter=Q(bedrag__gt=0))),
            credit=Window(Sum("bedrag", filter=Q(bedrag__lt=0))),
        )
        .order_by("post__datum", "post_id", "id")
        .values_list(
            "aantal",
            "debet",
            "credit",
            "post_id",
            "post__datum",
            "post__omschrijving",
            "post__bron_type",
            "post__bron_id",
            "post__door_id",
            "id",
            "rekening__code",
            "bedrag",
        )
    )
    yield from qs.iterator(chunk_size=CHUNK)


def _transactie(
    post: tuple, regels: list[tuple], schema: dict[str, XafRekening], periode: dict[tuple[int, int], int]
) -> etree._Element:
    post_id, datum, omschrijving, bron_type, bron_id, door_id = post
    oms = _tekst(omschrijving)
    bron = _tekst(f"{bron_type} {bron_id}".strip(), 999)
    tr = etree.Element("transaction")
    _el(tr, "nr", post_id)
    _el(tr, "desc", oms)
    _el(tr, "periodNumber", periode[(datum.year, datum.month)])
    _el(tr, "trDt", datum.isoformat())
    _el(tr, "amnt", _bedrag(sum((b for _, _, b in regels if b > 0), Decimal(0))))
    _el(tr, "amntTp", "D")
    if bron_type:
        _el(tr, "sourceID", _tekst(bron_type, 35))
    if door_id is not None:
        _el(tr, "userID", door_id)
    for regel_id, code, bedrag in regels:
        lijn = etree.SubElement(tr, "trLine")
        _el(lijn, "nr", regel_id)
        _el(lijn, "accID", _tekst(schema[code].acc_id, 35))
        _el(lijn, "docRef", bron)
        _el(lijn, "effDate", datum.isoformat())
        _el(lijn, "desc", oms)
        _el(lijn, "amnt", _bedrag(abs(bedrag)))
        _el(lijn, "amntTp", "D" if bedrag > 0 else "C")
    return tr


class _Buffer:
    """What ``xmlfile`` wrote since the last chunk was handed on."""

    def __init__(self) -> None:
        self.delen: list[bytes] = []

    def write(self, data: bytes) -> None:
        self.delen.append(data)

    def leeg(self) -> bytes:
        data, self.delen = b"".join(self.delen), []
        return data


def auditfile_stroom(*, van: date, tot: date) -> Iterator[bytes]:
    """The auditfile of the journal from ``van`` up to and including ``tot``, as UTF-8 chunks."""
    # A transaction around the cursor: without one, psycopg declares it WITH HOLD and PostgreSQL copies the
    # whole result before handing over the first row (as in ``export_journaal``).
    with transaction.atomic():
        yield from _stroom(van, tot)


def _stroom(van: date, tot: date) -> Iterator[bytes]:
    schema = rekeningschema()
    periode = {(begin.year, begin.month): nummer for nummer, begin, _ in maanden(van, tot)}
    regels = _regels(van, tot)
    eerste = next(regels, None)
    aantal, debet, credit = (0, None, None) if eerste is None else eerste[:3]
    buf = _Buffer()
    buf.write(b'<?xml version="1.0" encoding="UTF-8"?>\n')
    with etree.xmlfile(buf, encoding="UTF-8") as xf:
        with xf.element(f"{{{NS}}}auditfile", nsmap={None: NS}):
            xf.write(_kop(van, tot))
            with xf.element(f"{{{NS}}}company"):
                _bureau(xf)
                if (grootboek := _grootboek(schema)) is not None:
                    xf.write(grootboek)
                xf.write(_periodes(van, tot))
                with xf.element(f"{{{NS}}}transactions"):
                    _schrijf(xf, "linesCount", aantal)
                    _schrijf(xf, "totalDebit", _bedrag(debet or Decimal(0)))
                    _schrijf(xf, "totalCredit", _bedrag(-(credit or Decimal(0))))
                    with xf.element(f"{{{NS}}}journal"):
                        _schrijf(xf, "jrnID", JOURNAAL)
                        _schrijf(xf, "desc", f"Journaal derdengelden {SOFTWARE}")
                        _schrijf(xf, "jrnTp", "G")
                        xf.flush()
                        yield buf.leeg()
                        if eerste is not None:
                            yield from _transacties(xf, buf, eerste, regels, schema, periode)
        xf.flush()
    yield buf.leeg()


def _transacties(
    xf, buf: _Buffer, eerste: tuple, regels: Iterator[tuple], schema, periode
) -> Iterator[bytes]:
    post: tuple | None = None
    lijnen: list[tuple] = []
    geschreven = 0
    for _a, _d, _c, post_id, datum, oms, bron_type, bron_id, door_id, regel_id, code, bedrag in chain(
        [eerste], regels
    ):
        if post is not None and post[0] != post_id:
            xf.write(_transactie(post, lijnen, schema, periode), "\n")
            lijnen = []
            geschreven += 1
            if geschreven % FLUSH == 0:
                xf.flush()
                yield buf.leeg()
        post = (post_id, datum, oms, bron_type, bron_id, door_id)
        lijnen.append((regel_id, code, bedrag))
    if post is not None:
        xf.write(_transactie(post, lijnen, schema, periode), "\n")
    xf.flush()
    yield buf.leeg()


def auditfile_response(*, van: date, tot: date) -> StreamingHttpResponse:
    response = StreamingHttpResponse(auditfile_stroom(van=van, tot=tot), content_type="application/xml")
    response["Content-Disposition"] = f'attachment; filename="auditfile-{van:%Y%m%d}-{tot:%Y%m%d}.xaf"'
    response["Cache-Control"] = "no-store"
    return response
