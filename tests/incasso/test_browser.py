"""In Chromium: the client answers consent requests in the portal (yes → the bailiff step is allowed; no → the
case manager gets a new next action); staff pages and portal pages are axe-clean; screenshots to look at."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from incasso.models import Toestemmingsverzoek
from incasso.selectors import toestemming_gegeven
from incasso.services import betalingsregeling_maak, stagnatie_controle, toestemming_vraag
from incasso.tasks import eerste_aanmaning
from tests.browser import axe_violations, log_in, screenshot

from .factories import ClientFactory, geaccepteerd_dossier

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def dossier(client_user):
    nu = timezone.now()
    d = geaccepteerd_dossier(ontvangen_op=nu - timedelta(hours=2), client=ClientFactory(user=client_user))
    eerste_aanmaning(d.pk)
    return d


def test_client_says_yes_then_no_in_the_portal_and_pages_are_accessible(
    page, live_server, client_user, dossier
):
    ja = toestemming_vraag(dossier=dossier, soort="formeel_bevel", door=None)
    betalingsregeling_maak(
        dossier=dossier, termijnen=[(date.today() + timedelta(days=30), Decimal("150.00"))], door=None
    )
    log_in(page, live_server.url, client_user, totp=False)

    page.goto(f"{live_server.url}{reverse('portaal:dossier', args=[dossier.pk])}")
    assert page.get_by_role("heading", name="Uw toestemming").is_visible()
    assert page.get_by_role("heading", name="Brieven aan de debiteur").is_visible()
    screenshot(page, "incasso-portaal-dossier")
    assert axe_violations(page) == []

    page.get_by_role("link", name="Lees uitleg en antwoord").first.click()
    assert page.get_by_text("U betaalt niets.").is_visible()
    screenshot(page, "incasso-portaal-toestemming")
    assert axe_violations(page) == []
    page.get_by_label("Ja, ik geef toestemming").check()
    page.get_by_role("button", name="Antwoord versturen").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("U hebt geantwoord").is_visible()
    assert toestemming_gegeven(dossier_id=dossier.pk, soort="formeel_bevel") is True
    ja.refresh_from_db()
    assert ja.beantwoord_door == client_user

    nee = toestemming_vraag(dossier=dossier, soort="bankbeslag", door=None)
    page.goto(f"{live_server.url}{reverse('incasso_portaal:toestemming', args=[nee.pk])}")
    page.get_by_label("Nee, ik geef geen toestemming").check()
    page.get_by_label("Toelichting (niet verplicht)").fill("Hij betaalt nu weer")
    page.get_by_role("button", name="Antwoord versturen").click()
    page.wait_for_load_state("networkidle")
    nee.refresh_from_db()
    assert nee.status == Toestemmingsverzoek.Status.GEWEIGERD and nee.toelichting == "Hij betaalt nu weer"
    assert toestemming_gegeven(dossier_id=dossier.pk, soort="bankbeslag") is False
    dossier.refresh_from_db()
    assert dossier.volgende_actie.startswith("Cliënt weigerde")

    page.goto(f"{live_server.url}{reverse('portaal:dossier', args=[dossier.pk])}")
    page.get_by_role("link", name="Bekijken en beslissen").click()
    screenshot(page, "incasso-portaal-regeling")
    assert axe_violations(page) == []


def test_staff_dashboard_panel_and_post_pages_are_accessible(page, live_server, casemanager, dossier):
    geaccepteerd_dossier(ontvangen_op=timezone.now(), debiteur__email="")
    eerste_aanmaning(geaccepteerd_dossier(ontvangen_op=timezone.now(), debiteur__email="").pk)
    type(dossier).objects.filter(pk=dossier.pk).update(volgende_actie_datum=date.today() - timedelta(days=3))
    stagnatie_controle()
    log_in(page, live_server.url, casemanager, totp=True)
    for naam, args, schot in (
        ("incasso:dashboard", [], "incasso-dashboard"),
        ("incasso:paneel", [dossier.pk], "incasso-paneel"),
        ("incasso:post", [], "incasso-post"),
    ):
        page.goto(f"{live_server.url}{reverse(naam, args=args)}")
        assert page.get_by_role("heading", level=1).first.is_visible()
        screenshot(page, schot)
        assert axe_violations(page) == [], naam

    # The work queue belongs to the dossiers app; our block on it is checked on its own.
    page.goto(f"{live_server.url}{reverse('dossiers:home')}")
    blok = page.locator("#incasso-werkvoorraad")
    assert blok.get_by_role("heading", name="Signaleringen: niets mag stil blijven liggen").is_visible()
    assert blok.get_by_role("cell", name="Volgende actie over datum").first.is_visible()
    screenshot(page, "incasso-werkvoorraad")
    assert axe_in(page, "#incasso-werkvoorraad") == []


def axe_in(page, selector: str) -> list[dict]:
    """axe-core (WCAG 2.1 A/AA) on one part of the page only."""
    axe_violations(page)  # loads axe-core from our static files
    resultaat = page.evaluate(
        """async (sel) => await axe.run(sel, {runOnly: {type: 'tag',
            values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})""",
        selector,
    )
    return [{"id": v["id"], "nodes": [n["target"] for n in v["nodes"]]} for v in resultaat["violations"]]
