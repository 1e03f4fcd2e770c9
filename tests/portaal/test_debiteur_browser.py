"""The debtor on a 390 px phone (issue 16): sign in with the code from the letter → the statement → pay the
whole claim with the built-in test provider → the result page. Every page axe clean, none wider than the
phone; screenshots in var/screenshots/debiteur-*.png."""

import pytest
from django.core.cache import cache

from bank.controle import grootboek_controleer
from betaling.models import Betaling
from inning.models import Ontvangst
from portaal.selectors import achterstand_open
from recht.geld import euro
from tests.browser import axe_violations, screenshot

from .test_debiteur import _brief, _code_uit_brief

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 390, "height": 844}, "is_mobile": True}


def _controleer(page, naam: str) -> None:
    screenshot(page, naam)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, naam
    assert axe_violations(page) == [], naam


def test_debtor_signs_in_sees_the_claim_and_pays_with_the_test_provider(page, live_server):
    from tests.inning.geld_factories import maak_dossier

    cache.clear()
    dossier = maak_dossier(debiteur_naam="Dirk Debiteur")
    dossier.debiteur.straat, dossier.debiteur.postcode, dossier.debiteur.woonplaats = (
        "Kerkstraat 9",
        "1017 GB",
        "Amsterdam",
    )
    dossier.debiteur.save()
    code = _code_uit_brief(_brief(dossier))
    te_betalen = achterstand_open(dossier)

    page.goto(f"{live_server.url}/debiteur/")
    _controleer(page, "debiteur-1-inloggen")
    page.get_by_label("Dossiernummer").fill(dossier.nummer)
    page.get_by_label("Persoonlijke code").fill(code.lower().replace("-", " "))  # typed loosely: still fine
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url("**/debiteur/overzicht/")
    assert page.locator("#te-betalen").inner_text() == euro(te_betalen)
    _controleer(page, "debiteur-2-overzicht")

    page.get_by_role("link", name="Nu betalen met iDEAL").click()
    page.wait_for_url("**/debiteur/betalen/")
    _controleer(page, "debiteur-3-betalen")
    page.get_by_label("Alles wat openstaat").check()
    page.get_by_role("button", name="Naar iDEAL").click()
    page.wait_for_url("**/betalen/test/**")
    assert page.locator("#test-bedrag").inner_text() == euro(te_betalen)
    _controleer(page, "debiteur-4-testbetaling")
    page.get_by_role("button", name="Betaald").click()
    page.wait_for_url("**/debiteur/betalingen/**")
    assert "Uw betaling is gelukt" in page.content()
    _controleer(page, "debiteur-5-gelukt")

    betaling = Betaling.objects.get(dossier=dossier)
    assert betaling.status == Betaling.Status.BETAALD
    assert Ontvangst.objects.filter(dossier=dossier).count() == 1
    assert grootboek_controleer()["in_balans"] is True

    page.get_by_role("link", name="Naar mijn overzicht").click()
    assert "U hoeft nu niets te betalen" in page.content()
    page.get_by_role("link", name="Brieven").click()
    page.wait_for_url("**/debiteur/brieven/")
    _controleer(page, "debiteur-6-brieven")
