"""Every staff URL refuses a client and an anonymous user, found by walking the URL configuration."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from tests.conftest import login_als

pytestmark = pytest.mark.django_db

STAFF_PREFIX = "staff/"


def _walk(patterns, prefix=""):
    for p in patterns:
        route = prefix + str(p.pattern)
        if isinstance(p, URLResolver):
            yield from _walk(p.url_patterns, route)
        elif isinstance(p, URLPattern):
            yield route, p


def _concrete(route: str) -> str:
    """Fill every converter with a plausible value; access is refused before any object is looked up."""
    import re

    def fill(m):
        conv = m.group(1) or "str"
        return {"int": "1", "uuid": "00000000-0000-0000-0000-000000000001", "slug": "x", "path": "x"}.get(
            conv, "x"
        )

    route = re.sub(r"<(?:(\w+):)?\w+>", fill, route)
    return "/" + route.lstrip("^").rstrip("$")


def staff_urls() -> list[str]:
    urls = sorted(
        {
            _concrete(route)
            for route, _ in _walk(get_resolver().url_patterns)
            if route.startswith(STAFF_PREFIX)
        }
    )
    assert len(urls) >= 1
    return urls


def test_there_are_staff_urls_to_check():
    assert "/staff/" in staff_urls()


def _refusals(client, url: str) -> list:
    """GET and POST; a view limited to one method answers the other with 405, which reveals nothing."""
    responses = [client.get(url), client.post(url)]
    assert all(r.status_code in (302, 403, 405) for r in responses), (url, [r.status_code for r in responses])
    return [r for r in responses if r.status_code != 405]


def test_every_staff_url_sends_anonymous_users_to_the_login(client):
    for url in staff_urls():
        refused = _refusals(client, url)
        assert refused, url
        for response in refused:
            assert response.status_code == 302, (url, response.status_code)
            assert response.url.startswith("/account/inloggen/"), url


def test_every_staff_url_refuses_a_client(client, client_user):
    login_als(client, client_user)
    for url in staff_urls():
        refused = _refusals(client, url)
        assert refused, url
        assert all(r.status_code == 403 for r in refused), url


def test_every_staff_url_refuses_staff_who_did_not_pass_totp(client, casemanager):
    client.force_login(casemanager, backend="accounts.backends.EmailBackend")  # password only, no OTP
    for url in staff_urls():
        refused = _refusals(client, url)
        assert refused, url
        assert all(r.status_code == 403 for r in refused), url
