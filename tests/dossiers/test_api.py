import pytest
from django.test import Client as DjangoClient

from dossiers.models import DossierInzage

from .factories import DebiteurFactory, DossierFactory

pytestmark = pytest.mark.django_db


def test_staff_list_is_paginated_and_filtered(cm_client):
    a = DossierFactory(client__naam="Anna de Wit")
    b = DossierFactory(status="regeling", met__titel="geen", debiteur=DebiteurFactory(land="BE"))
    data = cm_client.get("/api/v1/dossiers/").json()
    assert data["count"] == 2 and {r["nummer"] for r in data["results"]} == {a.nummer, b.nummer}
    rij = next(r for r in data["results"] if r["id"] == b.pk)
    assert rij["status"] == "regeling" and rij["heeft_titel"] is False and rij["debiteur_land"] == "BE"
    assert [
        r["id"] for r in cm_client.get("/api/v1/dossiers/", {"status": "regeling"}).json()["results"]
    ] == [b.pk]
    assert [r["id"] for r in cm_client.get("/api/v1/dossiers/", {"titel": "ja"}).json()["results"]] == [a.pk]
    assert [r["id"] for r in cm_client.get("/api/v1/dossiers/", {"zoek": "de wit"}).json()["results"]] == [
        a.pk
    ]
    assert [
        r["id"] for r in cm_client.get("/api/v1/dossiers/", {"land": "buitenland"}).json()["results"]
    ] == [b.pk]


def test_staff_detail_has_parties_title_and_obligations_and_is_logged(cm_client, casemanager):
    d = DossierFactory()
    data = cm_client.get(f"/api/v1/dossiers/{d.pk}/").json()
    assert data["nummer"] == d.nummer and data["betaalkenmerk"] == d.betaalkenmerk
    assert data["debiteur"]["naam"] == d.debiteur.naam
    assert data["titels"][0]["is_executoriaal"] is True
    assert data["verplichtingen"][0]["bedrag"] == "300.00"
    assert "bsn" not in str(data).lower()
    assert DossierInzage.objects.filter(dossier=d, gebruiker=casemanager, pagina="api").count() == 1


def test_api_refuses_clients_anonymous_and_staff_without_totp(portaal_client, casemanager):
    d = DossierFactory()
    for url in ("/api/v1/dossiers/", f"/api/v1/dossiers/{d.pk}/"):
        assert portaal_client.get(url).status_code == 403
        assert DjangoClient().get(url).status_code == 403
        zonder_totp = DjangoClient()
        zonder_totp.force_login(casemanager, backend="accounts.backends.EmailBackend")
        assert zonder_totp.get(url).status_code == 403


def test_api_list_queries_do_not_grow(cm_client, django_assert_max_num_queries):
    for _ in range(20):
        DossierFactory()
    with django_assert_max_num_queries(10):
        assert cm_client.get("/api/v1/dossiers/").status_code == 200
