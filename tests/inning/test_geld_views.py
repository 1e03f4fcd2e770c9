"""Staff and portal pages of client money: upload, queue, manual match and undo, direct payments,
reconciliation and CSV; access per role and per client."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client as DjangoClient

from inning import selectors
from inning.models import Bankafschrift, DirecteBetaling, Ontvangst
from tests.bank.bank_bestanden import Post, camt053

from ..conftest import login_als
from .geld_factories import maak_client, maak_dossier

pytestmark = pytest.mark.django_db
D = Decimal


_capture = None


@pytest.fixture(autouse=True)
def _on_commit_direct(django_capture_on_commit_callbacks):
    global _capture
    _capture = django_capture_on_commit_callbacks
    return


def _upload(client, inhoud: bytes, naam="afschrift.xml"):
    """Upload; on_commit callbacks (the Celery task, eager in tests) run as after a real commit."""
    with _capture(execute=True):
        return client.post("/staff/geld/afschriften/", {"bestand": SimpleUploadedFile(naam, inhoud)})


def test_upload_processes_the_statement_and_shows_progress(fin_client):
    dossier = maak_dossier()
    r = _upload(
        fin_client,
        camt053([Post(D("450.00"), kenmerk=dossier.betaalkenmerk, ref="U1"), Post(D("9.00"), ref="U2")]),
    )
    afschrift = Bankafschrift.objects.get()
    assert r.status_code == 302 and r["Location"] == f"/staff/geld/afschriften/{afschrift.pk}/"
    afschrift.refresh_from_db()
    assert afschrift.status == "klaar"  # eager Celery in tests
    html = fin_client.get(r["Location"], HTTP_HX_REQUEST="true").content.decode()
    assert "2 regels: 2 nieuw, 0 al bekend; 1 gekoppeld, 1 wachten" in html
    assert 'value="100"' in html and "hx-trigger" not in html  # finished: polling stops


def test_progress_partial_polls_while_busy(fin_client):
    a = Bankafschrift.objects.create(
        bestandsnaam="x.xml", inhoud=b"", status="bezig", regels_totaal=200, regels_verwerkt=50
    )
    html = fin_client.get(f"/staff/geld/afschriften/{a.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert 'hx-trigger="every 1s"' in html and 'value="25"' in html


def test_defective_upload_shows_the_reason_and_stores_nothing(fin_client):
    r = _upload(fin_client, camt053([Post(D("5.00"), ref="Y", valuta="USD")]))
    assert r.status_code == 200
    assert "Onbekende valuta" in r.content.decode() and "Regel " in r.content.decode()
    assert not Bankafschrift.objects.exists()


def test_manual_match_and_undo(fin_client):
    dossier = maak_dossier()
    _upload(fin_client, camt053([Post(D("450.00"), omschrijving="alimentatie", ref="M1")]))
    o = Ontvangst.objects.get()
    assert "alimentatie" in fin_client.get("/staff/geld/ontvangsten/").content.decode()
    r = fin_client.post(f"/staff/geld/ontvangsten/{o.pk}/koppel/", {"dossier": "bestaat-niet"})
    assert r.status_code == 422 and "Geen dossier gevonden" in r.content.decode()
    k = dossier.betaalkenmerk
    r = fin_client.post(f"/staff/geld/ontvangsten/{o.pk}/koppel/", {"dossier": f"{k[:4].lower()} {k[4:]}"})
    assert r.status_code == 302
    assert selectors.client_saldo(client_id=dossier.client_id) == D("396.00")
    page = fin_client.get(f"/staff/geld/ontvangsten/{o.pk}/").content.decode()
    assert "54,00" in page and "9,37" in page and "396,00" in page
    fin_client.post(f"/staff/geld/ontvangsten/{o.pk}/ontkoppel/")
    o.refresh_from_db()
    assert o.status == "ongematcht"
    assert selectors.client_saldo(client_id=dossier.client_id) == D("0.00")


def test_case_manager_may_not_upload_or_match(cm_client):
    assert cm_client.get("/staff/geld/afschriften/").status_code == 403
    assert cm_client.get("/staff/geld/afstemming/").status_code == 403
    assert cm_client.get("/staff/geld/ontvangsten/").status_code == 200


def test_reconciliation_page_and_csv_show_the_difference(fin_client):
    dossier = maak_dossier()
    # statement says 500.00 but only 450.00 came in: the 50.00 difference must be shown
    _upload(
        fin_client,
        camt053([Post(D("450.00"), kenmerk=dossier.betaalkenmerk, ref="A1")], eindsaldo=D("500.00")),
    )
    html = fin_client.get("/staff/geld/afstemming/").content.decode()
    assert "€ 50,00" in html and "table-danger" in html
    csv = fin_client.get("/staff/geld/afstemming.csv").content.decode("utf-8")
    assert csv.startswith("\ufeff")
    assert "verschil afschrift;50,00" in csv and "verschuldigd aan cliënten;396,00" in csv


def test_query_count_of_queue_is_bounded(fin_client, django_assert_max_num_queries):
    _upload(fin_client, camt053([Post(D(10 + i), omschrijving=f"x{i}", ref=f"Q{i}") for i in range(30)]))
    with django_assert_max_num_queries(12):
        assert fin_client.get("/staff/geld/ontvangsten/").status_code == 200


def test_client_reports_direct_payment_and_case_manager_confirms(client_user, cm_client):
    client = maak_client(user=client_user)
    dossier = maak_dossier(client=client)
    portaal = login_als(DjangoClient(), client_user)
    r = portaal.post(
        "/portaal/geld/rechtstreeks-betaald/",
        {"dossier": dossier.pk, "datum": "2026-02-10", "bedrag": "200,00", "toelichting": "contant",
         "bewijs": SimpleUploadedFile("bewijs.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", "application/pdf")},
    )  # fmt: skip
    melding = DirecteBetaling.objects.get()
    assert r.status_code == 302 and melding.bedrag == D("200.00") and melding.bewijs is not None
    assert dossier.nummer in cm_client.get("/staff/geld/rechtstreeks/").content.decode()
    cm_client.post(f"/staff/geld/rechtstreeks/{melding.pk}/bevestig/")
    melding.refresh_from_db()
    assert melding.status == "bevestigd"
    assert selectors.client_provisie_te_verrekenen(client_id=client.pk) == D("24.00")
    html = portaal.get(f"/portaal/geld/rechtstreeks-betaald/{melding.pk}/").content.decode()
    assert "24,00" in html and "4,17" in html


def test_portal_is_scoped_to_the_client(client_user, maak_gebruiker):
    eigen = maak_client(user=client_user)
    maak_dossier(client=eigen)
    ander_dossier = maak_dossier(client=maak_client(naam="Ander"))
    melding = DirecteBetaling.objects.create(dossier=ander_dossier, datum=date(2026, 2, 1), bedrag=D("10.00"))
    portaal = login_als(DjangoClient(), client_user)
    assert portaal.get(f"/portaal/geld/rechtstreeks-betaald/{melding.pk}/").status_code == 404
    r = portaal.post(
        "/portaal/geld/rechtstreeks-betaald/",
        {"dossier": ander_dossier.pk, "datum": "2026-02-10", "bedrag": "5"},
    )
    assert r.status_code == 200 and DirecteBetaling.objects.count() == 1  # refused: not their dossier
    assert "bedrag" in r.content.decode()  # the form is shown again with what was typed


def test_direct_payment_in_the_future_is_refused_with_dutch_message(client_user):
    client = maak_client(user=client_user)
    dossier = maak_dossier(client=client)
    portaal = login_als(DjangoClient(), client_user)
    r = portaal.post(
        "/portaal/geld/rechtstreeks-betaald/", {"dossier": dossier.pk, "datum": "2099-01-01", "bedrag": "5"}
    )
    assert "De datum ligt in de toekomst." in r.content.decode()


def test_staff_dossier_money_tab_shows_receipts(cm_client):
    dossier = maak_dossier()
    o = Ontvangst.objects.create(bron="bank", datum=date(2026, 2, 15), bedrag=D("450.00"), sleutel="t1")
    from inning import services

    services._ontvangst_boek(o)
    services.ontvangst_koppel(ontvangst=o, dossier=dossier)
    html = cm_client.get(f"/staff/geld/dossiers/{dossier.pk}/").content.decode()
    assert "Ontvangsten en toerekening" in html and "450,00" in html and "54,00" in html


def test_api_reconciliation_for_financieel_only(fin_client, cm_client):
    assert cm_client.get("/api/v1/geld/afstemming/").status_code == 403
    data = fin_client.get("/api/v1/geld/afstemming/").json()
    assert data["verschil_grootboek"] == "0.00"
    assert fin_client.get("/api/v1/geld/controle/").json()["in_balans"] is True


def test_work_queue_and_dossier_overview_include_the_money_panels(cm_client):
    dossier = maak_dossier()
    Ontvangst.objects.create(bron="bank", datum=date(2026, 2, 15), bedrag=D("77.70"), sleutel="w1")
    home = cm_client.get("/staff/").content.decode()
    assert "Ontvangsten zonder dossier" in home and "77,70" in home
    overzicht = cm_client.get(f"/staff/dossiers/{dossier.pk}/")
    assert overzicht.status_code == 200
    html = overzicht.content.decode()
    assert "Ontvangsten en toerekening" in html and f"/staff/geld/dossiers/{dossier.pk}/" in html
