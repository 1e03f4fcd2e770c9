"""In Chromium: the case manager checks a client's new payout IBAN (old IBAN, known phone, warning) and
rejects it; axe-clean (issue 14 item 9)."""

from decimal import Decimal as D

import pytest

from dossiers.iban import client_iban_wijzig
from tests.browser import axe_violations, log_in, screenshot
from uitbetaling.models import Uitbetaling
from uitbetaling.services import uitbetaling_batch_maak

from .conftest import DossierFactory, ontvangst_boek

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_case_manager_sees_old_iban_phone_and_warning_and_rejects(
    page, live_server, casemanager, beheerder, financieel, provisie_tarief, settings
):
    dossier = DossierFactory(
        client__naam="Clara Cliënt",
        client__telefoon="06 12345678",
        client__uitbetaal_tenaamstelling="C. Cliënt",
    )
    settings.BUREAU = {**settings.BUREAU, "iban": "NL20INGB0001234567"}
    client_iban_wijzig(client=dossier.client, iban="NL20INGB0001234567", tenaamstelling="X", door=beheerder)
    ontvangst_boek(dossier, D("450.00"))
    uitbetaling_batch_maak(week="2026-W47", door=financieel)

    log_in(page, live_server.url, casemanager, totp=True)
    page.goto(f"{live_server.url}/staff/uitbetaling/iban/")
    assert page.get_by_text("NL02RABO0123456789 (C. Cliënt)").is_visible()
    assert page.get_by_role("link", name="06 12345678").is_visible()
    assert page.get_by_text("Dit is een rekening van het bureau zelf.").is_visible()
    assert axe_violations(page) == []
    screenshot(page, "iban-goedkeuren")
    page.get_by_label("Reden van afwijzen").fill("Cliënt kent dit nummer niet")
    page.get_by_role("button", name="IBAN van Clara Cliënt afwijzen").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("de uitbetaling gaat naar het vorige IBAN").is_visible()
    screenshot(page, "iban-afgewezen")
    assert Uitbetaling.objects.get().iban == "NL02RABO0123456789"
