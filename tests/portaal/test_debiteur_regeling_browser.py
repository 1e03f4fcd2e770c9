"""In Chromium, at desktop width and on a 390 px phone, axe clean (issue 16 item 4): the client sets the rules
once; the debtor proposes inside them → the arrangement runs at once and its next term can be paid; the debtor
of a second dossier proposes outside them → it waits for the client, who sees it on the home page.

Worked example: € 450,00 a month due on the 1st since the 1st of the month three months ago: four terms due,
arrears 4 x 450,00 = € 1.800,00. Rules: at most 6 months, at least € 300,00, accepted at once.
€ 300,00 a month → 6 terms of 300,00: inside. € 250,00 a month → 7 x 250,00 + 50,00 = 8 terms: outside.
"""

from datetime import date
from decimal import Decimal as D

import pytest
from django.core.cache import cache
from django.utils import timezone

from dossiers.debiteur_toegang import code_maak
from dossiers.models import Client as ClientModel
from incasso.models import Betalingsregeling, Regelingregels
from portaal.selectors import achterstand_open
from tests.browser import axe_violations, log_in, screenshot
from tests.inning.geld_factories import maak_dossier

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BREEDTES = {"desktop": {"width": 1280, "height": 900}, "telefoon": {"width": 390, "height": 844}}


def _maand_terug(d: date, n: int) -> date:
    m = d.month - 1 - n
    return date(d.year + m // 12, m % 12 + 1, 1)


def _controleer(page, naam: str, breedte: int) -> None:
    screenshot(page, f"regeling-{naam}")
    assert page.evaluate("document.documentElement.scrollWidth") <= breedte, naam
    assert axe_violations(page) == [], naam


def _debiteur_log_in(page, url: str, dossier) -> None:
    page.goto(f"{url}/debiteur/")
    page.get_by_label("Dossiernummer").fill(dossier.nummer)
    page.get_by_label("Persoonlijke code").fill(code_maak(dossier=dossier))
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url("**/debiteur/overzicht/")


def _stel_voor(page, bedrag: str) -> None:
    page.get_by_role("link", name="Betalingsregeling: bekijken of voorstellen").click()
    page.wait_for_url("**/debiteur/regeling/")
    page.get_by_role("link", name="Een regeling voorstellen").click()
    page.wait_for_url("**/debiteur/regeling/voorstel/")
    page.get_by_label("Bedrag per maand in euro").fill(bedrag)
    page.get_by_label("Eerste betaling op").fill(_maand_terug(timezone.localdate(), -1).isoformat())
    page.get_by_label("Korte uitleg (niet verplicht)").fill("Mijn loon komt op de 25e.")
    page.get_by_role("button", name="Bereken").click()
    page.wait_for_load_state("networkidle")


@pytest.mark.parametrize("scherm", ["desktop", "telefoon"])
def test_client_sets_the_rules_inside_runs_at_once_outside_waits_for_the_client(
    scherm, browser, browser_context_args, live_server, client_user
):
    cache.clear()
    maat = BREEDTES[scherm]
    breedte = maat["width"]
    client = ClientModel.objects.create(naam="Clara Cliënt", user=client_user, email="clara@example.nl")
    ingang = _maand_terug(timezone.localdate(), 3)
    eerste = maak_dossier(client=client, debiteur_naam="Dirk Debiteur", ingangsdatum=ingang)
    tweede = maak_dossier(client=client, debiteur_naam="Bart Betaler", ingangsdatum=ingang)
    assert achterstand_open(eerste) == achterstand_open(tweede) == D("1800.00")

    # the client sets the rules once
    portaal = browser.new_context(**{**browser_context_args, "viewport": maat}).new_page()
    log_in(portaal, live_server.url, client_user, totp=False)
    portaal.goto(f"{live_server.url}/portaal/incasso/regelingregels/")
    _controleer(portaal, f"{scherm}-1-regels-client", breedte)
    portaal.get_by_label("Hoogstens aantal maanden").fill("6")
    portaal.get_by_label("Minimaal bedrag per maand in euro").fill("300,00")
    portaal.get_by_label("gaat direct in: ik hoef het niet meer goed te keuren").check()
    portaal.get_by_role("button", name="Regels bewaren").click()
    portaal.wait_for_load_state("networkidle")
    assert "Uw regels voor betalingsregelingen zijn bewaard." in portaal.content()
    regels = Regelingregels.objects.get(client=client)
    assert (regels.max_maanden, regels.min_maandbedrag, regels.direct_akkoord) == (6, D("300.00"), True)

    # the first debtor: € 300,00 a month, exactly the minimum and exactly 6 months → runs at once
    debiteur = browser.new_context(**{**browser_context_args, "viewport": maat}).new_page()
    _debiteur_log_in(debiteur, live_server.url, eerste)
    _stel_voor(debiteur, "300,00")
    assert "U betaalt 6 termijnen van € 300,00" in debiteur.locator("#regeling-samenvatting").inner_text()
    assert "binnen de afspraken" in debiteur.locator("#regeling-uitkomst").inner_text()
    _controleer(debiteur, f"{scherm}-2-debiteur-binnen-berekend", breedte)
    debiteur.get_by_role("button", name="Voorstel versturen").click()
    debiteur.wait_for_url("**/debiteur/regeling/")
    assert "Uw betalingsregeling loopt." in debiteur.locator("#regeling-status").inner_text()
    assert debiteur.locator("#regeling-schema tbody tr").count() == 6
    _controleer(debiteur, f"{scherm}-3-debiteur-loopt", breedte)
    assert Betalingsregeling.objects.get(dossier=eerste).status == "loopt"
    debiteur.get_by_role("link", name="Deze termijn nu betalen").click()
    debiteur.wait_for_url("**/debiteur/betalen/")
    assert (
        "€ 300,00" in debiteur.get_by_label("De volgende termijn van uw regeling").locator("..").inner_text()
    )
    debiteur.context.close()

    # the second debtor (another phone): € 250,00 a month → 8 months: outside → to the client
    debiteur = browser.new_context(**{**browser_context_args, "viewport": maat}).new_page()
    _debiteur_log_in(debiteur, live_server.url, tweede)
    _stel_voor(debiteur, "250,00")
    assert "U betaalt 8 termijnen van € 250,00" in debiteur.locator("#regeling-samenvatting").inner_text()
    assert "buiten de afspraken" in debiteur.locator("#regeling-uitkomst").inner_text()
    _controleer(debiteur, f"{scherm}-4-debiteur-buiten-berekend", breedte)
    debiteur.get_by_role("button", name="Voorstel versturen").click()
    debiteur.wait_for_url("**/debiteur/regeling/")
    assert "Het gaat eerst naar de ontvanger van de alimentatie" in debiteur.content()
    assert "wacht op een besluit" in debiteur.locator("#regeling-status").inner_text()
    _controleer(debiteur, f"{scherm}-5-debiteur-wacht", breedte)
    assert Betalingsregeling.objects.get(dossier=tweede).status == "voorgesteld"

    # the client sees it on the home page and decides
    portaal.goto(f"{live_server.url}/portaal/")
    melding = portaal.locator("section", has_text="die op uw besluit wachten")
    assert tweede.nummer in melding.inner_text() and eerste.nummer not in melding.inner_text()
    _controleer(portaal, f"{scherm}-6-client-home", breedte)
    melding.get_by_role("link", name="Bekijken en beslissen").click()
    portaal.wait_for_load_state("networkidle")
    assert "Het valt buiten uw regels, daarom beslist u." in portaal.locator("#regeling-bron").inner_text()
    _controleer(portaal, f"{scherm}-7-client-besluit", breedte)
