"""The client's IP address comes from X-Forwarded-For only when a trusted proxy sent it (issue 12, item 9)."""

import pytest
from django.test import RequestFactory

from accounts.netwerk import client_ip, login_naam

PROXY = "10.0.0.2"


def _request(remote: str, xff: str | None = None):
    extra = {"REMOTE_ADDR": remote}
    if xff is not None:
        extra["HTTP_X_FORWARDED_FOR"] = xff
    return RequestFactory().get("/", **extra)


def test_without_trusted_proxies_the_header_is_ignored(settings):
    settings.TRUSTED_PROXIES = []
    assert client_ip(_request("203.0.113.7", "1.2.3.4")) == "203.0.113.7"


def test_a_header_from_an_untrusted_address_is_ignored(settings):
    settings.TRUSTED_PROXIES = [PROXY]
    assert client_ip(_request("203.0.113.7", "1.2.3.4")) == "203.0.113.7"


def test_behind_the_trusted_proxy_the_client_is_the_last_address_the_proxy_added(settings):
    settings.TRUSTED_PROXIES = [PROXY]
    assert client_ip(_request(PROXY, "198.51.100.9")) == "198.51.100.9"


def test_addresses_the_client_put_in_the_header_itself_are_not_believed(settings):
    # The client sent "X-Forwarded-For: 6.6.6.6"; our proxy appended the address it saw.
    settings.TRUSTED_PROXIES = [PROXY]
    assert client_ip(_request(PROXY, "6.6.6.6, 198.51.100.9")) == "198.51.100.9"


def test_a_chain_of_trusted_proxies_given_as_a_network_is_skipped(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/24", "172.16.0.0/12"]
    assert client_ip(_request("10.0.0.5", "6.6.6.6, 198.51.100.9, 172.18.0.3")) == "198.51.100.9"


def test_garbage_in_the_header_does_not_become_the_address(settings):
    settings.TRUSTED_PROXIES = [PROXY]
    assert client_ip(_request(PROXY, "<script>, 198.51.100.9")) == "198.51.100.9"
    assert client_ip(_request(PROXY, "198.51.100.9, not-an-ip")) == PROXY
    assert client_ip(_request(PROXY, "")) == PROXY


@pytest.mark.parametrize("email", ["client@example.nl", "Client@Example.nl", " CLIENT@EXAMPLE.NL "])
def test_the_account_a_try_counts_against_is_the_email_in_lower_case(email):
    assert login_naam(None, {"email": email, "password": "********"}) == "client@example.nl"
