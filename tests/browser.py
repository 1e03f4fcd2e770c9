"""Helpers for browser tests: log in through the real form, run axe-core, save screenshots."""

import time
from pathlib import Path

from django.conf import settings
from playwright.sync_api import Page

from .conftest import WACHTWOORD, huidige_totp

SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"


def log_in(page: Page, live_server_url: str, user, *, totp: bool) -> None:
    page.goto(f"{live_server_url}/account/inloggen/")
    page.locator("#id_email").fill(user.email)
    page.locator("#id_password").fill(WACHTWOORD)
    if totp:
        _wacht_op_nieuwe_code(user)
        page.locator("#id_otp_token").fill(huidige_totp(user))
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_load_state("networkidle")


def _wacht_op_nieuwe_code(user) -> None:
    """django-otp refuses a code of a time step already used (replay protection): a second login of the same
    user within 30 seconds waits for the next step, as a person would wait for the app's next code."""
    device = user.totpdevice_set.get()
    device.refresh_from_db()
    while int((time.time() - device.t0) // device.step) <= device.last_t:
        time.sleep(0.5)


def axe_violations(page: Page) -> list[dict]:
    """Run axe-core (vendored) for WCAG 2.1 A/AA and return the violations."""
    # Loaded from our own static files, so the page's CSP (script-src 'self') allows it.
    origin = page.evaluate("location.origin")
    page.add_script_tag(url=f"{origin}/static/vendor/axe-core/axe.min.js")
    result = page.evaluate(
        """async () => await axe.run(document, {runOnly: {type: 'tag',
            values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"""
    )
    return [
        {"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]]}
        for v in result["violations"]
    ]


def screenshot(page: Page, naam: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    pad = SCREENSHOTS / f"{naam}.png"
    page.screenshot(path=str(pad), full_page=True)
    return pad
