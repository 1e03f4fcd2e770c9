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
