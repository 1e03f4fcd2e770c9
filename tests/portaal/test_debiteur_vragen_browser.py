"""In Chromium, at desktop width and on a 390 px phone, every page axe clean (issue 16 points 5 and 7):

- the debtor uploads proof of a direct payment → the client confirms it in the client portal → a receipt in the
  ledger, the ledger in balance, the debtor sees the outcome;
- the debtor disputes the claim → a task and a row in the work queue → the case manager answers → the debtor
  reads the answer, and the e-mail is in the outbox.

Screenshots in /tmp/shots/debvraag/.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal as D
from pathlib import Path

import pytest
from django.core.cache import cache
from django.utils import timezone

from bank.controle import grootboek_controleer
from dossiers.debiteur_toegang import code_maak
from dossiers.models import Client as ClientModel
from dossiers.models import DebiteurVraag, Taak
from incasso.models import UitgaandeEmail
from inning.models import DirecteBetaling, Ontvangst
from tests.browser import axe_violations, log_in
from tests.inning.geld_factories import maak_dossier

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/tmp/shots/debvraag")
BREEDTES = {"desktop": {"width": 1280, "height": 900}, "telefoon": {"width": 390, "height": 844}}
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(params=list(BREEDTES))
def breedte(request) -> str:
    return request.param


@pytest.fixture
def nieuw_venster(browser, breedte):
    contexten = []

    def _maak():
        ctx = browser.new_context(viewport=BREEDTES[breedte], is_mobile=breedte == "telefoon", locale="nl-NL")
        contexten.append(ctx)
        return ctx.new_page()

    yield _maak
    for ctx in contexten:
        ctx.close()


def _controleer(page, breedte: str, naam: str, *, smal: bool = True) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{breedte}-{naam}.png"), full_page=True)
    if smal:
        assert page.evaluate("document.documentElement.scrollWidth") <= BREEDTES[breedte]["width"], naam
    assert axe_violations(page) == [], naam


def _debiteur_log_in(page, live_server, dossier) -> None:
    page.goto(f"{live_server.url}/debiteur/")
    page.get_by_label("Dossiernummer").fill(dossier.nummer)
    page.get_by_label("Persoonlijke code").fill(code_maak(dossier=dossier))
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url("**/debiteur/overzicht/")


@pytest.fixture
def dossier(client_user):
    cache.clear()
    client = ClientModel.objects.create(naam="Clara Cliënt", user=client_user, telefoon="06-99887766")
    d = maak_dossier(client=client, debiteur_naam="Dirk Debiteur")
    d.debiteur.email = "dirk@debiteur.example"
    d.debiteur.save()
    return d


def test_debtor_uploads_proof_the_client_confirms_and_it_is_a_receipt_in_the_ledger(
    nieuw_venster, breedte, live_server, dossier, client_user
):
    debiteur = nieuw_venster()
    _debiteur_log_in(debiteur, live_server, dossier)
    debiteur.locator("#link-contact").click()
    debiteur.wait_for_url("**/debiteur/contact/")
    _controleer(debiteur, breedte, "1-debiteur-contact")
    debiteur.get_by_role("link", name="Betaling melden").click()
    debiteur.wait_for_url("**/rechtstreeks-betaald/")
    betaald_op = timezone.localdate() - timedelta(days=2)
    debiteur.get_by_label("Op welke datum heeft u betaald?").fill(betaald_op.isoformat())
    debiteur.get_by_label("Bedrag in euro").fill("150,00")
    debiteur.get_by_label("Toelichting").fill("Contant gegeven bij het ophalen van de kinderen.")
    # first a file that is no PDF at all: refused, the rest stays filled in
    debiteur.get_by_label("Bewijs van de betaling").set_input_files(
        {"name": "afschrift.pdf", "mimeType": "application/pdf", "buffer": b"MZ\x90\x00 not a pdf"}
    )
    debiteur.get_by_role("button", name="Melding versturen").click()
    debiteur.wait_for_load_state()
    assert "Dit bestand is dat niet" in debiteur.content()
    assert debiteur.get_by_label("Bedrag in euro").input_value() == "150,00"
    _controleer(debiteur, breedte, "2-debiteur-bestand-geweigerd")
    debiteur.get_by_label("Bewijs van de betaling").set_input_files(
        {"name": "afschrift.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    debiteur.get_by_role("button", name="Melding versturen").click()
    debiteur.wait_for_url("**/rechtstreeks-betaald/*/")
    assert "de ontvanger kijkt nog of het klopt" in debiteur.content()
    _controleer(debiteur, breedte, "3-debiteur-gemeld")
    melding = DirecteBetaling.objects.get(dossier=dossier)
    assert melding.van_debiteur and melding.bedrag == D("150.00")

    client = nieuw_venster()
    log_in(client, live_server.url, client_user, totp=False)
    client.goto(f"{live_server.url}/portaal/")
    assert "De betalingsplichtige meldt een rechtstreekse betaling aan u" in client.content()
    _controleer(client, breedte, "4-client-home-melding")
    client.locator("#debiteur-meldingen a").first.click()
    client.wait_for_url(f"**/portaal/geld/rechtstreeks-betaald/{melding.pk}/")
    assert client.get_by_role("link", name="Bewijs van de betalingsplichtige bekijken").count() == 1
    _controleer(client, breedte, "5-client-beslissen")
    client.get_by_role("button", name="Ja, ik heb dit bedrag ontvangen").click()
    client.wait_for_load_state()
    assert "Bevestigd. De betaling is geboekt" in client.content()
    _controleer(client, breedte, "6-client-bevestigd")

    melding.refresh_from_db()
    assert melding.status == "bevestigd"
    ontvangst = Ontvangst.objects.get(dossier=dossier)
    assert ontvangst.bron == Ontvangst.Bron.DIRECT and ontvangst.bedrag == D("150.00")
    assert grootboek_controleer()["in_balans"] is True

    debiteur.reload()
    assert "bevestigd door de ontvanger en verwerkt" in debiteur.content()
    _controleer(debiteur, breedte, "7-debiteur-uitkomst")


def test_debtor_disputes_the_case_manager_answers_from_the_work_queue_and_the_debtor_reads_it(
    nieuw_venster, breedte, live_server, dossier, casemanager
):
    debiteur = nieuw_venster()
    _debiteur_log_in(debiteur, live_server, dossier)
    debiteur.goto(f"{live_server.url}/debiteur/contact/")
    debiteur.get_by_role("link", name="Ik betwist de vordering").click()
    debiteur.wait_for_url("**/debiteur/contact/vraag/?soort=betwisting")
    assert debiteur.get_by_label("Ik betwist de vordering").is_checked()
    debiteur.get_by_label("Uw reden of uw vraag").fill(
        "Ik heb januari en februari al betaald, zie de afschriften."
    )
    debiteur.get_by_label("Documenten (niet verplicht)").set_input_files(
        [
            {"name": "januari.pdf", "mimeType": "application/pdf", "buffer": PDF},
            {"name": "februari.pdf", "mimeType": "application/pdf", "buffer": PDF},
        ]
    )
    _controleer(debiteur, breedte, "8-debiteur-betwisten")
    debiteur.get_by_role("button", name="Versturen").click()
    debiteur.wait_for_url("**/debiteur/contact/vraag/*/")
    assert "Nog geen antwoord" in debiteur.content()
    _controleer(debiteur, breedte, "9-debiteur-betwisting-verstuurd")
    vraag = DebiteurVraag.objects.get(dossier=dossier)
    assert vraag.documenten.count() == 2
    assert Taak.objects.filter(dossier=dossier, afgerond_op__isnull=True).count() == 1

    staf = nieuw_venster()
    log_in(staf, live_server.url, casemanager, totp=True)
    staf.goto(f"{live_server.url}/staff/")
    sectie = staf.locator("#van-de-debiteur")
    assert dossier.nummer in sectie.inner_text() and "Betwisting" in sectie.inner_text()
    _controleer(staf, breedte, "10-staf-werkvoorraad", smal=False)
    sectie.get_by_role("link", name=dossier.nummer).click()
    staf.wait_for_url(f"**/staff/dossiers/{dossier.pk}/debiteur/{vraag.pk}/")
    assert "De debiteur betwist de vordering" in staf.content()
    staf.get_by_label("Antwoord aan de betalingsplichtige").fill(
        "Uw betalingen van januari en februari staan in het overzicht; de achterstand betreft maart."
    )
    _controleer(staf, breedte, "11-staf-antwoorden", smal=False)
    staf.get_by_role("button", name="Antwoord versturen").click()
    staf.wait_for_load_state()
    assert "Het antwoord staat in het portaal van de betalingsplichtige." in staf.content()
    _controleer(staf, breedte, "12-staf-beantwoord", smal=False)

    debiteur.reload()
    assert "de achterstand betreft maart" in debiteur.content()
    _controleer(debiteur, breedte, "13-debiteur-antwoord")
    email = UitgaandeEmail.objects.get(dossier=dossier)
    assert email.aan == "dirk@debiteur.example" and "de achterstand betreft maart" in email.tekst
    assert "06-99887766" not in email.tekst
