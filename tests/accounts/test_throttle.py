"""The public calculators' rate limit counts the real client, not what X-Forwarded-For claims (issue 12,
item 9)."""

import pytest

from staf.tarieven.api import RekenhulpThrottle

pytestmark = pytest.mark.django_db
URL = "/api/v1/rekenhulp/werkdagen/"
PROXY = "10.0.0.2"
BODY = {"datum": "2026-04-02", "werkdagen": 2}


@pytest.fixture(autouse=True)
def _drie_per_minuut(monkeypatch):
    monkeypatch.setattr(RekenhulpThrottle, "rate", "3/min", raising=False)


def _vraag(client, **extra):
    return client.post(URL, BODY, content_type="application/json", **extra)


def test_a_rotating_forwarded_for_header_does_not_escape_the_limit(client, settings):
    settings.TRUSTED_PROXIES = []
    antwoorden = [
        _vraag(client, REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR=f"1.2.3.{n}").status_code
        for n in range(5)
    ]
    assert antwoorden == [200, 200, 200, 429, 429]


def test_behind_the_trusted_proxy_each_client_has_its_own_limit(client, settings):
    settings.TRUSTED_PROXIES = [PROXY]
    eerste = [
        _vraag(client, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.1").status_code for _ in range(4)
    ]
    assert eerste == [200, 200, 200, 429]
    # A second client behind the same proxy is counted on its own address, not the proxy's.
    assert _vraag(client, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.2").status_code == 200
    # What the first client writes in the header itself does not help it.
    spoof = _vraag(client, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="9.9.9.9, 198.51.100.1")
    assert spoof.status_code == 429


def test_the_calculator_page_uses_the_same_client_address(client, settings):
    settings.TRUSTED_PROXIES = []
    codes = [
        client.post(
            "/rekenhulp/werkdagen/",
            {"datum": "2026-04-02", "werkdagen": "2"},
            REMOTE_ADDR="203.0.113.7",
            HTTP_X_FORWARDED_FOR=f"1.2.3.{n}",
        ).status_code
        for n in range(4)
    ]
    assert codes[-1] == 429
