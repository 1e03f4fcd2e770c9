"""The XAF 3.2 auditfile of the journal (issue 19 item 6): valid against the published XSD, its totals those of
the journal for the period, the accounts those of the beheerder's chart, and only for financieel and beheerder.
Money is booked through the real services: receipts with ``ontvangst_registreer``, a payout through a batch
that is prepared, approved and booked."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal as D

import pytest
from django.db.models import Sum
from django.http import StreamingHttpResponse
from django.test import Client as DjangoClient
from django.urls import reverse
from django.utils import timezone
from lxml import etree

from inning.ledger import journaalpost_boek, rekening
from inning.models import Journaalpost, Journaalregel
from inning.services import ontvangst_registreer
from tests.conftest import login_als
from tests.inning.geld_factories import maak_dossier
from uitbetaling import auditfile
from uitbetaling.auditfile import NS, XSD, auditfile_stroom, maanden
from uitbetaling.models import AuditfileRekening, UitbetalingBatch
from uitbetaling.services import iso_week, uitbetaling_batch_keur_goed, uitbetaling_batch_maak

pytestmark = pytest.mark.django_db

X = {"x": NS}
SCHEMA = etree.XMLSchema(etree.parse(str(XSD)))


def _ontvangst(dossier, bedrag: str, datum: date, sleutel: str):
    return ontvangst_registreer(
        dossier=dossier,
        bedrag=D(bedrag),
        datum=datum,
        bron_type="deurwaarder",
        bron_id=sleutel,
        omschrijving=f"Afdracht deurwaarder {sleutel}",
        sleutel=sleutel,
    )


@pytest.fixture
def periode():
    vandaag = timezone.localdate()
    return vandaag - timedelta(days=20), vandaag


@pytest.fixture
def geboekt(periode, financieel, tweede_financieel, provisie_tarief, django_capture_on_commit_callbacks):
    """Two receipts in the period, one before and one after it, and this week's payout batch (booked today)."""
    van, tot = periode
    _ontvangst(maak_dossier(), "450.00", tot - timedelta(days=10), "xaf-1")
    _ontvangst(maak_dossier(), "300.00", tot - timedelta(days=5), "xaf-2")
    buiten = [
        _ontvangst(maak_dossier(), "125.00", van - timedelta(days=1), "xaf-voor"),
        _ontvangst(maak_dossier(), "75.00", tot + timedelta(days=1), "xaf-na"),
    ]
    with django_capture_on_commit_callbacks(execute=True):
        batch = uitbetaling_batch_maak(week=iso_week(tot), door=financieel)
    with django_capture_on_commit_callbacks(execute=True):
        uitbetaling_batch_keur_goed(batch=batch, door=tweede_financieel)
    batch.refresh_from_db()
    assert batch.status == UitbetalingBatch.Status.GEBOEKT
    return {"buiten": buiten}


def _xaf(van: date, tot: date) -> etree._Element:
    data = b"".join(auditfile_stroom(van=van, tot=tot))
    assert data.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
    doc = etree.fromstring(data)
    assert SCHEMA.validate(doc), SCHEMA.error_log
    return doc


def _bedragen(doc, pad: str) -> list[D]:
    return [D(t) for t in doc.xpath(pad, namespaces=X)]


def test_the_auditfile_is_valid_and_its_totals_are_the_journals(geboekt, periode):
    van, tot = periode
    doc = _xaf(van, tot)
    regels = Journaalregel.objects.filter(post__datum__gte=van, post__datum__lte=tot)
    debet_journaal = regels.filter(bedrag__gt=0).aggregate(s=Sum("bedrag"))["s"]
    credit_journaal = -regels.filter(bedrag__lt=0).aggregate(s=Sum("bedrag"))["s"]

    trans = doc.find("x:company/x:transactions", X)
    totaal_debet = D(trans.findtext("x:totalDebit", namespaces=X))
    totaal_credit = D(trans.findtext("x:totalCredit", namespaces=X))
    assert totaal_debet == totaal_credit == debet_journaal == credit_journaal > 0
    assert int(trans.findtext("x:linesCount", namespaces=X)) == regels.count()

    lijnen = "x:journal/x:transaction/x:trLine"
    debet = _bedragen(trans, f"{lijnen}[x:amntTp='D']/x:amnt/text()")
    credit = _bedragen(trans, f"{lijnen}[x:amntTp='C']/x:amnt/text()")
    assert sum(debet) == sum(credit) == totaal_debet
    assert len(debet) + len(credit) == regels.count()
    # every entry balances on its own, and its amount is its debit side
    for tr in trans.iterfind("x:journal/x:transaction", X):
        d = sum(_bedragen(tr, "x:trLine[x:amntTp='D']/x:amnt/text()"))
        c = sum(_bedragen(tr, "x:trLine[x:amntTp='C']/x:amnt/text()"))
        assert d == c == D(tr.findtext("x:amnt", namespaces=X))

    kop = doc.find("x:header", X)
    assert kop.findtext("x:startDate", namespaces=X) == van.isoformat()
    assert kop.findtext("x:endDate", namespaces=X) == tot.isoformat()
    assert kop.findtext("x:curCode", namespaces=X) == "EUR"
    assert kop.findtext("x:softwareDesc", namespaces=X) == "NLAI Inning"
    journaal = trans.find("x:journal", X)
    assert journaal.findtext("x:jrnTp", namespaces=X) == "G"
    assert doc.findtext("x:company/x:taxRegistrationCountry", namespaces=X) == "NL"
    # no customers or suppliers: the accountant gets the money, not the people
    assert doc.find("x:company/x:customersSuppliers", X) is None


def test_entries_outside_the_period_are_left_out(geboekt, periode):
    van, tot = periode
    doc = _xaf(van, tot)
    nrs = set(doc.xpath("//x:transaction/x:nr/text()", namespaces=X))
    binnen = Journaalpost.objects.filter(datum__gte=van, datum__lte=tot)
    assert nrs == {str(pk) for pk in binnen.values_list("pk", flat=True)}
    buiten = Journaalpost.objects.exclude(datum__gte=van, datum__lte=tot)
    assert buiten.filter(datum__lt=van).exists() and buiten.filter(datum__gt=tot).exists()
    assert nrs.isdisjoint({str(pk) for pk in buiten.values_list("pk", flat=True)})
    for datum in doc.xpath("//x:trDt/text()", namespaces=X):
        assert van <= date.fromisoformat(datum) <= tot


def test_the_payout_and_the_receipts_are_on_the_mapped_accounts(geboekt, periode):
    van, tot = periode
    doc = _xaf(van, tot)
    accounts = {
        la.findtext("x:accID", namespaces=X): la.findtext("x:accTp", namespaces=X)
        for la in doc.iterfind("x:company/x:generalLedger/x:ledgerAccount", X)
    }
    assert accounts["1100"] == "B" and accounts["8000"] == "P"
    uitbetaling = doc.xpath("//x:transaction[x:sourceID='uitbetaling']", namespaces=X)
    assert uitbetaling, "the payout is booked in the period"
    # the payout credits the client-money bank account with what was owed to both clients in the period
    bank = [
        b
        for tr in uitbetaling
        for b in _bedragen(tr, "x:trLine[x:accID='1100' and x:amntTp='C']/x:amnt/text()")
    ]
    assert bank and sum(bank) > 0
    assert doc.xpath("//x:trLine[x:accID='8000' and x:amntTp='C']", namespaces=X)  # commission revenue


def test_a_changed_mapping_shows_in_the_file(geboekt, periode):
    van, tot = periode
    AuditfileRekening.objects.filter(code="bank_derdengelden").update(
        rekeningnummer="1099", omschrijving="Stichting Derdengelden NLAI", rgs_code="BLimBan"
    )
    doc = _xaf(van, tot)
    la = doc.xpath("//x:ledgerAccount[x:accID='1099']", namespaces=X)
    assert len(la) == 1
    assert la[0].findtext("x:accDesc", namespaces=X) == "Stichting Derdengelden NLAI"
    assert la[0].findtext("x:leadCode", namespaces=X) == "BLimBan"
    assert doc.xpath("//x:trLine[x:accID='1099']", namespaces=X)
    assert not doc.xpath("//x:accID[text()='1100']", namespaces=X)


def test_two_codes_on_one_account_number_give_one_ledger_account(geboekt, periode):
    van, tot = periode
    AuditfileRekening.objects.filter(
        code__in=["provisie_nog_over_te_boeken", "kosten_nog_over_te_boeken"]
    ).update(rekeningnummer="1625")
    doc = _xaf(van, tot)  # the XSD's accountIDKey refuses a second ledgerAccount with the same accID
    assert len(doc.xpath("//x:ledgerAccount[x:accID='1625']", namespaces=X)) == 1


def test_a_code_without_a_row_falls_back_to_the_standard_chart(geboekt, periode):
    van, tot = periode
    AuditfileRekening.objects.filter(code="bank_derdengelden").delete()
    doc = _xaf(van, tot)
    assert doc.xpath("//x:trLine[x:accID='1100']", namespaces=X)


def test_an_empty_period_is_a_valid_file_with_no_lines(db):
    doc = _xaf(date(2001, 1, 1), date(2001, 3, 31))
    assert doc.findtext("x:company/x:transactions/x:linesCount", namespaces=X) == "0"
    assert doc.findtext("x:company/x:transactions/x:totalDebit", namespaces=X) == "0.00"
    assert len(doc.findall("x:company/x:periods/x:period", X)) == 3


def test_text_a_payer_chose_cannot_break_the_xml(provisie_tarief):
    journaalpost_boek(
        datum=date(2026, 3, 3),
        omschrijving='<b>&"Jansen" \x0b\x1f</b>',
        regels=[(rekening("bank_derdengelden"), D("12.34")), (rekening("ongealloceerd"), D("-12.34"))],
        bron_type="bankregel",
        bron_id="]]>",
        sleutel="test-xaf:tekst",
    )
    doc = _xaf(date(2026, 3, 1), date(2026, 3, 31))
    assert doc.findtext(".//x:transaction/x:desc", namespaces=X) == '<b>&"Jansen" </b>'
    assert doc.findtext(".//x:trLine/x:docRef", namespaces=X) == "bankregel ]]>"


def test_the_file_streams_in_chunks(provisie_tarief, monkeypatch):
    for n in range(5):
        journaalpost_boek(
            datum=date(2026, 3, 3),
            omschrijving=f"post {n}",
            regels=[(rekening("bank_derdengelden"), D("1.00")), (rekening("ongealloceerd"), D("-1.00"))],
            bron_type="test",
            bron_id=str(n),
            sleutel=f"test-xaf:stroom:{n}",
        )
    monkeypatch.setattr(auditfile, "FLUSH", 2)
    delen = list(auditfile_stroom(van=date(2026, 3, 1), tot=date(2026, 3, 31)))
    assert len([d for d in delen if b"<transaction>" in d]) >= 3
    assert SCHEMA.validate(etree.fromstring(b"".join(delen)))


def test_periods_are_calendar_months_clipped_to_the_period():
    assert maanden(date(2025, 11, 15), date(2026, 2, 10)) == [
        (1, date(2025, 11, 15), date(2025, 11, 30)),
        (2, date(2025, 12, 1), date(2025, 12, 31)),
        (3, date(2026, 1, 1), date(2026, 1, 31)),
        (4, date(2026, 2, 1), date(2026, 2, 10)),
    ]


# --- The page -------------------------------------------------------------------------------------------


def test_financieel_downloads_the_auditfile(fin_client, geboekt, periode):
    van, tot = periode
    r = fin_client.get(reverse("uitbetaling:auditfile"), {"van": van.isoformat(), "tot": tot.isoformat()})
    assert r.status_code == 200 and isinstance(r, StreamingHttpResponse)
    assert r["Content-Type"] == "application/xml"
    assert r["Content-Disposition"] == f'attachment; filename="auditfile-{van:%Y%m%d}-{tot:%Y%m%d}.xaf"'
    assert SCHEMA.validate(etree.fromstring(b"".join(r.streaming_content)))


def test_beheerder_downloads_it_too_and_finds_the_chart(beheerder, periode):
    c = login_als(DjangoClient(), beheerder)
    van, tot = periode
    r = c.get(reverse("uitbetaling:auditfile"), {"van": van.isoformat(), "tot": tot.isoformat()})
    assert r.status_code == 200 and isinstance(r, StreamingHttpResponse)
    pagina = c.get(reverse("uitbetaling:export")).content.decode()
    lijst = reverse("admin:uitbetaling_auditfilerekening_changelist")
    assert lijst in pagina
    r = c.get(lijst)
    assert r.status_code == 200 and "bank_derdengelden" in r.content.decode()
    rij = AuditfileRekening.objects.get(code="provisie_opbrengst")
    r = c.post(
        reverse("admin:uitbetaling_auditfilerekening_change", args=[rij.pk]),
        {"rekeningnummer": "8010", "omschrijving": "Provisie", "soort": "P", "rgs_code": ""},
    )
    assert r.status_code == 302
    rij.refresh_from_db()
    assert (rij.code, rij.rekeningnummer) == ("provisie_opbrengst", "8010")


@pytest.mark.parametrize("wie", ["portaal_client", "cm_client"])
def test_a_client_and_a_case_manager_get_no_auditfile(request, wie, periode):
    c = request.getfixturevalue(wie)
    van, tot = periode
    r = c.get(reverse("uitbetaling:auditfile"), {"van": van.isoformat(), "tot": tot.isoformat()})
    assert r.status_code in (302, 403)
    assert not isinstance(r, StreamingHttpResponse)
    assert DjangoClient().get(reverse("uitbetaling:auditfile")).status_code in (302, 403)


def test_a_bad_period_gets_a_dutch_error_on_the_export_page(fin_client):
    r = fin_client.get(reverse("uitbetaling:auditfile"), {"van": "2026-12-31", "tot": "2026-01-01"})
    html = r.content.decode()
    assert r.status_code == 200 and "De einddatum ligt vóór de begindatum." in html
    assert 'value="2026-12-31"' in html  # what was typed stays
    r = fin_client.get(reverse("uitbetaling:auditfile"), {"van": "1900-01-01", "tot": "2026-12-31"})
    assert r.status_code == 200 and "Een auditfile beslaat hoogstens 999 maanden." in r.content.decode()
    r = fin_client.get(reverse("uitbetaling:auditfile"), {"van": "gisteren", "tot": ""})
    assert r.status_code == 200 and "Voer een geldige datum in." in r.content.decode()


def test_the_export_page_offers_the_auditfile(fin_client):
    html = fin_client.get(reverse("uitbetaling:export")).content.decode()
    assert "Auditfile Financieel (XAF 3.2)" in html
    assert f'action="{reverse("uitbetaling:auditfile")}"' in html
    assert 'id="xaf_van"' in html and 'id="id_van"' in html  # two forms on one page, no id twice
    assert "Download auditfile (XAF)" in html
    assert reverse("admin:uitbetaling_auditfilerekening_changelist") not in html  # only the beheerder edits
