"""The debtor proposes a payment arrangement in the debtor portal (issue 16 item 4), within the rules the client
sets once in the client portal.

Worked example: child alimony € 450,00 a month from 1 January 2026, due on the 1st; on Thursday 9 April 2026
four terms are due and nothing is paid: arrears 4 x 450,00 = € 1.800,00. The client's rules: at most 6 months,
at least € 300,00 a month, accepted at once.
- € 300,00 a month from 1 May: 6 x 300,00 = 1.800,00, exactly the minimum and exactly 6 months → runs at once.
- € 250,00 a month: 7 x 250,00 = 1.750,00 and an eighth of 50,00 → 8 months: outside → waits for the client.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal as D
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client

from dossiers.debiteur_toegang import code_maak
from dossiers.models import Client as ClientModel
from dossiers.models import Taak
from incasso.models import Betalingsregeling, Brief, Regelingregels
from incasso.services import regelingregels_wijzig
from inning.models import Journaalpost
from portaal.selectors import achterstand_open
from tests.inning.geld_factories import maak_dossier

from .test_debiteur import GEHEIM, inloggen

pytestmark = pytest.mark.django_db
NU = datetime(2026, 4, 9, 11, 0, tzinfo=ZoneInfo("Europe/Amsterdam"))


@pytest.fixture(autouse=True)
def _vandaag():
    cache.clear()
    with time_machine.travel(NU, tick=True):
        yield
    cache.clear()


@pytest.fixture
def dossier(client_user, casemanager):
    client = ClientModel.objects.create(naam="Clara Cliënt", user=client_user, **GEHEIM)
    d = maak_dossier(client=client, debiteur_naam="Dirk Debiteur")
    d.casemanager = casemanager
    d.save(update_fields=["casemanager"])
    return d


@pytest.fixture
def regels(dossier):
    return regelingregels_wijzig(
        client=dossier.client, max_maanden=6, min_maandbedrag=D("300.00"), direct_akkoord=True, door=None
    )


def _voorstel(maandbedrag: str, actie: str, **extra) -> dict:
    return {
        "keuze": "bedrag",
        "maandbedrag": maandbedrag,
        "eerste_termijn": "2026-05-01",
        "toelichting": "Mijn loon komt op de 25e.",
        "actie": actie,
        **extra,
    }


def test_a_proposal_inside_the_rules_is_shown_then_runs_at_once_and_its_term_can_be_paid(
    dossier, regels, django_capture_on_commit_callbacks
):
    assert achterstand_open(dossier) == D("1800.00")
    debiteur = inloggen(dossier, code_maak(dossier=dossier))
    assert (
        "Betalingsregeling: bekijken of voorstellen" in debiteur.get("/debiteur/overzicht/").content.decode()
    )
    pagina = debiteur.get("/debiteur/regeling/").content.decode()
    assert "Betaalt u ten minste € 300,00 per maand en bent u binnen 6 maanden klaar?" in pagina

    r = debiteur.post("/debiteur/regeling/voorstel/", _voorstel("300,00", "bereken"))
    pagina = r.content.decode()
    assert r.status_code == 200
    assert "Uw achterstand is vandaag € 1.800,00" in pagina
    assert "U betaalt 6 termijnen van € 300,00" in pagina and "U bent klaar op 1 oktober 2026" in pagina
    assert "daarnaast betaalt u elke maand gewoon de alimentatie van € 450,00" in pagina
    assert "Dit voorstel valt binnen de afspraken" in pagina
    assert not Betalingsregeling.objects.exists()  # computing writes nothing

    posten = Journaalpost.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        r = debiteur.post("/debiteur/regeling/voorstel/", _voorstel("300,00", "versturen"))
    assert r.status_code == 302 and r["Location"] == "/debiteur/regeling/"
    regeling = Betalingsregeling.objects.get(dossier=dossier)
    assert (regeling.status, regeling.bron, regeling.binnen_regels) == ("loopt", "debiteur", True)
    assert regeling.toelichting == "Mijn loon komt op de 25e."
    assert list(regeling.termijnen.values_list("bedrag", flat=True)) == [D("300.00")] * 6
    assert Journaalpost.objects.count() == posten

    pagina = debiteur.get("/debiteur/regeling/").content.decode()
    assert "Uw betalingsregeling is aangenomen en gaat meteen in." in pagina
    assert "Uw betalingsregeling loopt." in pagina
    assert "De volgende termijn is € 300,00, uiterlijk op 1 mei 2026." in pagina
    assert pagina.count('data-label="Status">open</td>') == 6
    assert "Een regeling voorstellen" not in pagina  # one at a time
    # the pay page offers the next term; paying it starts a payment of that amount
    assert "De volgende termijn van uw regeling" in debiteur.get("/debiteur/betalen/").content.decode()
    r = debiteur.post("/debiteur/betalen/", {"keuze": "termijn"})
    assert r.status_code == 302
    assert dossier.betalingen.get().bedrag == D("300.00")
    # the confirmation letter with the schedule is written (the same path as a client's approval)
    brief = Brief.objects.get(dossier=dossier, soort="regeling_bevestiging")
    assert brief.document is not None and brief.bedrag == D("1800.00")


def test_a_proposal_outside_the_rules_goes_to_the_client_who_sees_it_at_once(
    dossier, regels, portaal_client, client_user, django_capture_on_commit_callbacks
):
    debiteur = inloggen(dossier, code_maak(dossier=dossier))
    pagina = debiteur.post("/debiteur/regeling/voorstel/", _voorstel("250,00", "bereken")).content.decode()
    assert "U betaalt 8 termijnen van € 250,00" in pagina
    assert (
        "Dit voorstel valt buiten de afspraken. Het gaat eerst naar de ontvanger van de alimentatie" in pagina
    )
    r = debiteur.post("/debiteur/regeling/voorstel/", _voorstel("250,00", "versturen"))
    assert r.status_code == 302
    regeling = Betalingsregeling.objects.get(dossier=dossier)
    assert (regeling.status, regeling.binnen_regels) == ("voorgesteld", False)
    pagina = debiteur.get("/debiteur/regeling/").content.decode()
    assert "Het gaat eerst naar de ontvanger van de alimentatie" in pagina
    assert "Uw voorstel wacht op een besluit" in pagina

    # the client: on the home page, on the dossier page, and the decision page says where it came from
    home = portaal_client.get("/portaal/").content.decode()
    assert "Voorstellen voor een betalingsregeling die op uw besluit wachten" in home
    assert f"/portaal/incasso/regeling/{regeling.pk}/" in home
    assert (
        "voorgesteld door de betalingsplichtige"
        in portaal_client.get(f"/portaal/dossiers/{dossier.pk}/").content.decode()
    )
    besluit = portaal_client.get(f"/portaal/incasso/regeling/{regeling.pk}/").content.decode()
    assert "Het valt buiten uw regels, daarom beslist u." in besluit
    assert "Mijn loon komt op de 25e." in besluit
    with django_capture_on_commit_callbacks(execute=True):
        r = portaal_client.post(f"/portaal/incasso/regeling/{regeling.pk}/", {"besluit": "akkoord"})
    assert r.status_code == 302
    regeling.refresh_from_db()
    assert regeling.status == "loopt"
    assert Taak.objects.filter(dossier=dossier, sleutel=f"regeling:{regeling.pk}:casemanager").exists()
    assert "Uw betalingsregeling loopt." in debiteur.get("/debiteur/regeling/").content.decode()
    assert "op uw besluit wachten" not in portaal_client.get("/portaal/").content.decode()


@pytest.mark.parametrize(
    ("invoer", "melding"),
    [
        ({"maandbedrag": "0"}, "Het bedrag per maand moet groter zijn dan nul."),
        ({"maandbedrag": "-10"}, "Het bedrag per maand moet groter zijn dan nul."),
        ({"maandbedrag": "10"}, "Een regeling duurt hoogstens 60 maanden."),  # 180 terms
        ({"maandbedrag": ""}, "Vul het bedrag in dat u per maand kunt betalen."),
        ({"keuze": "maanden", "maanden": "61"}, "Kies een aantal maanden van 1 tot en met 60."),
        ({"eerste_termijn": "2026-04-01"}, "De eerste betaling kan niet in het verleden liggen."),
    ],
)
def test_impossible_proposals_are_refused_with_a_clear_message_and_the_input_kept(dossier, invoer, melding):
    debiteur = inloggen(dossier, code_maak(dossier=dossier))
    r = debiteur.post("/debiteur/regeling/voorstel/", {**_voorstel("300,00", "versturen"), **invoer})
    assert r.status_code == 400
    pagina = r.content.decode()
    assert melding in pagina
    assert "Mijn loon komt op de 25e." in pagina  # nothing typed is lost
    assert not Betalingsregeling.objects.exists()


def test_a_second_proposal_is_refused_while_one_waits(dossier):
    debiteur = inloggen(dossier, code_maak(dossier=dossier))
    assert debiteur.post("/debiteur/regeling/voorstel/", _voorstel("300,00", "versturen")).status_code == 302
    r = debiteur.post("/debiteur/regeling/voorstel/", _voorstel("400,00", "versturen"))
    assert r.status_code == 400
    assert "Er is al een betalingsregeling voorgesteld of die loopt al." in r.content.decode()
    assert Betalingsregeling.objects.count() == 1


def test_another_dossiers_debtor_sees_and_proposes_only_on_his_own(dossier, regels):
    eigen = inloggen(dossier, code_maak(dossier=dossier))
    eigen.post("/debiteur/regeling/voorstel/", _voorstel("300,00", "versturen"))
    regeling = Betalingsregeling.objects.get(dossier=dossier)

    ander_dossier = maak_dossier(debiteur_naam="Olga Ander", bedrag=D("100.00"))
    ander = inloggen(ander_dossier, code_maak(dossier=ander_dossier))
    pagina = ander.get("/debiteur/regeling/").content.decode()
    assert dossier.nummer not in pagina and "€ 300,00" not in pagina and "Uw regeling" not in pagina
    # her proposal lands on her own dossier, judged by her own client's rules (none: to her client)
    r = ander.post("/debiteur/regeling/voorstel/", {**_voorstel("100,00", "versturen")})
    assert r.status_code == 302
    hare = Betalingsregeling.objects.exclude(pk=regeling.pk).get()
    assert hare.dossier_id == ander_dossier.pk and hare.status == "voorgesteld"
    regeling.refresh_from_db()
    assert regeling.termijnen.count() == 6 and regeling.status == "loopt"
    # without a debtor session: to the sign-in page
    assert Client().get("/debiteur/regeling/")["Location"] == "/debiteur/"


def test_the_client_sets_the_rules_once_and_can_change_them(dossier, portaal_client, client_user):
    pagina = portaal_client.get("/portaal/incasso/regelingregels/").content.decode()
    assert "U heeft nog geen regels gekozen." in pagina
    assert 'value="12"' in pagina and 'value="50,00"' in pagina
    r = portaal_client.post(
        "/portaal/incasso/regelingregels/",
        {"max_maanden": "0", "min_maandbedrag": "abc", "direct_akkoord": "ja"},
    )
    assert r.status_code == 400 and not Regelingregels.objects.exists()
    r = portaal_client.post(
        "/portaal/incasso/regelingregels/",
        {"max_maanden": "6", "min_maandbedrag": "300,00", "direct_akkoord": "ja"},
    )
    assert r.status_code == 302
    rij = Regelingregels.objects.get(client=dossier.client)
    assert (rij.max_maanden, rij.min_maandbedrag, rij.direct_akkoord) == (6, D("300.00"), True)
    assert rij.history.get().history_user == client_user
    pagina = portaal_client.get("/portaal/incasso/regelingregels/").content.decode()
    assert "Uw regels voor betalingsregelingen zijn bewaard." in pagina
    assert "U heeft nog geen regels gekozen." not in pagina and 'value="300,00"' in pagina
    # the link from the dossier page
    assert (
        "/portaal/incasso/regelingregels/"
        in portaal_client.get(f"/portaal/dossiers/{dossier.pk}/").content.decode()
    )


def test_the_arrangement_pages_render_in_english(dossier, regels):
    engels = Client(HTTP_ACCEPT_LANGUAGE="en")
    inloggen(dossier, code_maak(dossier=dossier), engels)
    pagina = engels.get("/debiteur/regeling/").content.decode()
    assert "Propose an arrangement" in pagina and "Een regeling voorstellen" not in pagina
    pagina = engels.post("/debiteur/regeling/voorstel/", _voorstel("250.00", "bereken")).content.decode()
    assert "Your arrears today are € 1.800,00" in pagina
    assert "You pay 8 instalments of € 250,00" in pagina
    assert "This proposal is outside the agreed limits" in pagina
    r = engels.post("/debiteur/regeling/voorstel/", _voorstel("0", "versturen"))
    assert "The monthly amount must be more than zero." in r.content.decode()


def test_the_client_rules_page_renders_in_english(client_user):
    from tests.conftest import login_als

    portaal = login_als(Client(HTTP_ACCEPT_LANGUAGE="en"), client_user)
    ClientModel.objects.create(naam="Clara Cliënt", user=client_user)
    pagina = portaal.get("/portaal/incasso/regelingregels/").content.decode()
    assert "Rules for payment arrangements" in pagina and "Save rules" in pagina
