"""Staff and portal pages: render, scope to the client (404 for others), forms keep what was typed."""

from datetime import datetime

import pytest
import time_machine
from django.urls import reverse

from incasso.models import Betalingsregeling, Toestemmingsverzoek
from incasso.services import betalingsregeling_maak, toestemming_vraag
from incasso.tasks import eerste_aanmaning

from .factories import AMS, ClientFactory, geaccepteerd_dossier

pytestmark = pytest.mark.django_db
MOMENT = datetime(2026, 4, 2, 10, 0, tzinfo=AMS)


@pytest.fixture
def eigen_dossier(client_user):
    with time_machine.travel(MOMENT, tick=False):
        dossier = geaccepteerd_dossier(ontvangen_op=MOMENT, client=ClientFactory(user=client_user))
        eerste_aanmaning(dossier.pk)
    return dossier


@pytest.fixture
def ander_dossier():
    return geaccepteerd_dossier(ontvangen_op=MOMENT)


def test_portal_pages_of_another_client_answer_404(portaal_client, eigen_dossier, ander_dossier):
    vreemd_verzoek = toestemming_vraag(dossier=ander_dossier, soort="formeel_bevel", door=None)
    from datetime import date
    from decimal import Decimal

    vreemde_regeling = betalingsregeling_maak(
        dossier=ander_dossier, termijnen=[(date(2026, 5, 1), Decimal("10"))], door=None
    )
    with time_machine.travel(MOMENT, tick=False):
        eerste_aanmaning(ander_dossier.pk)
    vreemde_brief = ander_dossier.brieven.get()
    for url in (
        reverse("incasso_portaal:dossier", args=[ander_dossier.pk]),
        reverse("incasso_portaal:toestemming", args=[vreemd_verzoek.pk]),
        reverse("incasso_portaal:regeling", args=[vreemde_regeling.pk]),
        reverse("incasso_portaal:brief_pdf", args=[vreemde_brief.pk]),
    ):
        assert portaal_client.get(url).status_code == 404, url
    assert (
        portaal_client.post(
            reverse("incasso_portaal:toestemming", args=[vreemd_verzoek.pk]), {"antwoord": "ja"}
        ).status_code
        == 404
    )
    vreemd_verzoek.refresh_from_db()
    assert vreemd_verzoek.status == "gevraagd"


def test_client_downloads_own_letter_and_sees_it_listed(portaal_client, eigen_dossier):
    brief = eigen_dossier.brieven.get()
    pagina = portaal_client.get(reverse("incasso_portaal:dossier", args=[eigen_dossier.pk]))
    assert reverse("incasso_portaal:brief_pdf", args=[brief.pk]) in pagina.content.decode()
    antwoord = portaal_client.get(reverse("incasso_portaal:brief_pdf", args=[brief.pk]))
    assert antwoord.status_code == 200 and antwoord["Content-Type"] == "application/pdf"
    assert b"".join(antwoord.streaming_content).startswith(b"%PDF")


def test_consent_page_explains_costs_for_the_debtor_and_that_the_client_pays_nothing(
    portaal_client, eigen_dossier
):
    from tarieven.models import BtagTarief

    verzoek = toestemming_vraag(dossier=eigen_dossier, soort="formeel_bevel", door=None)
    html = portaal_client.get(reverse("incasso_portaal:toestemming", args=[verzoek.pk])).content.decode()
    assert "U betaalt niets." in html
    tarief = BtagTarief.objects.filter(handeling="betekening_titel", jaar=2026).first()
    if tarief is not None:  # the tariff table is seeded by the tarieven app's data migration
        assert "136,71" in html


def test_consent_answer_without_choice_keeps_the_typed_explanation(portaal_client, eigen_dossier):
    verzoek = toestemming_vraag(dossier=eigen_dossier, soort="formeel_bevel", door=None)
    antwoord = portaal_client.post(
        reverse("incasso_portaal:toestemming", args=[verzoek.pk]), {"toelichting": "Liever eerst bellen"}
    )
    assert antwoord.status_code == 200
    html = antwoord.content.decode()
    assert "Liever eerst bellen" in html and "verplicht" in html.lower()
    verzoek.refresh_from_db()
    assert verzoek.status == Toestemmingsverzoek.Status.GEVRAAGD


def test_client_approves_an_arrangement_in_the_portal(portaal_client, eigen_dossier, client_user):
    from datetime import date
    from decimal import Decimal

    regeling = betalingsregeling_maak(
        dossier=eigen_dossier, termijnen=[(date(2026, 5, 1), Decimal("100"))], door=None
    )
    url = reverse("incasso_portaal:regeling", args=[regeling.pk])
    assert "€ 100,00" in portaal_client.get(url).content.decode()
    assert portaal_client.post(url, {"besluit": "akkoord"}).status_code == 302
    regeling.refresh_from_db()
    assert regeling.status == Betalingsregeling.Status.LOOPT and regeling.beoordeeld_door == client_user


def test_staff_asks_garnishment_without_title_and_sees_why_not(cm_client, ander_dossier):
    ander_dossier.titels.all().update(soort="geen")
    antwoord = cm_client.post(
        reverse("incasso:toestemming_vraag", args=[ander_dossier.pk]), {"soort": "loonbeslag"}, follow=True
    )
    assert "geen executoriale titel" in antwoord.content.decode()
    assert not Toestemmingsverzoek.objects.exists()


def test_staff_enters_an_arrangement_and_bad_rows_keep_the_input(cm_client, ander_dossier):
    url = reverse("incasso:regeling_nieuw", args=[ander_dossier.pk])
    data = {
        "toelichting": "Voorstel per telefoon",
        "termijn-TOTAL_FORMS": "6",
        "termijn-INITIAL_FORMS": "0",
        "termijn-MIN_NUM_FORMS": "0",
        "termijn-MAX_NUM_FORMS": "36",
        "termijn-0-vervaldatum": "2026-05-01",
        "termijn-0-bedrag": "250,00",
        "termijn-1-vervaldatum": "2026-06-01",
        "termijn-1-bedrag": "",
    }
    antwoord = cm_client.post(url, data)
    assert antwoord.status_code == 200
    assert "zowel de datum als het bedrag" in antwoord.content.decode()
    assert "Voorstel per telefoon" in antwoord.content.decode()
    data["termijn-1-bedrag"] = "250.00"
    data["termijn-0-bedrag"] = "250.00"
    assert cm_client.post(url, data).status_code == 302
    regeling = Betalingsregeling.objects.get(dossier=ander_dossier)
    assert [str(t.bedrag) for t in regeling.termijnen.all()] == ["250.00", "250.00"]


def test_staff_pages_render_in_a_bounded_number_of_queries(
    cm_client, eigen_dossier, django_assert_max_num_queries
):
    for i in range(5):
        with time_machine.travel(MOMENT, tick=False):
            eerste_aanmaning(geaccepteerd_dossier(ontvangen_op=MOMENT, debiteur__email="").pk)
    for naam, args in (
        ("incasso:dashboard", []),
        ("incasso:post", []),
        ("incasso:paneel", [eigen_dossier.pk]),
    ):
        with django_assert_max_num_queries(30):
            assert cm_client.get(reverse(naam, args=args)).status_code == 200, naam


def test_client_cannot_open_staff_pages(portaal_client):
    assert portaal_client.get(reverse("incasso:dashboard")).status_code == 403


def test_incasso_tab_shows_a_consent_answered_without_a_portal_user(cm_client, ander_dossier):
    """Issue 14 item 1: a client without a portal login (a phone order) answers without a user; the demo
    data writes exactly that for the bailiff and garnishment dossiers. The tab answered 500
    (VariableDoesNotExist on ``beantwoord_door.email``)."""
    verzoek = toestemming_vraag(dossier=ander_dossier, soort="formeel_bevel", door=None)
    from incasso.services import toestemming_beantwoord

    verzoek = toestemming_beantwoord(verzoek=verzoek, gegeven=True, door=None)
    antwoord = cm_client.get(reverse("incasso:paneel", args=[ander_dossier.pk]))
    assert antwoord.status_code == 200
    assert str(verzoek.get_status_display()) in antwoord.content.decode()
