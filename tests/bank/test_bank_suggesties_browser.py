"""Browser journey (issue 14 item 4): a financieel user matches a receipt by its suggestion, seeing why it is
suggested. axe-clean pages, screenshots in var/screenshots/."""

from decimal import Decimal as D

import pytest
from playwright.sync_api import expect

from bank.services import bankafschrift_maak, bankafschrift_verwerk
from inning.models import Ontvangst
from tests.inning.geld_factories import maak_dossier

from ..browser import axe_violations, log_in, screenshot
from .bank_bestanden import Post, camt053


@pytest.mark.browser
def test_financieel_matches_a_receipt_by_its_suggestion(page, live_server, transactional_db, financieel):
    kevin = maak_dossier(debiteur_naam="Kevin Peters")
    maak_dossier(debiteur_naam="Kees Pieters")
    henk = maak_dossier(debiteur_naam="Henk Jansen")
    inhoud = camt053(
        [
            Post(
                D("100.00"), naam="H JANSEN", iban="NL36INGB0007654321", omschrijving="alimentatie", ref="J1"
            ),
            Post(
                D("450.00"), naam="H JANSEN", iban="NL36INGB0007654321", kenmerk=henk.betaalkenmerk, ref="J2"
            ),
            Post(D("300.00"), naam="K. Peters", iban="NL44RABO0123456789", omschrijving="maart", ref="P1"),
        ]
    )
    bankafschrift_verwerk(afschrift_id=bankafschrift_maak(bestandsnaam="s.xml", inhoud=inhoud).pk)

    log_in(page, live_server.url, financieel, totp=True)
    page.goto(f"{live_server.url}/staff/geld/ontvangsten/")
    expect(page.get_by_text("naam „K. Peters” past bij debiteur Kevin Peters")).to_be_visible()
    expect(page.get_by_text("IBAN NL36INGB0007654321 betaalde eerder aan dit dossier (1×)")).to_be_visible()
    assert axe_violations(page) == []
    screenshot(page, "geld_suggesties_lijst")

    page.get_by_role("link", name="Koppelen (ontvangst € 300,00").click()
    expect(page.get_by_role("heading", name="Suggesties")).to_be_visible()
    expect(page.get_by_text("naam „K. Peters” past bij debiteur Kevin Peters")).to_be_visible()
    expect(page.get_by_label("Dossiernummer of betalingskenmerk")).to_have_value(kevin.nummer)
    assert axe_violations(page) == []
    screenshot(page, "geld_suggestie_ontvangst")

    page.get_by_role("button", name=f"Koppelen aan {kevin.nummer}").click()
    expect(page.get_by_text(f"De ontvangst is gekoppeld aan dossier {kevin.nummer}.")).to_be_visible()
    # 300.00 × 12% = 36.00 commission; VAT 36.00 × 21/121 = 6.2479… → 6.25; client 264.00
    expect(page.get_by_role("cell", name="€ 36,00")).to_be_visible()
    expect(page.get_by_role("cell", name="€ 264,00")).to_be_visible()
    assert axe_violations(page) == []
    screenshot(page, "geld_suggestie_gekoppeld")
    o = Ontvangst.objects.get(bankregel__referentie="P1")
    assert (o.status, o.dossier_id) == ("gematcht", kevin.pk)


@pytest.mark.browser
def test_a_statement_whose_booking_fails_says_so_in_dutch_and_can_be_retried(
    page, live_server, transactional_db, financieel, tmp_path, monkeypatch
):
    """Issue 12 item 5: the booking breaks (here: a fault planted in the block booking); the page says so in
    Dutch with a retry button instead of a spinner that stays "bezig" or a traceback."""
    from bank import services

    echt = services._blok_verwerk

    def kapot(*args, **kwargs):
        raise RuntimeError("planted fault")

    monkeypatch.setattr(services, "_blok_verwerk", kapot)
    pad = tmp_path / "camt053-2026-02-16.xml"
    pad.write_bytes(camt053([Post(D("75.00"), naam="A. Betaler", omschrijving="gift", ref="M1")]))
    log_in(page, live_server.url, financieel, totp=True)
    page.goto(f"{live_server.url}/staff/geld/afschriften/")
    page.get_by_label("Bankafschrift (CAMT.053 of MT940)").set_input_files(str(pad))
    page.get_by_role("button", name="Inlezen").click()
    expect(page.get_by_text("Verwerking mislukt.")).to_be_visible(timeout=20_000)
    expect(page.get_by_text("opnieuw verwerken boekt niets dubbel")).to_be_visible()
    assert "planted fault" not in page.content()
    assert axe_violations(page) == []
    screenshot(page, "geld_afschrift_mislukt")

    monkeypatch.setattr(services, "_blok_verwerk", echt)
    page.get_by_role("button", name="Opnieuw verwerken").click()
    expect(page.get_by_text("Verwerkt.", exact=True)).to_be_visible(timeout=20_000)
    expect(page.get_by_text("1 regels: 1 nieuw, 0 al bekend")).to_be_visible()
    assert axe_violations(page) == []
