"""Staff enrol an authenticator app from what the commands print (issue 14 item 10): an otpauth:// URI (and a
QR code), which apps accept, instead of the 40-character hex key, which they do not."""

import base64
import io
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.management import call_command
from django_otp.oath import totp

from accounts.models import User

pytestmark = pytest.mark.django_db


def _uris(uit: str) -> dict[str, str]:
    """{e-mail: secret} of every otpauth:// URI printed."""
    gevonden = {}
    for uri in re.findall(r"otpauth://totp/\S+", uit):
        delen = urlsplit(uri)
        gevonden[delen.path.split("%3A")[-1].replace("%40", "@")] = parse_qs(delen.query)["secret"][0]
    return gevonden


def _code(secret: str) -> str:
    """What an authenticator app computes from the URI's base32 secret (RFC 6238, 30 s, 6 digits)."""
    return f"{totp(base64.b32decode(secret + '=' * (-len(secret) % 8))):06d}"


def test_demo_logins_prints_an_otpauth_uri_per_staff_user_and_no_hex_key():
    uit = io.StringIO()
    call_command("demo_logins", stdout=uit)
    tekst = uit.getvalue()
    uris = _uris(tekst)
    assert set(uris) == {
        "casemanager@demo.nlai.nl",
        "casemanager2@demo.nlai.nl",
        "financieel@demo.nlai.nl",
        "financieel2@demo.nlai.nl",
        "beheerder@demo.nlai.nl",
    }
    for email, secret in uris.items():
        device = User.objects.get(email=email).totpdevice_set.get()
        assert device.key not in tekst  # the hex key apps cannot take is gone
        assert _code(secret) == f"{totp(device.bin_key):06d}"  # the app's code is the one the login wants
    assert "issuer=NLAI%20Inning" in tekst


def test_demo_logins_with_qr_prints_a_qr_code_per_staff_user():
    uit = io.StringIO()
    call_command("demo_logins", qr=True, stdout=uit)
    assert uit.getvalue().count("otpauth://") == 5
    assert "█" in uit.getvalue() or "▀" in uit.getvalue()


def test_maak_gebruiker_prints_the_uri_and_a_qr_code_for_staff():
    uit = io.StringIO()
    call_command(
        "maak_gebruiker",
        email="admin@bureau.nl",
        rol="beheerder",
        password="Een-lang-wachtwoord-1",
        stdout=uit,
    )
    uris = _uris(uit.getvalue())
    device = User.objects.get(email="admin@bureau.nl").totpdevice_set.get()
    assert _code(uris["admin@bureau.nl"]) == f"{totp(device.bin_key):06d}"
    assert "▀" in uit.getvalue() or "█" in uit.getvalue()
