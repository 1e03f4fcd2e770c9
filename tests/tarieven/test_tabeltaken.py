"""The beheerder's task when a half-year table (BVV maxima, Participatiewet norms) lacks the new half-year's rows."""

from datetime import date

import pytest

from tarieven.models import Bijstandsnorm, BvvMaximum, Indexatie, Tabeltaak
from tarieven.tabeltaken import tabeltaken_controleer

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _indexatie_2027_bekend(db):
    """These tests are about the half-year tables; with 2027's percentage known the same check makes no
    indexation task (that one is tested in tests/inning/test_jaarwissel_2027.py)."""
    Indexatie.objects.create(jaar=2027, percentage="3.0", bron="test", bevestigd=False)


def test_from_1_january_2027_without_new_rows_the_beheerder_gets_one_task_per_table_once():
    # The reference tables end at 1 July 2026; on 31 December 2026 nothing is missing.
    assert tabeltaken_controleer(vandaag=date(2026, 12, 31)) == {"gemaakt": 0, "gesloten": 0}
    assert not Tabeltaak.objects.exists()
    # From the first day of the half-year the rows are missing: one task for each table.
    assert tabeltaken_controleer(vandaag=date(2027, 1, 1))["gemaakt"] == 2
    taken = {t.tabel: t for t in Tabeltaak.objects.all()}
    assert set(taken) == {"maximale beslagvrije voet", "bijstandsnormen"}
    assert taken["maximale beslagvrije voet"].periode_vanaf == date(2027, 1, 1)
    assert "gehuwden_met_kinderen" in taken["maximale beslagvrije voet"].omschrijving
    # Idempotent: the hourly run makes no second task.
    assert tabeltaken_controleer(vandaag=date(2027, 1, 2))["gemaakt"] == 0
    assert Tabeltaak.objects.count() == 2


def test_the_task_closes_when_every_row_of_the_half_year_is_entered():
    tabeltaken_controleer(vandaag=date(2027, 1, 1))
    for h, _ in BvvMaximum.Huishouden.choices:
        BvvMaximum.objects.create(huishouden=h, vanaf=date(2027, 1, 1), bedrag="2300.00", bron="test")
    uitkomst = tabeltaken_controleer(vandaag=date(2027, 1, 5))
    assert uitkomst == {"gemaakt": 0, "gesloten": 1}
    assert Tabeltaak.objects.get(tabel="maximale beslagvrije voet").afgerond_op is not None
    assert Tabeltaak.objects.get(tabel="bijstandsnormen").afgerond_op is None
    # one of two norms is not enough
    Bijstandsnorm.objects.create(
        leefsituatie="gehuwden", vanaf=date(2027, 1, 1), bedrag="2050.00", bron="test"
    )
    assert tabeltaken_controleer(vandaag=date(2027, 1, 6))["gesloten"] == 0


def test_beheerder_sees_the_open_task_in_the_admin(beheerder):
    from django.test import Client

    from tests.conftest import login_als

    tabeltaken_controleer(vandaag=date(2027, 7, 1))
    web = login_als(Client(), beheerder)
    r = web.get("/beheer/tarieven/tabeltaak/")
    assert r.status_code == 200
    assert "Voer de maximale beslagvrije voet in die gelden vanaf 01-07-2027" in r.content.decode()
    assert web.get("/beheer/tarieven/tabeltaak/add/").status_code == 403  # made by the check only


def test_casemanager_does_not_see_table_tasks(cm_client):
    assert cm_client.get("/beheer/tarieven/tabeltaak/").status_code in (302, 403)
