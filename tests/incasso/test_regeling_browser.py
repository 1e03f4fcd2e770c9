"""Journey in Chromium (issue 14 item 2): the case manager enters the debtor's proposal with the generator
("6 terms of € 3.922,20"), € 1.800,00 of receipts is matched, the client approves in the portal, and the
confirmation letter asks for the arrears of that day, not the proposal.

Worked example: child alimony € 3.922,20 a month, due on the 1st, not indexed, from the 1st of the month five
months before this one: six terms due, arrears 6 x 3.922,20 = € 23.533,20. After € 1.800,00 is received the
arrears are 23.533,20 - 1.800,00 = € 21.733,20: five instalments of 3.922,20 (19.611,00) and a sixth of
21.733,20 - 19.611,00 = € 2.122,20.
"""

import io
from datetime import date
from decimal import Decimal as D

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from incasso.models import Betalingsregeling, Brief
from inning.services import ontvangst_registreer
from tests.browser import axe_violations, log_in, screenshot

from .factories import ClientFactory, DossierFactory, opdracht_maak, titel_en_verplichting

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _maand_terug(d: date, n: int) -> date:
    m = d.month - 1 - n
    return date(d.year + m // 12, m % 12 + 1, 1)


def test_arrangement_from_proposal_to_letter_asks_for_the_arrears_of_the_day_it_takes_effect(
    page, browser, browser_context_args, live_server, casemanager, client_user
):
    vandaag = timezone.localdate()
    dossier = DossierFactory(client=ClientFactory(user=client_user), casemanager=casemanager)
    opdracht_maak(dossier, timezone.now())
    titel_en_verplichting(dossier, bedrag=D("3922.20"), ingang=_maand_terug(vandaag, 5))

    log_in(page, live_server.url, casemanager, totp=True)
    page.goto(f"{live_server.url}{reverse('incasso:regeling_nieuw', args=[dossier.pk])}")
    assert page.get_by_role("link", name="Incasso").first.is_visible()  # the dossier tabs stay
    assert "€ 23.533,20" in page.locator("#regeling-achterstand").inner_text()
    page.get_by_label("Aantal termijnen").fill("6")
    page.get_by_label("Bedrag per termijn").fill("3922,20")
    page.get_by_label("Eerste termijn op").fill(_maand_terug(vandaag, -1).isoformat())
    page.get_by_role("button", name="Invullen").click()
    assert page.locator("#regeling-totaal").inner_text() == "Totaal € 23.533,20: gelijk aan de achterstand."
    assert page.locator("#id_termijn-5-bedrag").input_value() == "3.922,20"
    screenshot(page, "regeling-voorstel-staf")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Voorstel vastleggen en aan cliënt voorleggen").click()
    page.wait_for_load_state("networkidle")
    regeling = Betalingsregeling.objects.get(dossier=dossier)
    assert list(regeling.termijnen.values_list("bedrag", flat=True)) == [D("3922.20")] * 6

    ontvangst_registreer(
        dossier=dossier, bedrag=D("1800.00"), datum=vandaag, bron_type="overig", bron_id="journey",
        omschrijving="Betaling debiteur", sleutel=f"journey:{dossier.pk}",
    )  # fmt: skip

    portaal = browser.new_context(**browser_context_args).new_page()
    log_in(portaal, live_server.url, client_user, totp=False)
    portaal.goto(f"{live_server.url}{reverse('incasso_portaal:regeling', args=[regeling.pk])}")
    inhoud = portaal.locator("main").inner_text()
    assert "€ 21.733,20" in inhoud and "€ 2.122,20" in inhoud
    assert "lopende alimentatie van € 3.922,20 per maand loopt gewoon door" in inhoud
    screenshot(portaal, "regeling-portaal-voorstel")
    assert axe_violations(portaal) == []
    portaal.get_by_label("Ik ga akkoord met deze regeling").check()
    portaal.get_by_role("button", name="Besluit versturen").click()
    portaal.wait_for_load_state("networkidle")
    assert "loopt" in portaal.locator("main").inner_text()
    screenshot(portaal, "regeling-portaal-loopt")

    brief = Brief.objects.get(dossier=dossier, soort="regeling_bevestiging")
    assert brief.bedrag == D("21733.20")
    brief.document.bestand.open("rb")
    pagina_s = PdfReader(io.BytesIO(brief.document.bestand.read())).pages
    tekst = " ".join(" ".join(p.extract_text(extraction_mode="layout") for p in pagina_s).split())
    assert "U betaalt in totaal € 21.733,20" in tekst
    assert "€ 2.122,20" in tekst and "€ 23.533,20" not in tekst
    assert "naast deze termijnen blijft u uw lopende alimentatie van € 3.922,20 per maand" in tekst
    portaal.close()
