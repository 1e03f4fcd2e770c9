"""In a real Chromium: the case manager switches statutory interest on for a dossier at the client's request
and sees accrued, paid and open interest on the arrears tab."""

from datetime import date
from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect

from tests.browser import axe_violations, log_in, screenshot

from .geld_factories import maak_dossier


@pytest.mark.browser
def test_case_manager_claims_statutory_interest_on_the_arrears_tab(
    page: Page, live_server, transactional_db, casemanager
):
    from dossiers.models import Dossier
    from inning.services import ontvangst_registreer

    dossier = maak_dossier(
        bedrag=Decimal("450.00"), ingangsdatum=date(2025, 1, 1), einddatum=date(2025, 1, 31)
    )
    log_in(page, live_server.url, casemanager, totp=True)
    page.goto(f"{live_server.url}/staff/dossiers/{dossier.pk}/achterstand/")
    expect(page.get_by_role("heading", name="Achterstand")).to_be_visible()
    expect(page.get_by_text("Openstaande wettelijke rente")).to_have_count(0)

    page.get_by_label("Wettelijke rente vorderen (alleen op verzoek van de cliënt)").check()
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("Wettelijke rente wordt gevorderd.")).to_be_visible()
    assert Dossier.objects.get(pk=dossier.pk).wettelijke_rente

    # a payment after the claim: 13.32 of it pays the interest accrued on the January termijn
    ontvangst_registreer(
        dossier=dossier,
        bedrag=Decimal("100.00"),
        datum=date(2025, 7, 1),
        bron_type="test",
        bron_id=1,
        omschrijving="betaling",
        sleutel=f"browser-rente-{dossier.pk}",
    )
    page.reload()
    expect(page.get_by_text("Openstaande wettelijke rente")).to_be_visible()
    expect(page.locator("dd", has_text="€ 13,32")).to_be_visible()  # paid
    expect(page.get_by_label("Wettelijke rente vorderen (alleen op verzoek van de cliënt)")).to_be_checked()
    assert axe_violations(page) == []
    screenshot(page, "inning_wettelijke_rente")
