"""First login of a new staff user in Chromium (issue 14 item 10): the QR page, axe clean, then the staff home."""

import io

import pytest
from django.core.management import call_command
from django_otp.oath import totp

from accounts.models import User
from tests.browser import axe_violations, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_new_staff_user_enrols_the_app_from_the_qr_at_first_login(page, live_server):
    call_command(
        "maak_gebruiker", email="nieuw@bureau.nl", rol="casemanager", password="Een-lang-wachtwoord-1",
        stdout=io.StringIO(),
    )  # fmt: skip
    page.goto(f"{live_server.url}/account/inloggen/")
    page.locator("#id_email").fill("nieuw@bureau.nl")
    page.locator("#id_password").fill("Een-lang-wachtwoord-1")
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("/account/authenticator-koppelen/")
    qr = page.get_by_role("img", name="QR-code voor de authenticator-app")
    assert qr.is_visible() and qr.bounding_box()["width"] > 100
    screenshot(page, "totp-koppelen")
    assert axe_violations(page) == []
    device = User.objects.get(email="nieuw@bureau.nl").totpdevice_set.get()
    page.locator("#id_otp_token").fill(f"{totp(device.bin_key):06d}")
    page.get_by_role("button", name="Koppelen en inloggen").click()
    page.wait_for_load_state("networkidle")
    assert page.url.startswith(f"{live_server.url}/staff/")
