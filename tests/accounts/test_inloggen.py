"""Login lockout per account, case-insensitive (issue 12 item 9); staff code failures look like a wrong
password and count towards the lockout (item 10)."""

import pytest

from accounts.forms import MISLUKT
from tests.conftest import WACHTWOORD, huidige_totp

pytestmark = pytest.mark.django_db
LOGIN = "/account/inloggen/"
PROXY = "10.0.0.2"


def _post(client, email, password=WACHTWOORD, otp_token="", **extra):
    return client.post(LOGIN, {"email": email, "password": password, "otp_token": otp_token}, **extra)


def test_failed_tries_with_different_casing_count_for_one_account(client, maak_gebruiker, settings):
    user = maak_gebruiker("client", email="client@example.nl")
    for email in ["client@example.nl", "Client@example.nl", "CLIENT@EXAMPLE.NL", "client@Example.nl"]:
        assert _post(client, email, password="fout-wachtwoord").status_code == 200
    assert settings.AXES_FAILURE_LIMIT == 5
    _post(client, "cLiEnT@example.nl", password="fout-wachtwoord")  # the fifth try
    response = _post(client, user.email)  # the right password is refused now
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_lockout_of_one_account_does_not_lock_others_behind_the_same_proxy(client, maak_gebruiker, settings):
    """Behind the TLS proxy every request comes from the proxy's address: five failures on one account must
    not lock another account out (the old setting also counted per IP)."""
    settings.TRUSTED_PROXIES = [PROXY]
    aanvaller = maak_gebruiker("client", email="doelwit@example.nl")
    ander = maak_gebruiker("client", email="ander@example.nl")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _post(client, aanvaller.email, password="fout", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="6.6.6.6")
    assert (
        _post(client, aanvaller.email, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="6.6.6.6").status_code == 429
    )

    response = _post(client, ander.email, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.9")
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(ander.pk)


def test_the_lockout_records_the_client_address_the_trusted_proxy_gave(client, maak_gebruiker, settings):
    from axes.models import AccessAttempt

    settings.TRUSTED_PROXIES = [PROXY]
    user = maak_gebruiker("client")
    _post(client, user.email.upper(), password="fout", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.9")
    poging = AccessAttempt.objects.get()
    assert (poging.username, poging.ip_address) == (user.email, "198.51.100.9")


def _melding(response) -> list[str]:
    return [str(e) for e in response.context["form"].non_field_errors()]


@pytest.mark.parametrize("token", ["", "000000", "abc"])
def test_a_right_staff_password_without_a_right_code_reads_as_a_wrong_password(client, maak_gebruiker, token):
    user = maak_gebruiker("casemanager")
    fout_wachtwoord = _post(client, user.email, password="fout-wachtwoord")
    goed_zonder_code = _post(client, user.email, otp_token=token)
    assert goed_zonder_code.status_code == fout_wachtwoord.status_code == 200
    assert _melding(goed_zonder_code) == _melding(fout_wachtwoord) == [str(MISLUKT)]
    assert "_auth_user_id" not in client.session


def test_a_right_staff_password_without_a_code_counts_towards_the_lockout(client, maak_gebruiker, settings):
    user = maak_gebruiker("financieel")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _post(client, user.email)  # right password, no code
    response = _post(client, user.email, otp_token=huidige_totp(user))
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_staff_with_password_and_code_still_log_in(client, maak_gebruiker):
    user = maak_gebruiker("beheerder")
    _post(client, user.email, password="fout-wachtwoord")
    response = _post(client, user.email.upper(), otp_token=huidige_totp(user))
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)
