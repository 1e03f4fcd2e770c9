from decimal import Decimal as D

import pytest
from django.test import Client

from tarieven.models import Indexatie
from tests.conftest import login_als

pytestmark = pytest.mark.django_db


def test_beheerder_sees_unconfirmed_rows_first_with_a_filter(beheerder):
    web = login_als(Client(), beheerder)
    r = web.get("/beheer/tarieven/indexatie/")
    assert r.status_code == 200
    html = r.content.decode()
    assert "bevestigd" in html.lower()
    eerste = r.context["cl"].result_list[0]
    assert eerste.bevestigd is False  # unconfirmed rows are listed first
    r = web.get("/beheer/tarieven/indexatie/?bevestigd__exact=0")
    assert {rij.jaar for rij in r.context["cl"].result_list} == set(
        Indexatie.objects.filter(bevestigd=False).values_list("jaar", flat=True)
    )


def test_beheerder_can_correct_a_value(beheerder):
    web = login_als(Client(), beheerder)
    rij = Indexatie.objects.get(jaar=2026)
    r = web.post(
        f"/beheer/tarieven/indexatie/{rij.pk}/change/",
        {"jaar": 2026, "percentage": "4.60", "bron": "Stcrt. 2025, controle beheerder", "bevestigd": "on"},
    )
    assert r.status_code == 302
    rij.refresh_from_db()
    assert rij.bevestigd is True
    assert rij.percentage == D("4.60")


def test_casemanager_cannot_edit_tables(cm_client):
    r = cm_client.get("/beheer/tarieven/indexatie/")
    assert r.status_code in (302, 403)


def test_beheerder_enters_a_missing_bvv_regulation_amount_and_the_calculator_uses_it(beheerder):
    """The BVV regulation amounts (Rv art. 475da lid 2) are a beheer table like the others: unconfirmed rows
    first; a beheerder adds the 2026 minimum-inkomensijkpunt (Wet op de huurtoeslag art. 17 lid 1) that no text
    gave us, and from then on the formula runs with only C. Single, C = 45,000, 1 March 2026 (hand-computed in
    tests/beslag/test_regelingsbedragen.py): 1331.43 + 129.58 + (45000 − 20000) × 27% / 12 = 562.50 → 2023.51."""
    from django.core.cache import cache
    from rest_framework.test import APIClient

    from tarieven.models import Regelingsbedrag

    cache.clear()  # the public calculator's throttle
    api = APIClient()
    web = login_als(Client(), beheerder)
    r = web.get("/beheer/tarieven/regelingsbedrag/")
    assert r.status_code == 200
    assert r.context["cl"].result_list[0].bevestigd is False
    verzoek = {"datum": "2026-03-01", "huishouden": "alleenstaande", "toetsingsinkomen_jaar": "45000.00"}
    bvv = "/api/v1/rekenhulp/beslagvrije-voet/"
    assert api.post(bvv, verzoek, format="json").json()["beslagvrije_voet"] == "2191.42"
    r = web.post(
        "/beheer/tarieven/regelingsbedrag/add/",
        {
            "soort": Regelingsbedrag.Soort.IJKPUNT_EEN,
            "jaar": 2026,
            "waarde": "20000",
            "bron": "controle beheerder (test)",
        },
    )
    assert r.status_code == 302, r.content.decode()[:2000]
    body = api.post(bvv, verzoek, format="json").json()
    assert body["beslagvrije_voet"] == "2023.51"
    assert "controle beheerder (test)" in body["onbevestigd"]
