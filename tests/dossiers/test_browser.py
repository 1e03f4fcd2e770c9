"""A case manager logs in with TOTP, finds a new order in the work queue, opens it and accepts it."""

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from dossiers.models import Dossier
from tests.browser import axe_violations, log_in, screenshot

from .conftest import debiteur_gegevens, kinderalimentatie, titel_gegevens


@pytest.mark.browser
def test_case_manager_accepts_new_order_from_work_queue(
    page: Page, live_server, transactional_db, casemanager
):
    from django.utils import timezone

    from dossiers.models import Client
    from dossiers.services import opdracht_registreer

    call_command("seed_demo", dossiers=40, seed=1)
    client = Client.objects.create(naam="Ilse Smit", email="ilse@example.nl", woonplaats="Leiden")
    nieuw = opdracht_registreer(
        client=client,
        debiteur=debiteur_gegevens(naam="Ruben Smit"),
        titel=titel_gegevens(),
        verplichtingen=[kinderalimentatie()],
        eenmalig=[],
        ontvangen_op=timezone.now(),
        kanaal="portaal",
        ingevoerd_door=None,
        voorwaarden_versie="2026-1",
    )

    log_in(page, live_server.url, casemanager, totp=True)
    page.goto(f"{live_server.url}/staff/")
    expect(page.get_by_role("heading", name="Werkvoorraad")).to_be_visible()
    rij = page.locator("section[aria-labelledby=kop-nieuw] tr", has_text="Ruben Smit")
    expect(rij).to_be_visible()
    assert axe_violations(page) == []
    screenshot(page, "dossiers_werkvoorraad")

    page.goto(f"{live_server.url}/staff/dossiers/?status=actief")
    expect(page.get_by_role("heading", name="Dossiers")).to_be_visible()
    assert axe_violations(page) == []
    screenshot(page, "dossiers_lijst")

    page.goto(f"{live_server.url}/staff/")
    page.locator("section[aria-labelledby=kop-nieuw]").get_by_role("link", name=nieuw.nummer).click()
    expect(page.get_by_role("heading", name=f"Dossier {nieuw.nummer}")).to_be_visible()
    assert axe_violations(page) == []
    screenshot(page, "dossiers_intake")

    page.get_by_role("button", name="Opdracht accepteren").click()
    expect(page.get_by_text(f"Opdracht {nieuw.nummer} is geaccepteerd.")).to_be_visible()
    assert Dossier.objects.get(pk=nieuw.pk).status == "actief"
    assert axe_violations(page) == []
    screenshot(page, "dossiers_geaccepteerd")

    for tab in ("tijdlijn", "taken", "partijen", "documenten"):
        page.get_by_role(
            "link",
            name={
                "tijdlijn": "Tijdlijn",
                "taken": "Taken en berichten",
                "partijen": "Partijen",
                "documenten": "Documenten",
            }[tab],
            exact=True,
        ).click()
        assert axe_violations(page) == [], tab
    screenshot(page, "dossiers_documenten")

    page.goto(f"{live_server.url}/staff/opdracht/telefonisch/")
    page.get_by_role("button", name="Opdracht registreren").click()
    expect(page.get_by_text("Controleer de gemarkeerde velden.")).to_be_visible()
    assert axe_violations(page) == []
    screenshot(page, "dossiers_telefonisch_fouten")

    zonder_titel = Dossier.objects.filter(titels__soort="geen").order_by("pk").first()
    page.goto(f"{live_server.url}/staff/dossiers/{zonder_titel.pk}/titel/")
    expect(
        page.get_by_text("Zonder executoriale titel is alleen minnelijke incasso mogelijk.")
    ).to_be_visible()
    assert axe_violations(page) == []
    screenshot(page, "dossiers_titel_zonder_titel")
