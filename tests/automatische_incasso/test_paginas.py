"""The pages of SEPA direct debit: the debtor gives, sees and revokes a mandate in the portal (another
dossier's debtor sees nothing of it); a case manager records a paper mandate; financieel prepares, approves
(four eyes) and downloads the collection file."""

from datetime import date, datetime

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client

from automatische_incasso.models import Incassobatch, Machtiging
from dossiers.debiteur_toegang import code_maak
from dossiers.models import Taak
from tests.conftest import login_als
from tests.incasso.factories import AMS
from tests.inning.geld_factories import maak_dossier
from tests.portaal.test_debiteur import inloggen

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _leeg_cache():
    cache.clear()
    yield
    cache.clear()


def test_debtor_gives_sees_and_revokes_the_mandate(lopende_regeling):
    dossier = lopende_regeling.dossier
    debiteur = inloggen(dossier, code_maak(dossier=dossier))
    pagina = debiteur.get("/debiteur/machtiging/").content.decode()
    assert "Doorlopende machtiging SEPA" in pagina and "binnen 8 weken" in pagina
    assert "NL69ZZZ123456780000" in pagina
    assert "/debiteur/machtiging/" in debiteur.get("/debiteur/overzicht/").content.decode()

    r = debiteur.post(
        "/debiteur/machtiging/",
        {"rekeninghouder": "B. Jansen", "iban": "BR1800360305000010009795493C1", "plaats": "Utrecht"},
    )
    assert r.status_code == 400 and "SEPA-gebied" in r.content.decode()
    r = debiteur.post("/debiteur/machtiging/", {"rekeninghouder": "", "iban": "", "plaats": ""})
    assert r.status_code == 400 and "Vul de naam van de rekeninghouder in." in r.content.decode()
    assert not Machtiging.objects.exists()

    r = debiteur.post(
        "/debiteur/machtiging/",
        {"rekeninghouder": "B. Jansen", "iban": "nl02 abna 0123 4567 89", "plaats": "Utrecht"},
    )
    assert r.status_code == 302
    m = Machtiging.objects.get()
    assert (m.iban, m.ondertekend_op, m.bron, m.status) == (
        "NL02ABNA0123456789",
        date.today(),
        "portaal",
        "actief",
    )
    pagina = debiteur.get("/debiteur/machtiging/").content.decode()
    assert m.kenmerk in pagina and "Machtiging intrekken" in pagina

    # another dossier's debtor sees nothing of it and cannot revoke it
    ander_dossier = maak_dossier(debiteur_naam="Olga Ander")
    ander = inloggen(ander_dossier, code_maak(dossier=ander_dossier))
    pagina = ander.get("/debiteur/machtiging/").content.decode()
    assert m.kenmerk not in pagina and "NL02ABNA0123456789" not in pagina
    assert ander.post(f"/debiteur/machtiging/{m.pk}/intrekken/").status_code == 404
    m.refresh_from_db()
    assert m.status == "actief"

    assert debiteur.post(f"/debiteur/machtiging/{m.pk}/intrekken/").status_code == 302
    m.refresh_from_db()
    assert m.status == "ingetrokken" and m.ingetrokken_op is not None
    assert Taak.objects.filter(dossier=dossier, sleutel=f"machtiging:{m.pk}:ingetrokken").exists()


def test_case_manager_records_a_paper_mandate(lopende_regeling, cm_client):
    url = f"/staff/automatische-incasso/regeling/{lopende_regeling.pk}/machtiging/"
    assert cm_client.get(url).status_code == 200
    r = cm_client.post(
        url,
        {
            "rekeninghouder": "B. Jansen",
            "iban": "NL02ABNA0123456789",
            "plaats": "Utrecht",
            "ondertekend_op": "",
        },
    )
    assert r.status_code == 400
    assert "Een machtiging zonder datum van ondertekening is ongeldig." in r.content.decode()
    r = cm_client.post(
        url,
        {
            "rekeninghouder": "B. Jansen",
            "iban": "NL02ABNA0123456789",
            "plaats": "Utrecht",
            "ondertekend_op": "2026-04-10",
        },
    )
    assert r.status_code == 302
    m = Machtiging.objects.get()
    assert (m.bron, m.ondertekend_op) == ("papier", date(2026, 4, 10))
    assert cm_client.post(f"/staff/automatische-incasso/machtiging/{m.pk}/intrekken/").status_code == 302
    m.refresh_from_db()
    assert m.status == "ingetrokken"


def test_financieel_prepares_another_approves_and_downloads_the_file(machtiging, fin_client, maak_gebruiker):
    tweede = login_als(Client(), maak_gebruiker("financieel"))
    with time_machine.travel(datetime(2026, 4, 20, 8, 0, tzinfo=AMS), tick=False):
        r = fin_client.post("/staff/automatische-incasso/")
        batch = Incassobatch.objects.get()
        assert r.status_code == 302 and r["Location"] == f"/staff/automatische-incasso/batch/{batch.pk}/"
        pagina = fin_client.get(r["Location"]).content.decode()
        assert machtiging.kenmerk in pagina and "FRST" in pagina
        # the preparer may not approve
        fin_client.post(f"/staff/automatische-incasso/batch/{batch.pk}/goedkeuren/")
        batch.refresh_from_db()
        assert batch.status == "voorbereid"
        assert tweede.post(f"/staff/automatische-incasso/batch/{batch.pk}/goedkeuren/").status_code == 302
    batch.refresh_from_db()
    assert batch.status == "goedgekeurd"
    r = tweede.get(f"/staff/automatische-incasso/batch/{batch.pk}/bestand/")
    assert r.status_code == 200 and r["Content-Disposition"] == f'attachment; filename="{batch.msg_id}.xml"'
    assert b"pain.008.001.02" in r.content
    batch.refresh_from_db()
    assert batch.gedownload_op is not None
    lijst = tweede.get("/staff/automatische-incasso/").content.decode()
    assert batch.naam in lijst and "Geen stornering." in lijst


def test_the_mandate_page_renders_in_english(lopende_regeling):
    dossier = lopende_regeling.dossier
    engels = inloggen(dossier, code_maak(dossier=dossier), Client(HTTP_ACCEPT_LANGUAGE="en"))
    pagina = engels.get("/debiteur/machtiging/").content.decode()
    assert "SEPA recurring direct debit mandate" in pagina and "within 8 weeks" in pagina
    assert "Doorlopende machtiging" not in pagina
    r = engels.post(
        "/debiteur/machtiging/", {"rekeninghouder": "B. Jansen", "iban": "NL02ABNA0123456789", "plaats": ""}
    )
    assert r.status_code == 400 and "Please fill in the place of signature." in r.content.decode()


def test_the_debtor_sees_the_announced_collection(machtiging, lopende_regeling, financieel):
    from automatische_incasso.services import incassobatch_maak

    with time_machine.travel(datetime(2026, 4, 20, 8, 0, tzinfo=AMS), tick=False):
        incassobatch_maak(door=financieel)
    dossier = lopende_regeling.dossier
    pagina = inloggen(dossier, code_maak(dossier=dossier)).get("/debiteur/machtiging/").content.decode()
    assert "Komende afschrijvingen" in pagina
    assert "30 april 2026: € 400,00 (termijn 1)" in " ".join(pagina.split())
