"""Hostile input on every page: NUL bytes in query parameters (issue 12 item 15)."""

import pytest
from django.test import Client as DjangoClient
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/dossiers/?zoek=%00",
        "/api/v1/dossiers/?zoek=ab%00cd",
        "/api/v1/dossiers/?%00=1",
        "/staff/dossiers/?zoek=%00",
        "/staff/dossiers/?pagina=%00",
    ],
)
def test_a_nul_byte_in_a_query_parameter_is_refused_with_400(cm_client, url):
    """PostgreSQL refuses NUL in text, so the search answered 500 there; now every page refuses it first."""
    cm_client.raise_request_exception = False
    antwoord = cm_client.get(url)
    assert antwoord.status_code == 400
    assert "ongeldig teken" in antwoord.content.decode()


def test_a_nul_byte_is_refused_before_login_too():
    antwoord = DjangoClient().get(reverse("accounts:login") + "?next=%00")
    assert antwoord.status_code == 400


def test_an_ordinary_search_still_answers(cm_client):
    assert cm_client.get("/staff/dossiers/?zoek=Jansen").status_code == 200
    assert cm_client.get("/api/v1/dossiers/?zoek=Jansen").status_code == 200
