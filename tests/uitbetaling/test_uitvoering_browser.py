"""Journey in Chromium (issue 14 item 3, issue 12 items 4 and 8): the weekly batch from the beat to
"overgemaakt" in the portal. Frank releases the beat's batch, Fien approves it and downloads the SEPA file,
the client sees "aangeboden aan de bank, nog niet overgemaakt"; Frank imports the statement with our debit,
the reconciliation page shows it as a booked payout, and the client sees "overgemaakt op …" on the money
page and on the timeline of the dossier it paid. Every page is checked with axe (WCAG 2.1 AA).

Worked example: a receipt of € 450,00 at 12% commission incl. 21% VAT (€ 54,00) gives € 396,00.
"""

from datetime import date
from decimal import Decimal as D

import pytest
from playwright.sync_api import expect

from tests.bank.bank_bestanden import camt053, uitbetaling_afschrijving
from tests.browser import axe_violations, log_in, screenshot
from uitbetaling.models import Uitbetaling
from uitbetaling.services import uitbetaling_batch_maak

from .conftest import DossierFactory, ontvangst_boek

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_beat_batch_released_approved_downloaded_and_executed_up_to_the_portal(
    page, live_server, financieel, tweede_financieel, client_user, provisie_tarief, tmp_path
):
    betaalt = DossierFactory(client__user=client_user, client__naam="Clara Cliënt")
    ander = DossierFactory(client=betaalt.client)
    ontvangst_boek(betaalt, D("450.00"), datum=date.today())
    batch = uitbetaling_batch_maak(week="2026-W47", door=None)  # as the Thursday beat does
    batch_url = f"{live_server.url}/staff/uitbetaling/batch/{batch.pk}/"

    # 1. Frank reviews and releases the batch the beat prepared.
    log_in(page, live_server.url, financieel, totp=True)
    page.goto(batch_url)
    expect(page.get_by_role("button", name="Goedkeuren (tweede persoon)")).to_have_count(0)
    assert axe_violations(page) == []
    screenshot(page, "uitvoering-1-batch-automatisch")
    page.get_by_role("button", name="Vrijgeven (eerste persoon)").click()
    expect(page.get_by_text("is vrijgegeven")).to_be_visible()
    expect(page.get_by_text("U hebt deze batch vrijgegeven")).to_be_visible()
    page.get_by_role("button", name="Uitloggen").click()

    # 2. Fien approves it and downloads the SEPA file for the bank.
    log_in(page, live_server.url, tweede_financieel, totp=True)
    page.goto(batch_url)
    page.get_by_text("Batch afwijzen").click()  # the reject form is there, with its reason field
    expect(page.get_by_label("Reden van afwijzing")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Goedkeuren (tweede persoon)").click()
    expect(page.get_by_text("is goedgekeurd")).to_be_visible()
    with page.expect_download():
        page.get_by_role("link", name="Download SEPA-bestand").click()
    page.reload()
    expect(page.get_by_role("cell", name="geboekt · aangeboden aan de bank")).to_be_visible()
    assert axe_violations(page) == []
    screenshot(page, "uitvoering-2-batch-goedgekeurd")
    page.get_by_role("button", name="Uitloggen").click()

    # 3. Clara: offered to the bank, not transferred yet.
    log_in(page, live_server.url, client_user, totp=False)
    page.goto(f"{live_server.url}/portaal/uitbetaling/")
    expect(
        page.get_by_role("cell", name="aangeboden aan de bank, nog niet overgemaakt", exact=True)
    ).to_be_visible()
    assert axe_violations(page) == []
    screenshot(page, "uitvoering-3-portaal-aangeboden")
    page.get_by_role("button", name="Uitloggen").click()

    # 4. Frank imports the statement with our debit; the reconciliation page shows it as a booked payout.
    u = Uitbetaling.objects.get()
    pad = tmp_path / "camt053-uitbetaling.xml"
    pad.write_bytes(camt053([uitbetaling_afschrijving(u, datum=date(2026, 11, 20))], msg_id="MSG-W47"))
    log_in(page, live_server.url, financieel, totp=True)
    page.goto(f"{live_server.url}/staff/geld/afschriften/")
    page.get_by_label("Bankafschrift (CAMT.053 of MT940)").set_input_files(str(pad))
    page.get_by_role("button", name="Inlezen").click()
    expect(page.get_by_text("Verwerkt.")).to_be_visible(timeout=20_000)
    page.goto(f"{live_server.url}/staff/geld/afstemming/")
    tabel = page.locator("#afstemming-uitbetalingen")
    expect(tabel.get_by_role("cell", name=u.end_to_end_id, exact=False)).to_be_visible()
    expect(tabel.get_by_role("cell", name="geboekt", exact=True)).to_be_visible()
    assert axe_violations(page) == []
    screenshot(page, "uitvoering-4-afstemming")
    page.get_by_role("button", name="Uitloggen").click()

    # 5. Clara: transferred, on the money page and on the timeline of the dossier it paid (not the other).
    log_in(page, live_server.url, client_user, totp=False)
    page.goto(f"{live_server.url}/portaal/uitbetaling/")
    expect(page.get_by_role("cell", name="overgemaakt op 20 november 2026", exact=True)).to_be_visible()
    assert axe_violations(page) == []
    screenshot(page, "uitvoering-5-portaal-overgemaakt")
    page.goto(f"{live_server.url}/portaal/dossiers/{betaalt.pk}/")
    expect(page.get_by_text("€ 396,00 is op 20-11-2026 overgemaakt")).to_be_visible()
    assert axe_violations(page) == []
    screenshot(page, "uitvoering-6-portaal-tijdlijn")
    page.goto(f"{live_server.url}/portaal/dossiers/{ander.pk}/")
    expect(page.get_by_text("overgemaakt naar")).to_have_count(0)
