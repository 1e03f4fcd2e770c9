import re

import pytest
from django.core import mail
from django.urls import reverse

from tests.conftest import WACHTWOORD, huidige_totp

pytestmark = pytest.mark.django_db
LOGIN = "/account/inloggen/"


def _post_login(client, email, password=WACHTWOORD, otp_token=""):
    return client.post(LOGIN, {"email": email, "password": password, "otp_token": otp_token})


@pytest.mark.parametrize("rol", ["casemanager", "financieel", "beheerder"])
def test_staff_log_in_with_password_and_totp_and_reach_the_staff_home(client, maak_gebruiker, rol):
    user = maak_gebruiker(rol)
    response = _post_login(client, user.email, otp_token=huidige_totp(user))
    assert response.status_code == 302
    home = client.get("/", follow=True)
    # Financieel starts on the money work (issue 14 item 8), the others on the work queue.
    start = reverse("inning:index") if rol == "financieel" else reverse("dossiers:home")
    assert home.redirect_chain[-1][0] == start
    assert client.get(reverse("dossiers:home")).status_code == 200


@pytest.mark.parametrize("rol", ["casemanager", "financieel", "beheerder"])
def test_staff_without_a_valid_totp_code_are_refused(client, maak_gebruiker, rol):
    user = maak_gebruiker(rol)
    for token in ("", "000000"):
        response = _post_login(client, user.email, otp_token=token)
        assert response.status_code == 200
        assert "authenticator-app" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_client_logs_in_with_password_only_and_lands_in_the_portal(client, client_user):
    response = _post_login(client, client_user.email)
    assert response.status_code == 302
    home = client.get("/", follow=True)
    assert home.redirect_chain[-1][0] == reverse("portaal:home")
    assert "Welkom" in home.content.decode()


def test_wrong_password_shows_a_dutch_error_and_keeps_the_email(client, client_user):
    response = _post_login(client, client_user.email, password="fout-wachtwoord")
    body = response.content.decode()
    assert "combinatie van e-mailadres en wachtwoord is onbekend" in body
    assert f'value="{client_user.email}"' in body


def test_logout_ends_the_session(portaal_client):
    assert portaal_client.get(reverse("portaal:home")).status_code == 200
    portaal_client.post(reverse("accounts:logout"))
    response = portaal_client.get(reverse("portaal:home"))
    assert response.status_code == 302
    assert response.url.startswith(LOGIN)


def test_account_is_locked_after_five_failed_logins(client, client_user, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _post_login(client, client_user.email, password="fout-wachtwoord")
    response = _post_login(client, client_user.email)  # even the right password is refused now
    assert response.status_code == 429
    assert "Te veel mislukte pogingen" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_password_reset_by_email_sets_a_new_password(client, client_user):
    client.post(reverse("accounts:password_reset"), {"email": client_user.email})
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/]+(/account/wachtwoord-nieuw/\S+/)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    nieuw = "Een-heel-nieuw-wachtwoord-99"
    client.post(form_page.redirect_chain[-1][0], {"new_password1": nieuw, "new_password2": nieuw})
    client_user.refresh_from_db()
    assert client_user.check_password(nieuw)


def test_unknown_email_for_password_reset_sends_nothing_and_reveals_nothing(client, db):
    response = client.post(reverse("accounts:password_reset"), {"email": "onbekend@example.nl"}, follow=True)
    assert response.status_code == 200
    assert mail.outbox == []


def test_admin_needs_a_totp_verified_beheerder(client, beheerder, casemanager):
    from tests.conftest import login_als

    assert client.get("/beheer/").status_code == 302
    login_als(client, casemanager)
    assert client.get("/beheer/").status_code == 302
    client.logout()
    login_als(client, beheerder)
    assert client.get("/beheer/").status_code == 200
