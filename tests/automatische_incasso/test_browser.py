"""The debtor gives and revokes the mandate in Chromium, on a desktop and a 390 px phone: axe clean, no
horizontal scroll; screenshots in /tmp/shots/sepa/."""

import re
from datetime import datetime
from pathlib import Path

import pytest
from django.core.cache import cache

from automatische_incasso.models import Machtiging
from dossiers.debiteur_toegang import code_maak
from tests.browser import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path("/tmp/shots/sepa")


def _controleer(page, naam: str, breedte: int) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{naam}.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= breedte, naam
    assert axe_violations(page) == [], naam


@pytest.mark.parametrize("breedte", [1280, 390])
def test_debtor_gives_and_revokes_the_mandate(page, live_server, lopende_regeling, breedte):
    cache.clear()
    page.set_viewport_size({"width": breedte, "height": 900})
    dossier = lopende_regeling.dossier
    code = code_maak(dossier=dossier)
    page.goto(f"{live_server.url}/debiteur/")
    page.get_by_label("Dossiernummer").fill(dossier.nummer)
    page.get_by_label("Persoonlijke code").fill(code)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url("**/debiteur/overzicht/")
    page.get_by_role("link", name="Termijnen automatisch laten afschrijven (machtiging)").click()
    page.wait_for_url("**/debiteur/machtiging/")
    _controleer(page, f"machtiging-1-geven-{breedte}", breedte)

    page.get_by_label("Naam rekeninghouder").fill("B. Jansen")
    page.get_by_label("IBAN").fill("BR1800360305000010009795493C1")
    page.get_by_label("Plaats").fill("Utrecht")
    page.get_by_role("button", name="Machtiging geven").click()
    assert page.get_by_text("SEPA-gebied").is_visible()
    _controleer(page, f"machtiging-2-fout-{breedte}", breedte)

    page.get_by_label("IBAN").fill("NL02 ABNA 0123 4567 89")
    page.get_by_role("button", name="Machtiging geven").click()
    page.wait_for_selector("#kenmerk")
    m = Machtiging.objects.get()
    assert page.locator("#kenmerk").inner_text() == m.kenmerk
    _controleer(page, f"machtiging-3-actief-{breedte}", breedte)

    page.get_by_role("button", name="Machtiging intrekken").click()
    page.wait_for_selector("#kop-eerder")
    m.refresh_from_db()
    assert m.status == "ingetrokken"
    _controleer(page, f"machtiging-4-ingetrokken-{breedte}", breedte)


@pytest.mark.parametrize("breedte", [1280, 390])
def test_financieel_prepares_and_a_colleague_approves_the_collection_batch(
    page, live_server, machtiging, financieel, financieel2, breedte
):
    """The staff side of the weekly batch in Chromium: the list, "Nu voorbereiden", the batch with its FRST
    collection, and the colleague's approval that makes the file; axe clean, no horizontal scroll."""
    import time_machine

    from automatische_incasso.models import Incassobatch
    from tests.browser import log_in
    from tests.incasso.factories import AMS

    page.set_viewport_size({"width": breedte, "height": 900})
    with time_machine.travel(datetime(2026, 4, 20, 8, 0, tzinfo=AMS), tick=True):
        log_in(page, live_server.url, financieel, totp=True)
        page.goto(f"{live_server.url}/staff/uitbetaling/")
        page.get_by_role("link", name="Automatische incasso").click()  # beside the payout batches
        page.wait_for_url("**/staff/automatische-incasso/")
        _controleer(page, f"batch-1-lijst-{breedte}", breedte)
        page.get_by_role("button", name="Nu voorbereiden").click()
        page.wait_for_url("**/staff/automatische-incasso/batch/*/")
        assert page.get_by_text(machtiging.kenmerk).first.is_visible()
        assert page.get_by_text("FRST").first.is_visible()
        assert page.get_by_role("button", name="Goedkeuren (tweede persoon)").count() == 0  # not the preparer
        _controleer(page, f"batch-2-voorbereid-{breedte}", breedte)
        batch_url = page.url
        page.context.clear_cookies()  # the colleague takes over (at 390 px the log-out sits in the menu)

        log_in(page, live_server.url, financieel2, totp=True)
        page.goto(batch_url)
        page.get_by_role("button", name="Goedkeuren (tweede persoon)").click()
        page.wait_for_load_state("networkidle")
        batch = Incassobatch.objects.get()
        assert batch.status == Incassobatch.Status.GOEDGEKEURD and batch.goedgekeurd_door == financieel2
        page.goto(batch_url)
        assert page.get_by_role("link", name=re.compile("pain.008|Download", re.I)).first.is_visible()
        _controleer(page, f"batch-3-goedgekeurd-{breedte}", breedte)
