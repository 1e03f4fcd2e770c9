"""The debtor's beslagvrije-voet questionnaire in the portal (issue 16 point 6): fill in with documents, see the
answers and the preliminary answer; half-valid input and a hostile file keep what was typed; another dossier's
debtor sees neither the answers nor the documents; no client contact data; English."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from beslag.models import BvvOpgave
from dossiers.debiteur_toegang import code_maak
from dossiers.models import Client as ClientModel
from tests.inning.geld_factories import maak_dossier

from .test_debiteur import GEHEIM, inloggen

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@pytest.fixture(autouse=True)
def _leeg_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def dossier(client_user):
    client = ClientModel.objects.create(naam="Clara Cliënt", user=client_user, **GEHEIM)
    return maak_dossier(client=client, debiteur_naam="Dirk Debiteur")


def antwoorden(**extra) -> dict:
    return {
        "partner": "nee",
        "kinderen": "0",
        "adres": "nl",
        "netto_inkomen": "1.700,00",
        "vakantiegeld_inbegrepen": "on",
        "woonsoort": "huur",
        "woonkosten": "1100",
        "woonkostenverzoek": "on",
        "akkoord": "on",
        **extra,
    }


def test_fill_in_with_documents_then_see_the_answers_and_the_preliminary_answer(dossier):
    """Single, net €1,700 incl. holiday pay, rent €1,100 with a request, no taxable income: maximum (lid 1) of
    the date's table plus 1,100 − 1,026.22 = 73.78, capped at 95% × 1,700 = 1,615.00 (both 2026 half-years have
    a maximum above 1,541.22) → voet € 1.615,00, beslagruimte € 85,00."""
    debiteur = inloggen(dossier, code_maak(dossier=dossier))
    assert "Vragen over uw inkomen en woonkosten" in debiteur.get("/debiteur/overzicht/").content.decode()
    pagina = debiteur.get("/debiteur/beslagvrije-voet/").content.decode()
    assert "Waarom vragen wij dit?" in pagina and "beslagvrije voet" in pagina
    r = debiteur.post(
        "/debiteur/beslagvrije-voet/",
        antwoorden(
            bewijs_inkomen=SimpleUploadedFile("loonstrook.pdf", PDF, "application/pdf"),
            bewijs_woonkosten=SimpleUploadedFile("huur.png", PNG, "image/png"),
        ),
    )
    assert r.status_code == 302 and r["Location"] == "/debiteur/beslagvrije-voet/", r.content.decode()[:3000]
    opgave = BvvOpgave.objects.get(dossier=dossier)
    assert opgave.bvv_bedrag == D("1615.00") and opgave.beslagruimte == D("85.00")
    assert opgave.documenten.count() == 2
    pagina = debiteur.get("/debiteur/beslagvrije-voet/").content.decode()
    assert "Uw antwoorden" in pagina and "Voorlopige berekening" in pagina
    assert "€ 1.615,00" in pagina and "€ 85,00" in pagina and "€ 1.700,00" in pagina
    assert "Uw casemanager controleert uw antwoorden" in pagina
    doc = opgave.documenten.get(soort="inkomen").document
    antwoord = debiteur.get(f"/debiteur/beslagvrije-voet/bewijs/{doc.pk}/")
    assert antwoord.status_code == 200 and b"".join(antwoord.streaming_content) == PDF
    # filling in again starts from the last answers
    opnieuw = debiteur.get("/debiteur/beslagvrije-voet/?opnieuw=1").content.decode()
    assert 'value="1700,00"' in opnieuw


def test_half_valid_input_and_a_hostile_file_keep_what_was_typed(dossier):
    debiteur = inloggen(dossier, code_maak(dossier=dossier))
    r = debiteur.post(
        "/debiteur/beslagvrije-voet/",
        antwoorden(netto_inkomen="veel", partner_inkomen="800", akkoord="", woonkosten="1234,56"),
    )
    assert r.status_code == 400
    pagina = r.content.decode()
    assert "Vul een bedrag in, bijvoorbeeld 450,00." in pagina
    assert "Laat het inkomen van de partner dan leeg." in pagina
    assert "Vink aan dat u de vragen eerlijk hebt beantwoord." in pagina
    assert 'value="1234,56"' in pagina and 'value="veel"' in pagina
    # an executable named .pdf: refused by its content, nothing stored, the answers stay
    exe = SimpleUploadedFile("loonstrook.pdf", b"MZ\x90\x00\x03 program", "application/pdf")
    r = debiteur.post("/debiteur/beslagvrije-voet/", antwoorden(bewijs_inkomen=exe, woonkosten="1234,56"))
    assert r.status_code == 400
    pagina = r.content.decode()
    assert "Alleen PDF-, JPEG- en PNG-bestanden zijn toegestaan." in pagina
    assert "Kies uw bestanden wel opnieuw." in pagina and 'value="1234,56"' in pagina
    assert not BvvOpgave.objects.exists() and not dossier.documenten.exists()


def test_another_dossiers_debtor_sees_neither_the_answers_nor_the_documents(dossier):
    eigen = inloggen(dossier, code_maak(dossier=dossier))
    eigen.post(
        "/debiteur/beslagvrije-voet/",
        antwoorden(
            netto_inkomen="2.345,67", bewijs_inkomen=SimpleUploadedFile("l.pdf", PDF, "application/pdf")
        ),
    )
    doc = BvvOpgave.objects.get(dossier=dossier).documenten.get().document
    ander_dossier = maak_dossier(debiteur_naam="Olga Ander")
    ander = inloggen(ander_dossier, code_maak(dossier=ander_dossier))
    assert ander.get(f"/debiteur/beslagvrije-voet/bewijs/{doc.pk}/").status_code == 404
    pagina = ander.get("/debiteur/beslagvrije-voet/").content.decode()
    assert "2.345,67" not in pagina and 'id="kop-antwoorden"' not in pagina
    # without a session: to the sign-in page
    r = Client().get(f"/debiteur/beslagvrije-voet/bewijs/{doc.pk}/")
    assert r.status_code == 302 and r["Location"] == "/debiteur/"
    # the client's portal does not list the debtor's payslip
    assert not doc.zichtbaar_voor_client


def test_no_client_contact_data_on_the_questionnaire_pages(dossier):
    debiteur = inloggen(dossier, code_maak(dossier=dossier))
    leeg = debiteur.get("/debiteur/beslagvrije-voet/").content.decode()
    fout = debiteur.post("/debiteur/beslagvrije-voet/", antwoorden(netto_inkomen="")).content.decode()
    debiteur.post("/debiteur/beslagvrije-voet/", antwoorden())
    ingevuld = debiteur.get("/debiteur/beslagvrije-voet/").content.decode()
    for tekst in (leeg, fout, ingevuld):
        plat = " ".join(tekst.split())
        for veld, waarde in GEHEIM.items():
            assert waarde not in plat, veld
            assert waarde.replace(" ", "") not in plat.replace(" ", ""), veld


def test_the_questionnaire_in_english(dossier):
    engels = Client(HTTP_ACCEPT_LANGUAGE="en")
    inloggen(dossier, code_maak(dossier=dossier), engels)
    pagina = engels.get("/debiteur/beslagvrije-voet/").content.decode()
    assert "Why do we ask this?" in pagina and "Your net income per month in euros" in pagina
    assert "Waarom vragen wij dit?" not in pagina
    r = engels.post("/debiteur/beslagvrije-voet/", antwoorden(partner_inkomen="800"))
    assert "You wrote that you have no partner" in r.content.decode()
    engels.post("/debiteur/beslagvrije-voet/", antwoorden())
    pagina = engels.get("/debiteur/beslagvrije-voet/").content.decode()
    assert "Your answers" in pagina and "Provisional calculation" in pagina


def test_the_answer_holds_twelve_months_from_the_day_it_was_given(dossier):
    debiteur = inloggen(dossier, code_maak(dossier=dossier))
    debiteur.post("/debiteur/beslagvrije-voet/", antwoorden())
    opgave = BvvOpgave.objects.get(dossier=dossier)
    dag = opgave.peildatum
    assert opgave.geldig_tot == date(dag.year + 1, dag.month, dag.day) - (date(2001, 1, 2) - date(2001, 1, 1))
