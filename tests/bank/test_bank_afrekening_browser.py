"""Browser: a payment provider's payout that did not agree waits in the matching queue with its reason, and the
reconciliation shows the money still at the provider. axe-clean pages, screenshots in var/screenshots/."""

from datetime import date
from decimal import Decimal as D

import pytest
from django.test import Client
from playwright.sync_api import expect

from betaling import providers
from betaling.services import betaling_start
from tests.inning.geld_factories import maak_dossier

from ..browser import axe_violations, log_in, screenshot
from .bank_bestanden import Post, camt053


@pytest.mark.browser
def test_a_payout_that_does_not_agree_waits_with_its_reason(
    page, live_server, transactional_db, financieel, tmp_path
):
    for bedrag in (D("150.00"), D("80.00")):
        b = betaling_start(dossier=maak_dossier(), bedrag=bedrag, basis_url="https://inning.example/")
        providers.testbetaling_kies(provider_id=b.provider_id, status="paid")
        assert Client().post("/betalen/webhook/test/", {"id": b.provider_id}).status_code == 200
    rij = providers.afrekening_testprovider_maak(datum=date(2026, 12, 8))
    pad = tmp_path / "camt053-uitbetaling.xml"
    pad.write_bytes(  # 230.00 paid out, but the provider says 229.42
        camt053(
            [
                Post(
                    D("230.00"),
                    naam="Testbetaaldienst B.V.",
                    iban="NL19ABNA0999999990",
                    omschrijving=f"{rij.referentie} Uitbetaling testbetaaldienst",
                    ref="AFR-1",
                )
            ]
        )
    )
    log_in(page, live_server.url, financieel, totp=True)
    page.goto(f"{live_server.url}/staff/geld/afstemming/")
    expect(
        page.get_by_role("row", name="Onderweg bij betaaldienst (iDEAL, nog niet uitbetaald) € 230,00")
    ).to_be_visible()
    expect(page.get_by_role("row", name="Verschil grootboek € 0,00")).to_be_visible()
    assert axe_violations(page) == []
    screenshot(page, "geld_afstemming_onderweg")

    page.goto(f"{live_server.url}/staff/geld/afschriften/")
    page.get_by_label("Bankafschrift (CAMT.053 of MT940)").set_input_files(str(pad))
    page.get_by_role("button", name="Inlezen").click()
    expect(page.get_by_text("0 gekoppeld, 1 wachten op een koppeling")).to_be_visible(timeout=20_000)
    page.get_by_role("link", name="Naar de ontvangsten zonder dossier").click()
    expect(
        page.get_by_text("Afrekening betaaldienst niet automatisch geboekt: bedrag wijkt af")
    ).to_be_visible()
    assert axe_violations(page) == []
    screenshot(page, "geld_ontvangsten_afrekening_wacht")
    page.get_by_role("link", name="Koppelen").first.click()
    expect(
        page.get_by_role("status").filter(has_text="Koppel deze regel niet aan een dossier")
    ).to_be_visible()
    assert axe_violations(page) == []
    screenshot(page, "geld_ontvangst_afrekening_wacht")
