"""The debtor's portal (issue 16 items 1-3): sign in with the code printed on a letter, see the same statement
the client sees, pay with the test provider; one receipt however often the webhook comes; a wrong code locks;
another dossier's debtor sees nothing of this one; the client's contact data never reaches the debtor."""

from __future__ import annotations

import io
import re
from datetime import timedelta
from decimal import Decimal as D

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from pypdf import PdfReader

from bank.controle import grootboek_controleer
from betaling.models import Betaling
from dossiers.debiteur_toegang import MAX_FOUT_DOSSIER, code_maak
from dossiers.models import Client as ClientModel
from dossiers.models import DebiteurToegang
from incasso.letters import brief_maak, brief_verstuur
from inning.models import Ontvangst, Toewijzing
from portaal.selectors import achterstand_open
from recht.geld import euro
from tests.inning.geld_factories import maak_dossier

pytestmark = pytest.mark.django_db

GEHEIM = {
    "straat": "Geheimstraat 77",
    "postcode": "9999 ZZ",
    "woonplaats": "Verstopdorp",
    "telefoon": "06-99887766",
    "email": "verborgen@client.example",
    "uitbetaal_iban": "NL44RABO0123456789",
}


@pytest.fixture(autouse=True)
def _leeg_cache():
    cache.clear()  # the sign-in counters live in the cache
    yield
    cache.clear()


@pytest.fixture
def dossier(client_user):
    client = ClientModel.objects.create(naam="Clara Cliënt", user=client_user, **GEHEIM)
    d = maak_dossier(client=client, debiteur_naam="Dirk Debiteur")
    d.debiteur.straat, d.debiteur.postcode, d.debiteur.woonplaats = "Kerkstraat 9", "1017 GB", "Amsterdam"
    d.debiteur.save()
    return d


def _brief(dossier, sleutel="aanmaning-1"):
    brief = brief_maak(dossier=dossier, soort="aanmaning", sleutel=f"{sleutel}:{dossier.pk}")
    brief_verstuur(brief=brief)
    brief.refresh_from_db()
    return brief


def _pdf_tekst(inhoud: bytes) -> str:
    return " ".join(p.extract_text() for p in PdfReader(io.BytesIO(inhoud)).pages)


def _code_uit_brief(brief) -> str:
    with brief.document.bestand.open("rb") as f:
        tekst = _pdf_tekst(f.read())
    gevonden = re.search(r"code\s+([A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4})", tekst)
    assert gevonden, tekst
    return gevonden.group(1)


def inloggen(dossier, code: str, browser: Client | None = None) -> Client:
    browser = browser or Client()
    r = browser.post("/debiteur/", {"dossiernummer": dossier.nummer, "code": code})
    assert r.status_code == 302 and r["Location"] == "/debiteur/overzicht/", r.content.decode()[:2000]
    return browser


def test_sign_in_with_the_letters_code_see_the_clients_figure_pay_in_full_once(dossier, portaal_client):
    brief = _brief(dossier)
    tekst = _pdf_tekst(brief.document.bestand.open("rb").read())
    assert (
        f"Ga naar http://127.0.0.1:8000/debiteur/ en vul dossiernummer {dossier.nummer} en code"
        in " ".join(tekst.split())
    )
    debiteur = inloggen(dossier, _code_uit_brief(brief))

    # the statement: the same figure the client's portal shows for this dossier
    open_voor = achterstand_open(dossier)
    assert open_voor > 0
    pagina = debiteur.get("/debiteur/overzicht/").content.decode()
    assert euro(open_voor) in pagina
    assert euro(open_voor) in portaal_client.get("/portaal/").content.decode()
    assert "Aanmaning" in pagina

    # pay the whole claim with the test provider
    r = debiteur.post("/debiteur/betalen/", {"keuze": "geheel"})
    assert r.status_code == 302
    betaling = Betaling.objects.get(dossier=dossier)
    assert betaling.bedrag == open_voor and betaling.provider == "test"
    assert r["Location"] == betaling.checkout_url == f"http://testserver/betalen/test/{betaling.provider_id}/"
    kassa = debiteur.get(betaling.checkout_url)
    assert "TEST: dit is geen echte betaling." in kassa.content.decode()
    r = debiteur.post(betaling.checkout_url, {"keuze": "paid"})
    assert r["Location"] == f"http://testserver/debiteur/betalingen/{betaling.pk}/"
    assert "Uw betaling is gelukt" in debiteur.get(f"/debiteur/betalingen/{betaling.pk}/").content.decode()

    # exactly one receipt, allocated with commission, in the ledger; the ledger in balance
    for _ in range(3):
        assert Client().post("/betalen/webhook/test/", {"id": betaling.provider_id}).status_code == 200
    ontvangsten = Ontvangst.objects.filter(dossier=dossier)
    assert ontvangsten.count() == 1
    ontvangst = ontvangsten.get()
    betaling.refresh_from_db()
    assert betaling.status == Betaling.Status.BETAALD and betaling.ontvangst == ontvangst
    assert ontvangst.bedrag == open_voor and ontvangst.post_id is not None
    toewijzing = Toewijzing.objects.get(ontvangst=ontvangst)
    assert toewijzing.provisie > 0 and toewijzing.naar_client + toewijzing.provisie == open_voor
    assert grootboek_controleer()["in_balans"] is True

    # the client's portal and the debtor's statement show it at once
    assert achterstand_open(dossier) == D("0.00")
    assert euro(D("0")) in portaal_client.get("/portaal/").content.decode()
    assert "U hoeft nu niets te betalen" in debiteur.get("/debiteur/overzicht/").content.decode()


def test_failed_and_cancelled_payments_are_shown_and_book_nothing(dossier):
    debiteur = inloggen(dossier, code_maak(dossier=dossier))
    for keuze, tekst in (
        ("failed", "De betaling is niet gelukt."),
        ("canceled", "U heeft de betaling geannuleerd."),
    ):
        debiteur.post("/debiteur/betalen/", {"keuze": "anders", "bedrag": "150,00"})
        betaling = Betaling.objects.filter(dossier=dossier).first()
        assert betaling.bedrag == D("150.00")
        debiteur.post(betaling.checkout_url, {"keuze": keuze})
        assert tekst in debiteur.get(f"/debiteur/betalingen/{betaling.pk}/").content.decode()
    assert not Ontvangst.objects.filter(dossier=dossier).exists()


def test_webhook_with_an_unknown_id_answers_200_and_books_nothing(dossier):
    assert Client().post("/betalen/webhook/test/", {"id": "tst_bestaatniet"}).status_code == 200
    assert Client().post("/betalen/webhook/mollie/", {"id": "tr_bestaatniet"}).status_code == 200
    assert Client().post("/betalen/webhook/test/", {}).status_code == 200
    assert not Ontvangst.objects.exists()


def test_the_api_starts_a_payment_for_the_debtor_session_only(dossier):
    debiteur = inloggen(dossier, code_maak(dossier=dossier))
    r = debiteur.post("/api/v1/debiteur/betalingen/", {"bedrag": "150.00"}, content_type="application/json")
    assert r.status_code == 201, r.content
    betaling = Betaling.objects.get(pk=r.json()["id"])
    assert r.json() == {"id": betaling.pk, "checkout_url": betaling.checkout_url}
    assert betaling.dossier == dossier and betaling.bedrag == D("150.00")
    # below the minimum: refused
    r = debiteur.post("/api/v1/debiteur/betalingen/", {"bedrag": "0.10"}, content_type="application/json")
    assert r.status_code == 400
    # without a debtor session: refused
    r = Client().post("/api/v1/debiteur/betalingen/", {"bedrag": "150.00"}, content_type="application/json")
    assert r.status_code == 403
    # with a debtor session but without the CSRF token (a cookie is a cookie): refused
    zonder_csrf = Client(enforce_csrf_checks=True)
    zonder_csrf.cookies = debiteur.cookies
    r = zonder_csrf.post(
        "/api/v1/debiteur/betalingen/", {"bedrag": "150.00"}, content_type="application/json"
    )
    assert r.status_code == 403


def test_a_wrong_code_locks_the_dossier_after_the_limit(dossier):
    code = code_maak(dossier=dossier)
    browser = Client()
    for _ in range(MAX_FOUT_DOSSIER - 1):
        r = browser.post("/debiteur/", {"dossiernummer": dossier.nummer, "code": "AAAA-BBBB-CCCC"})
        assert r.status_code == 400
        assert "horen niet bij elkaar" in r.content.decode()
    r = browser.post("/debiteur/", {"dossiernummer": dossier.nummer, "code": "AAAA-BBBB-CCCC"})
    assert "U heeft te vaak een verkeerde code ingevuld" in r.content.decode()
    assert "15 minuten" in r.content.decode()
    # locked: even the right code is refused now, from any address
    r = Client(REMOTE_ADDR="10.1.2.3").post("/debiteur/", {"dossiernummer": dossier.nummer, "code": code})
    assert r.status_code == 400 and "te vaak" in r.content.decode()
    # after the lock expires the right code works (the counter lives in the cache)
    cache.clear()
    inloggen(dossier, code)


def test_many_wrong_attempts_from_one_address_are_refused(dossier):
    from dossiers.debiteur_toegang import MAX_FOUT_IP
    from tests.portaal.factories import DossierFactory

    andere = [DossierFactory() for _ in range(MAX_FOUT_IP // (MAX_FOUT_DOSSIER - 1) + 1)]
    browser = Client()
    for d in andere:  # under the per-dossier limit each time, but many dossiers from one address
        for _ in range(MAX_FOUT_DOSSIER - 1):
            browser.post("/debiteur/", {"dossiernummer": d.nummer, "code": "AAAA-BBBB-CCCC"})
    r = browser.post("/debiteur/", {"dossiernummer": dossier.nummer, "code": code_maak(dossier=dossier)})
    assert r.status_code == 400 and "te veel pogingen" in r.content.decode().lower()


def test_codes_are_stored_hashed_and_expire(dossier):
    code = code_maak(dossier=dossier)
    toegang = DebiteurToegang.objects.get(dossier=dossier)
    geheim = code.replace("-", "")[4:]
    assert geheim not in toegang.code_hash and toegang.code_hash != geheim
    DebiteurToegang.objects.update(geldig_tot=timezone.now() - timedelta(seconds=1))
    r = Client().post("/debiteur/", {"dossiernummer": dossier.nummer, "code": code})
    assert r.status_code == 400


def test_the_one_time_link_of_the_command_works_once(dossier):
    uit = io.StringIO()
    call_command("debiteur_link", dossier.nummer, stdout=uit)
    link = uit.getvalue().strip()
    assert link.startswith("http://127.0.0.1:8000/debiteur/link/")
    pad = link.removeprefix("http://127.0.0.1:8000")
    toegang = DebiteurToegang.objects.get(dossier=dossier)
    assert toegang.soort == "link"
    assert timedelta(days=13, hours=23) < toegang.geldig_tot - timezone.now() <= timedelta(days=14)
    browser = Client()
    assert browser.get(pad).status_code == 200  # a GET (a mail scanner) does not spend the link
    r = browser.post(pad)
    assert r.status_code == 302 and r["Location"] == "/debiteur/overzicht/"
    assert browser.get("/debiteur/overzicht/").status_code == 200
    r = Client().post(pad)
    assert r.status_code == 400 and "al gebruikt of verlopen" in r.content.decode()


def test_the_debtor_session_is_short(dossier, settings):
    debiteur = inloggen(dossier, code_maak(dossier=dossier))
    sessie = debiteur.session
    waarde = sessie["debiteur_portaal"]
    waarde["tot"] -= settings.DEBITEUR_SESSIE_MINUTEN * 60 + 1
    sessie["debiteur_portaal"] = waarde
    sessie.save()
    r = debiteur.get("/debiteur/overzicht/")
    assert r.status_code == 302 and r["Location"] == "/debiteur/"
    # the debtor is never a Django user
    assert "_auth_user_id" not in debiteur.session


def test_another_dossiers_debtor_sees_nothing_of_this_one(dossier):
    brief = _brief(dossier)
    eigen = inloggen(dossier, code_maak(dossier=dossier))
    eigen.post("/api/v1/debiteur/betalingen/", {"bedrag": "20.00"}, content_type="application/json")
    betaling = Betaling.objects.get(dossier=dossier)
    assert eigen.get(f"/debiteur/brieven/{brief.pk}/").status_code == 200
    assert eigen.get(f"/debiteur/betalingen/{betaling.pk}/").status_code == 200

    ander_dossier = maak_dossier(debiteur_naam="Olga Ander")
    ander = inloggen(ander_dossier, code_maak(dossier=ander_dossier))
    assert ander.get(f"/debiteur/brieven/{brief.pk}/").status_code == 404
    assert ander.get(f"/debiteur/betalingen/{betaling.pk}/").status_code == 404
    pagina = (
        ander.get("/debiteur/overzicht/").content.decode() + ander.get("/debiteur/brieven/").content.decode()
    )
    assert dossier.nummer not in pagina and "Dirk Debiteur" not in pagina
    # the code of one dossier does not open another
    r = Client().post("/debiteur/", {"dossiernummer": ander_dossier.nummer, "code": _code_uit_brief(brief)})
    assert r.status_code == 400


def test_the_clients_address_phone_email_and_iban_appear_on_no_debtor_page_or_letter(dossier):
    brief = _brief(dossier)
    debiteur = inloggen(dossier, _code_uit_brief(brief))
    debiteur.post("/debiteur/betalen/", {"keuze": "anders", "bedrag": "10,00"})
    betaling = Betaling.objects.get(dossier=dossier)
    pdf = b"".join(debiteur.get(f"/debiteur/brieven/{brief.pk}/").streaming_content)
    teksten = {
        "brief": _pdf_tekst(pdf),
        "inloggen": Client().get("/debiteur/").content.decode(),
        "link": Client().get("/debiteur/link/ONBEKEND/").content.decode(),
        "test-kassa": debiteur.get(betaling.checkout_url).content.decode(),
    }
    # the arrangement pages: the computed schedule, then the sent proposal with its schedule
    voorstel = {"keuze": "maanden", "maanden": "3", "eerste_termijn": timezone.localdate().isoformat()}
    teksten["regeling-bereken"] = debiteur.post("/debiteur/regeling/voorstel/", voorstel).content.decode()
    assert "Uw voorstel" in teksten["regeling-bereken"]
    r = debiteur.post("/debiteur/regeling/voorstel/", {**voorstel, "actie": "versturen"})
    assert r.status_code == 302
    teksten["regeling-verstuurd"] = debiteur.get("/debiteur/regeling/").content.decode()
    # the debtor's reports and questions (tests/portaal/test_debiteur_vragen.py), the client's rejection and
    # the case manager's answer included
    melding, vraag = _melding_en_vraag(dossier, debiteur)
    for pad in (
        "/debiteur/overzicht/",
        "/debiteur/brieven/",
        "/debiteur/betalen/",
        f"/debiteur/betalingen/{betaling.pk}/",
        "/debiteur/regeling/",
        "/debiteur/regeling/voorstel/",
        "/debiteur/beslagvrije-voet/",
        "/debiteur/machtiging/",
        "/debiteur/contact/",
        "/debiteur/contact/rechtstreeks-betaald/",
        f"/debiteur/contact/rechtstreeks-betaald/{melding.pk}/",
        "/debiteur/contact/vraag/",
        f"/debiteur/contact/vraag/{vraag.pk}/",
    ):
        r = debiteur.get(pad)
        assert r.status_code == 200, pad
        teksten[pad] = r.content.decode()
    for waar, tekst in teksten.items():
        plat = " ".join(tekst.split())
        for veld, waarde in GEHEIM.items():
            assert waarde not in plat, (waar, veld)
            assert waarde.replace(" ", "") not in plat.replace(" ", ""), (waar, veld)


def _melding_en_vraag(dossier, debiteur):
    """A direct payment the debtor reported and the client rejected, a question the case manager answered."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from accounts.services import gebruiker_maak
    from dossiers.models import DebiteurVraag
    from incasso.services.debiteurvraag import debiteurvraag_beantwoord
    from inning.models import DirecteBetaling
    from inning.services import directe_betaling_wijs_af

    pdf = SimpleUploadedFile("bewijs.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    datum = timezone.localdate().isoformat()
    debiteur.post(
        "/debiteur/contact/rechtstreeks-betaald/",
        {"datum": datum, "bedrag": "25,00", "toelichting": "contant", "bewijs": pdf},
    )
    melding = DirecteBetaling.objects.get(dossier=dossier, van_debiteur=True)
    directe_betaling_wijs_af(melding=melding, reden="Niet ontvangen.", door=dossier.client.user)
    debiteur.post("/debiteur/contact/vraag/", {"soort": "vraag", "tekst": "Hoe zit het?"})
    vraag = DebiteurVraag.objects.get(dossier=dossier)
    cm = gebruiker_maak(email="cm-geheim@example.nl", password=None, rol="casemanager")
    debiteurvraag_beantwoord(vraag=vraag, antwoord="Zo zit het.", door=cm)
    return melding, vraag


def test_the_debtor_pages_render_in_english(dossier):
    engels = Client(HTTP_ACCEPT_LANGUAGE="en")
    assert "See your case and pay" in engels.get("/debiteur/").content.decode()
    inloggen(dossier, code_maak(dossier=dossier), engels)
    pagina = engels.get("/debiteur/overzicht/").content.decode()
    assert '<html lang="en">' in pagina
    assert "What do you have to pay now?" in pagina and "Pay now with iDEAL" in pagina
    assert "Wat moet u nu betalen?" not in pagina
    assert "Everything that is due" in engels.get("/debiteur/betalen/").content.decode()
