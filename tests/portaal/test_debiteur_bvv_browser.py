"""The beslagvrije-voet questionnaire in Chromium (issue 16 point 6): the debtor fills it in on a 390 px phone
(a half-valid first try keeps what was typed), sees the answers and the preliminary answer; the same pages at
desktop width; the case manager then sees it on the garnishment tab. Every page axe clean, no page wider than the
viewport; screenshots in /tmp/shots/bvv/."""

from pathlib import Path

import pytest
from django.core.cache import cache

from beslag.models import BvvOpgave
from dossiers.debiteur_toegang import code_maak
from tests.browser import axe_violations, log_in
from tests.inning.geld_factories import maak_dossier

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/tmp/shots/bvv")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _controleer(page, naam: str, breedte: int) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{naam}.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= breedte, naam
    assert axe_violations(page) == [], naam


def _debiteur_vult_in(page, url: str, dossier, breedte: int, naam: str, opnieuw: bool = False) -> None:
    page.goto(f"{url}/debiteur/")
    page.get_by_label("Dossiernummer").fill(dossier.nummer)
    page.get_by_label("Persoonlijke code").fill(code_maak(dossier=dossier))
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url("**/debiteur/overzicht/")
    page.get_by_role("link", name="Vragen over uw inkomen en woonkosten (beslagvrije voet)").click()
    page.wait_for_url("**/debiteur/beslagvrije-voet/")
    if opnieuw:  # answered before: the answers first, then filling in again from them
        assert page.locator("#bvv-bedrag").is_visible()
        page.get_by_role("link", name="Er is iets veranderd: opnieuw invullen").click()
        page.wait_for_url("**/debiteur/beslagvrije-voet/?opnieuw=1")
        assert page.get_by_label("Uw netto inkomen per maand in euro").input_value() == "1700,00"
    _controleer(page, f"{naam}-1-vragenlijst", breedte)

    page.get_by_label("Nee").check()
    page.get_by_label("Hoeveel kinderen jonger dan 18 jaar wonen bij u?").fill("0")
    page.get_by_label("Op een adres in Nederland").check()
    page.get_by_label("Uw netto inkomen per maand in euro").fill("1.700,00")
    page.get_by_label("Netto inkomen van uw partner per maand in euro").fill("800")  # no partner: refused
    page.get_by_label("Ik huur").check()
    page.get_by_label("Uw huur of hypotheek per maand in euro").fill("1100")
    page.get_by_label("Mijn woonkosten zijn hoog. Ik vraag u daar rekening mee te houden.").check()
    page.get_by_label("Loonstrook of uitkeringsspecificatie").set_input_files(
        {"name": "loonstrook.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    page.get_by_role("button", name="Antwoorden versturen").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("Laat het inkomen van de partner dan leeg.").is_visible()
    assert page.get_by_text("Vink aan dat u de vragen eerlijk hebt beantwoord.").is_visible()
    assert page.get_by_label("Uw huur of hypotheek per maand in euro").input_value() == "1100"
    _controleer(page, f"{naam}-2-fouten", breedte)

    page.get_by_label("Netto inkomen van uw partner per maand in euro").fill("")
    page.get_by_label("Loonstrook of uitkeringsspecificatie").set_input_files(
        {"name": "loonstrook.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    page.get_by_label("Ik heb alle vragen eerlijk en volledig beantwoord.").check()
    page.get_by_role("button", name="Antwoorden versturen").click()
    page.wait_for_url("**/debiteur/beslagvrije-voet/")
    assert page.get_by_text("Dank u wel. Wij hebben uw antwoorden ontvangen.").is_visible()
    assert page.locator("#bvv-bedrag").inner_text() == "€ 1.615,00"
    _controleer(page, f"{naam}-3-antwoorden", breedte)


def test_debtor_fills_in_on_a_phone_and_the_case_manager_sees_it_on_the_garnishment_tab(
    browser, browser_context_args, live_server, casemanager
):
    """Single, net €1,700 incl. holiday pay, rent €1,100 with a request, no taxable income: the maximum of the
    date plus the housing raise is more than 95% × 1,700 = 1,615.00, so the voet is € 1.615,00."""
    cache.clear()
    dossier = maak_dossier(debiteur_naam="Dirk Debiteur")
    dossier.casemanager = casemanager
    dossier.save()

    telefoon = browser.new_context(
        **{**browser_context_args, "viewport": {"width": 390, "height": 844}, "is_mobile": True}
    )
    _debiteur_vult_in(telefoon.new_page(), live_server.url, dossier, 390, "debiteur-390")
    telefoon.close()
    assert BvvOpgave.objects.filter(dossier=dossier).count() == 1

    cache.clear()
    bureau = browser.new_context(**browser_context_args)
    _debiteur_vult_in(bureau.new_page(), live_server.url, dossier, 1280, "debiteur-1280", opnieuw=True)
    bureau.close()
    assert BvvOpgave.objects.filter(dossier=dossier).count() == 2

    staf = browser.new_context(**browser_context_args)
    page = staf.new_page()
    log_in(page, live_server.url, casemanager, totp=True)
    page.goto(f"{live_server.url}/staff/beslag/dossier/{dossier.pk}/")
    sectie = page.locator("#bvv-opgave")
    assert page.locator("#bvv-opgave-bedrag").inner_text() == "€ 1.615,00"
    assert "loonstrook.pdf" in sectie.inner_text()
    assert "Rv art. 475dc lid 1" in sectie.inner_text()
    sectie.scroll_into_view_if_needed()
    sectie.screenshot(path=str(SHOTS / "casemanager-1-vragenlijst.png"))
    page.get_by_text("Beoordelen (met eventuele correcties)").click()
    page.get_by_role("button", name="Beoordeeld").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("Vragenlijst beslagvrije voet beoordeeld.").is_visible()
    _controleer(page, "casemanager-2-beoordeeld", 1280)
    staf.close()
    assert BvvOpgave.objects.filter(dossier=dossier).first().status == BvvOpgave.Status.BEOORDEELD
