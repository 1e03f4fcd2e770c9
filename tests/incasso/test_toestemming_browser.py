"""In Chromium: a case manager records a consent given by phone with the note as evidence; the client sees it
in the portal. Both pages axe-clean (issue 14 item 9)."""

from datetime import datetime
from pathlib import Path

import pytest

from incasso.models import Toestemmingsverzoek
from tests.browser import axe_violations, log_in, screenshot

from .factories import AMS, geaccepteerd_dossier

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_consent_by_phone_recorded_by_staff_and_shown_in_the_portal(
    page, live_server, casemanager, client_user, tmp_path: Path
):
    dossier = geaccepteerd_dossier(
        ontvangen_op=datetime(2026, 4, 2, 10, 0, tzinfo=AMS), client__user=client_user
    )
    notitie = tmp_path / "gespreksnotitie.pdf"
    notitie.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")

    log_in(page, live_server.url, casemanager, totp=True)
    page.goto(f"{live_server.url}/staff/incasso/dossier/{dossier.pk}/")
    page.get_by_text("Toestemming vastleggen die de cliënt per telefoon of brief gaf").click()
    page.get_by_label("Stap").last.select_option("formeel_bevel")
    page.get_by_label("Gegeven via").select_option("telefoon")
    page.get_by_label("Bewijs (gespreksnotitie of brief; PDF, JPEG of PNG)").set_input_files(str(notitie))
    assert axe_violations(page) == []
    page.get_by_role("button", name="Antwoord vastleggen").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("Het antwoord van de cliënt is vastgelegd met het bewijs.").is_visible()
    assert page.get_by_text("per telefoon, vastgelegd door Carla Casemanager").is_visible()
    screenshot(page, "toestemming-vastgelegd-staf")
    assert Toestemmingsverzoek.objects.get().status == "gegeven"
    page.get_by_role("button", name="Uitloggen").click()

    log_in(page, live_server.url, client_user, totp=False)
    page.goto(f"{live_server.url}/portaal/dossiers/{dossier.pk}/")
    # In the consent section, and (capitalised) in the timeline.
    assert page.locator("small", has_text="per telefoon, vastgelegd door Carla Casemanager").is_visible()
    assert axe_violations(page) == []
    screenshot(page, "toestemming-vastgelegd-portaal")
