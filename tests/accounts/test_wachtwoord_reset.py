"""Password reset: limited per account and per IP, and the same answer whether the account exists
(issue 12, item 11)."""

import pytest
from django.core import mail
from django.urls import reverse

pytestmark = pytest.mark.django_db
PROXY = "10.0.0.2"


def _vraag(client, email, ip="198.51.100.9"):
    return client.post(
        reverse("accounts:password_reset"), {"email": email}, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=ip
    )


@pytest.fixture(autouse=True)
def _proxy(settings):
    settings.TRUSTED_PROXIES = [PROXY]
    settings.WACHTWOORD_RESET_PER_ACCOUNT = 3
    settings.WACHTWOORD_RESET_PER_IP = 10


def test_known_and_unknown_addresses_get_the_same_answer(client, client_user):
    bekend = _vraag(client, client_user.email)
    onbekend = _vraag(client, "niemand@example.nl")
    assert bekend.status_code == onbekend.status_code == 302
    assert bekend.url == onbekend.url == reverse("accounts:password_reset_done")
    assert len(mail.outbox) == 1


def test_an_account_gets_at_most_three_reset_mails_an_hour_from_any_address(client, client_user):
    ips = ["198.51.100.1", "198.51.100.2", "198.51.100.3", "198.51.100.4", "198.51.100.5"]
    e = client_user.email
    emails = [e, e.upper(), e, e.capitalize(), e]
    antwoorden = [_vraag(client, email, ip) for email, ip in zip(emails, ips, strict=True)]
    assert len(mail.outbox) == 3
    # Over the limit the answer does not change: it would otherwise tell that the address has an account.
    assert {(r.status_code, r.url) for r in antwoorden} == {(302, reverse("accounts:password_reset_done"))}


def test_one_ip_may_ask_ten_times_an_hour_whatever_the_addresses(client, client_user):
    for n in range(10):
        assert _vraag(client, f"iemand{n}@example.nl").status_code == 302
    response = _vraag(client, client_user.email)
    assert response.status_code == 429
    assert "Te veel aanvragen om een nieuw wachtwoord" in response.content.decode()
    assert mail.outbox == []
    # Another client behind the same proxy is not affected.
    assert _vraag(client, client_user.email, ip="203.0.113.5").status_code == 302
    assert len(mail.outbox) == 1
