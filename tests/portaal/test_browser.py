"""Browser: a client places an order through all seven steps, makes one mistake, corrects it, submits and
sees the dossier in Mijn dossiers. Every step and the dossier page pass axe-core (WCAG 2.1 A/AA)."""

import pytest

from tests.browser import axe_violations, log_in, screenshot

from .factories import PDF_BYTES

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def controleer(page, naam: str) -> None:
    screenshot(page, naam)
    assert axe_violations(page) == [], naam


def verder(page) -> None:
    page.get_by_role("button", name="Opslaan en verder").click()
    page.wait_for_load_state("networkidle")


def test_client_places_an_order_corrects_a_bad_iban_and_sees_the_dossier(
    page, live_server, client_user, casemanager
):
    log_in(page, live_server.url, client_user, totp=False)
    page.get_by_role("link", name="Nieuwe opdracht geven").click()

    # 1. Own details (prefilled with the e-mail address of the account).
    assert page.get_by_role("heading", level=1).inner_text().startswith("Stap 1 van 7")
    page.get_by_label("Uw volledige naam").fill("Clara de Vries")
    page.get_by_label("Telefoonnummer").fill("06 12345678")
    page.get_by_label("Straat en huisnummer").fill("Lange Nieuwstraat 1")
    page.get_by_label("Postcode").fill("3512 PA")
    page.get_by_label("Woonplaats").fill("Utrecht")
    controleer(page, "portaal-opdracht-1-client")
    verder(page)

    # 2. The debtor.
    assert page.get_by_role("heading", level=1).inner_text().startswith("Stap 2 van 7")
    page.get_by_label("Naam van de betalingsplichtige").fill("Dirk Jansen")
    page.get_by_label("Geboortedatum").fill("1980-05-17")
    page.get_by_label("Straat en huisnummer").fill("Kerkstraat 9")
    page.get_by_label("Postcode").fill("1017 GB")
    page.get_by_label("Woonplaats").fill("Amsterdam")
    controleer(page, "portaal-opdracht-2-debiteur")
    verder(page)

    # 3. The title with its scan.
    page.get_by_label("Waar staat de alimentatie in?").select_option("beschikking")
    page.get_by_label("Datum van de uitspraak of akte").fill("2023-03-01")
    page.get_by_label("Rechtbank of notaris").fill("Rechtbank Midden-Nederland")
    page.get_by_label("Zaaknummer").fill("C/16/123456")
    page.get_by_label("Kopie van de uitspraak of akte").set_input_files(
        {"name": "beschikking.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES}
    )
    controleer(page, "portaal-opdracht-3-titel")
    verder(page)

    # 4. Obligations: child alimony for Sem.
    page.get_by_label("Soort alimentatie").select_option("kinderalimentatie")
    page.get_by_label("Naam van het kind").fill("Sem")
    page.get_by_label("Geboortedatum van het kind").fill("2015-06-01")
    page.get_by_label("Bedrag per maand in euro").fill("325,50")
    page.get_by_label("Datum waarop dit bedrag is vastgesteld").fill("2023-03-01")
    page.get_by_label("Vanaf wanneer moet er betaald worden?").fill("2023-04-01")
    controleer(page, "portaal-opdracht-4-verplichtingen")
    verder(page)

    # 5. No one-off claims.
    assert page.get_by_role("heading", level=1).inner_text().startswith("Stap 5 van 7")
    controleer(page, "portaal-opdracht-5-eenmalig")
    verder(page)

    # 6. Payout account: first a typo in the IBAN.
    page.get_by_label("Uw rekeningnummer (IBAN)").fill("NL91 ABNA 0417 1643 01")
    page.get_by_label("Naam van de rekeninghouder").fill("C. de Vries")
    verder(page)
    assert page.get_by_text("Dit is geen geldig IBAN").is_visible()
    assert page.get_by_label("Naam van de rekeninghouder").input_value() == "C. de Vries"  # nothing lost
    controleer(page, "portaal-opdracht-6-rekening-fout")
    page.get_by_label("Uw rekeningnummer (IBAN)").fill("NL91 ABNA 0417 1643 00")
    verder(page)

    # 7. Terms, signed by ticking and typing the name.
    assert page.get_by_role("heading", level=1).inner_text().startswith("Stap 7 van 7")
    page.get_by_label("Ik geef NLAI opdracht").check()
    page.get_by_label("Uw naam als handtekening").fill("Clara de Vries")
    controleer(page, "portaal-opdracht-7-voorwaarden")
    page.get_by_role("button", name="Opslaan en controleren").click()
    page.wait_for_load_state("networkidle")

    # Summary, submit, confirmation.
    assert page.get_by_role("heading", level=1).inner_text() == "Controleer uw opdracht"
    assert page.get_by_text("€ 325,50", exact=False).first.is_visible()
    controleer(page, "portaal-opdracht-8-controleren")
    page.get_by_role("button", name="Opdracht versturen").click()
    page.wait_for_load_state("networkidle")
    assert "Wij hebben uw opdracht ontvangen" in page.get_by_role("heading", level=1).inner_text()
    controleer(page, "portaal-opdracht-9-verstuurd")

    # Mijn dossiers shows it; the dossier page too.
    page.get_by_role("link", name="Naar mijn dossiers").click()
    page.wait_for_load_state("networkidle")
    rij = page.get_by_role("row").filter(has_text="Dirk Jansen")
    assert rij.get_by_text("Opdracht ontvangen").is_visible()
    controleer(page, "portaal-mijn-dossiers")
    rij.get_by_role("link").first.click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("heading", name="Stand van zaken").is_visible()
    controleer(page, "portaal-dossier")

    # The case manager finds the same order in the work queue and accepts it.
    page.context.clear_cookies()
    log_in(page, live_server.url, casemanager, totp=True)
    page.goto(f"{live_server.url}/staff/")
    nieuw = page.locator("section[aria-labelledby=kop-nieuw] tr", has_text="Dirk Jansen")
    assert nieuw.is_visible()
    nieuw.get_by_role("link").first.click()
    page.wait_for_load_state("networkidle")
    page.get_by_role("button", name="Opdracht accepteren").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("is geaccepteerd.").first.is_visible()
    controleer(page, "portaal-opdracht-geaccepteerd-door-casemanager")
    from dossiers.models import Dossier

    assert Dossier.objects.get(debiteur__naam="Dirk Jansen").status == "actief"


def test_client_switches_to_english_and_the_order_form_follows(page, live_server, client_user):
    log_in(page, live_server.url, client_user, totp=False)
    page.get_by_label("Taal").select_option("en")
    page.get_by_role("button", name="Kies").click()
    page.wait_for_load_state("networkidle")
    page.get_by_role("link", name="Place a new order").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("heading", level=1).inner_text() == "Step 1 of 7: Your details"
    page.get_by_role("button", name="Save and continue", exact=True).click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("Something is not right yet").is_visible()
    controleer(page, "portaal-opdracht-1-client-en")
