"""In Chromium: a financieel user prepares the batch, a colleague approves it and downloads the SEPA file,
and the client sees the payout in the portal. Every page is checked with axe (WCAG 2.1 AA)."""

from datetime import date
from decimal import Decimal as D
from pathlib import Path

import pytest

from dossiers.models import Verplichting
from tests.browser import axe_violations, log_in, screenshot
from uitbetaling.models import UitbetalingBatch

from .conftest import DossierFactory, ontvangst_boek

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_prepare_approve_download_sepa_and_client_sees_payout(
    page, live_server, financieel, tweede_financieel, client_user, provisie_tarief
):
    dossier = DossierFactory(client__user=client_user, client__naam="Clara Cliënt")
    vandaag = date.today()
    Verplichting.objects.create(  # 450.00 a month for the last months: the chart has due bars
        dossier=dossier,
        soort=Verplichting.Soort.KINDERALIMENTATIE,
        kind_naam="Sam",
        bedrag=D("450.00"),
        vastgesteld_op=date(vandaag.year, 1, 1),
        ingangsdatum=date(vandaag.year, 1, 1),
        indexeren=False,
    )
    for maand in range(1, vandaag.month):
        ontvangst_boek(dossier, D("450.00") if maand % 3 else D("200.00"), datum=date(vandaag.year, maand, 5))
    ontvangst_boek(dossier, D("450.00"), datum=vandaag)

    # 1. Frank prepares the batch.
    log_in(page, live_server.url, financieel, totp=True)
    page.goto(f"{live_server.url}/staff/uitbetaling/")
    assert axe_violations(page) == []
    screenshot(page, "uitbetaling-batches")
    page.get_by_role("button", name="Voorbereiden").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("U hebt deze batch voorbereid").is_visible()
    assert page.get_by_role("button", name="Goedkeuren (tweede persoon)").count() == 0
    screenshot(page, "uitbetaling-batch-voorbereid")
    assert axe_violations(page) == []
    batch_url = page.url
    page.get_by_role("button", name="Uitloggen").click()

    # 2. Fien approves it and downloads the SEPA file.
    log_in(page, live_server.url, tweede_financieel, totp=True)
    page.goto(batch_url)
    page.get_by_role("button", name="Goedkeuren (tweede persoon)").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("is goedgekeurd").is_visible()
    batch = UitbetalingBatch.objects.get()
    assert batch.status == UitbetalingBatch.Status.GEBOEKT
    page.reload()
    screenshot(page, "uitbetaling-batch-goedgekeurd")
    assert axe_violations(page) == []
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download SEPA-bestand").click()
    pad = download_info.value.path()
    xml = Path(pad).read_bytes()
    assert b"pain.001.001.09" in xml and b"<CtrlSum>" in xml
    assert batch.uitbetalingen.get().netto > D("396.00")  # every receipt this year, less 12%
    page.get_by_role("link", name="Exports accountant").click()
    page.wait_for_load_state("networkidle")
    screenshot(page, "uitbetaling-export")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Uitloggen").click()

    # 3. Clara sees the payout and its specification in the portal.
    log_in(page, live_server.url, client_user, totp=False)
    page.goto(f"{live_server.url}/portaal/uitbetaling/")
    # the file was downloaded, no debit seen yet: offered to the bank, not "overgemaakt" (issue 14 item 3)
    assert page.get_by_role(
        "cell", name="aangeboden aan de bank, nog niet overgemaakt", exact=True
    ).is_visible()
    assert page.get_by_role("img", name="Verschuldigd en betaald per maand").first.is_visible()
    screenshot(page, "uitbetaling-portaal-overzicht")
    assert axe_violations(page) == []
    page.get_by_role("link", name="Specificatie week").first.click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("cell", name="€ 54,00").first.is_visible()  # 12% of the 450.00 receipt
    screenshot(page, "uitbetaling-portaal-specificatie")
    assert axe_violations(page) == []
