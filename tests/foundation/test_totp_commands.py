"""Staff enrol an authenticator app from what the commands print (issue 14 item 10): an otpauth:// URI (and a
QR code), which apps accept, instead of the 40-character hex key, which they do not."""

import base64
import io
import re
import time
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


def test_a_new_staff_user_sees_the_qr_at_first_login_and_the_first_code_logs_in(client):
    """maak_gebruiker leaves the device waiting for its first code; the first login with the right password
    shows the QR code (not the home page), a wrong code changes nothing, the app's code logs in."""
    from django.urls import reverse

    call_command(
        "maak_gebruiker", email="nieuw@bureau.nl", rol="casemanager", password="Een-lang-wachtwoord-1",
        stdout=io.StringIO(),
    )  # fmt: skip
    device = User.objects.get(email="nieuw@bureau.nl").totpdevice_set.get()
    assert not device.confirmed
    inlog = client.post(
        reverse("accounts:login"), {"email": "nieuw@bureau.nl", "password": "Een-lang-wachtwoord-1"}
    )
    assert inlog.status_code == 302 and inlog["Location"] == reverse("accounts:totp_koppelen")
    pagina = client.get(inlog["Location"])
    html = pagina.content.decode()
    assert 'src="data:image/svg+xml' in html and "otpauth://totp/" in html
    assert "_auth_user_id" not in client.session  # not logged in before the code
    fout = client.post(
        reverse("accounts:totp_koppelen"),
        {"otp_token": "000000" if _code_nu(device) != "000000" else "111111"},
    )
    assert fout.status_code == 200 and "klopt niet" in fout.content.decode()
    device.refresh_from_db()
    assert not device.confirmed
    time.sleep(1.1)  # django-otp throttles the next try for a second after a wrong code
    goed = client.post(reverse("accounts:totp_koppelen"), {"otp_token": _code_nu(device)})
    assert goed.status_code == 302
    device.refresh_from_db()
    assert device.confirmed and client.session["_auth_user_id"] == str(device.user_id)
    assert client.get(reverse("dossiers:home")).status_code == 200  # verified staff session


def test_the_qr_page_without_a_right_password_first_sends_to_login(client):
    from django.urls import reverse

    r = client.get(reverse("accounts:totp_koppelen"))
    assert r.status_code == 302 and r["Location"] == reverse("accounts:login")


def test_an_enrolled_staff_user_is_never_shown_a_qr_again(client, casemanager):
    from django.urls import reverse

    from tests.conftest import WACHTWOORD

    r = client.post(reverse("accounts:login"), {"email": casemanager.email, "password": WACHTWOORD})
    assert r.status_code == 200 and "authenticator-app" in r.content.decode()
    assert client.get(reverse("accounts:totp_koppelen")).status_code == 302


def _code_nu(device) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):0{device.digits}d}"


def test_after_the_enrolment_window_a_right_password_alone_reads_as_a_wrong_one(client, settings):
    """The QR page after a right password is the one place a password alone gets further (issue 14 item 10
    against issue 12 item 10): it is open for TOTP_KOPPEL_DAGEN after the enrolment, then the login answers
    as for a wrong password and the beheerder enrols the user again."""
    from datetime import timedelta

    from django.urls import reverse
    from django.utils import timezone

    from accounts.forms import MISLUKT

    settings.TOTP_KOPPEL_DAGEN = 7
    call_command(
        "maak_gebruiker", email="laat@bureau.nl", rol="casemanager", password="Een-lang-wachtwoord-1",
        stdout=io.StringIO(),
    )  # fmt: skip
    device = User.objects.get(email="laat@bureau.nl").totpdevice_set.get()
    device.created_at = timezone.now() - timedelta(days=8)
    device.save(update_fields=["created_at"])
    inlog = client.post(
        reverse("accounts:login"), {"email": "laat@bureau.nl", "password": "Een-lang-wachtwoord-1"}
    )
    assert inlog.status_code == 200 and str(MISLUKT) in inlog.content.decode()
    assert client.get(reverse("accounts:totp_koppelen"))["Location"] == reverse("accounts:login")
    call_command("totp_koppel", email="laat@bureau.nl", stdout=io.StringIO())
    inlog = client.post(
        reverse("accounts:login"), {"email": "laat@bureau.nl", "password": "Een-lang-wachtwoord-1"}
    )
    assert inlog.status_code == 302 and inlog["Location"] == reverse("accounts:totp_koppelen")
