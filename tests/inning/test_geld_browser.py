"""Browser: financial staff import a statement and match one receipt by hand; a client reports a direct
payment. axe-clean pages, screenshots in var/screenshots/."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from tests.bank.bank_bestanden import Post, camt053

from ..browser import axe_violations, log_in, screenshot
from .geld_factories import maak_client, maak_dossier

D = Decimal


@pytest.mark.browser
def test_financial_staff_import_statement_and_match_one_receipt_by_hand(
    page, live_server, transactional_db, financieel, tmp_path
):
    dossier = maak_dossier(debiteur_naam="Dirk Debiteur", debiteur_iban="NL02ABNA0123456789")
    pad = tmp_path / "camt053-2026-02-15.xml"
    pad.write_bytes(
        camt053(
            [
                Post(D("450.00"), kenmerk=dossier.betaalkenmerk, ref="B1", naam="D. Debiteur"),
                Post(D("125.50"), omschrijving="alimentatie februari", ref="B2", naam="D Debiteur"),
            ]
        )
    )
    log_in(page, live_server.url, financieel, totp=True)
    page.goto(f"{live_server.url}/staff/geld/afschriften/")
    assert axe_violations(page) == []
    page.get_by_label("Bankafschrift (CAMT.053 of MT940)").set_input_files(str(pad))
    page.get_by_role("button", name="Inlezen").click()
    expect(page.get_by_text("Verwerkt.")).to_be_visible(timeout=20_000)
    expect(page.get_by_text("1 gekoppeld, 1 wachten op een koppeling")).to_be_visible()
    assert axe_violations(page) == []
    screenshot(page, "geld_afschrift_verwerkt")

    page.get_by_role("link", name="Naar de ontvangsten zonder dossier").click()
    expect(page.get_by_role("heading", name="Ontvangsten zonder dossier")).to_be_visible()
    expect(page.get_by_text("IBAN NL02ABNA0123456789 is het rekeningnummer van de debiteur")).to_be_visible()
    assert axe_violations(page) == []
    screenshot(page, "geld_ontvangsten_zonder_dossier")
    page.get_by_role("link", name="Koppelen").first.click()
    veld = page.get_by_label("Dossiernummer of betalingskenmerk")
    expect(veld).to_have_value(dossier.nummer)  # the suggestion is prefilled, a person confirms
    page.get_by_role("button", name="Koppelen en toerekenen").click()
    expect(page.get_by_text(f"De ontvangst is gekoppeld aan dossier {dossier.nummer}.")).to_be_visible()
    # 125.50 × 12% = 15.06; VAT 15.06 × 21/121 = 2.6136… → 2.61; client 110.44
    expect(page.get_by_role("cell", name="€ 15,06")).to_be_visible()
    expect(page.get_by_role("cell", name="€ 110,44")).to_be_visible()
    assert axe_violations(page) == []
    screenshot(page, "geld_ontvangst_gekoppeld")

    page.goto(f"{live_server.url}/staff/geld/afstemming/")
    expect(page.get_by_role("row", name="Verschil met afschrift € 0,00")).to_be_visible()
    assert axe_violations(page) == []
    screenshot(page, "geld_afstemming")


@pytest.mark.browser
def test_client_reports_a_direct_payment_in_the_portal(page, live_server, transactional_db, client_user):
    client = maak_client(user=client_user)
    dossier = maak_dossier(client=client)
    log_in(page, live_server.url, client_user, totp=False)
    page.goto(f"{live_server.url}/portaal/geld/")
    assert axe_violations(page) == []
    page.get_by_role("link", name="Rechtstreekse betaling melden").click()
    page.get_by_label("Datum van de betaling").fill("2026-02-10")
    page.get_by_label("Bedrag in euro").fill("200,00")
    page.get_by_label("Toelichting (optioneel)").fill("Contant ontvangen")
    assert axe_violations(page) == []
    screenshot(page, "geld_portaal_melden")
    page.get_by_role("button", name="Melden").click()
    expect(page.get_by_text("Uw casemanager controleert de melding.")).to_be_visible()
    expect(
        page.get_by_role("heading", name=f"Rechtstreekse betaling, dossier {dossier.nummer}")
    ).to_be_visible()
    assert axe_violations(page) == []
