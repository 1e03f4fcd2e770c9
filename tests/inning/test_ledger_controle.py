"""``grootboek_controle``: exit 0 and one JSON line on a good ledger, exit 1 on each planted error."""

import json
from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from bank.controle import grootboek_controleer
from bank.tasks import grootboek_controle_taak
from inning import ledger, services
from inning.models import Controlemelding, Ontvangst
from inning.selectors import laatste_controle_fout

from .geld_factories import maak_dossier

pytestmark = pytest.mark.django_db
D = Decimal


def _goed_grootboek():
    dossier = maak_dossier()
    o = Ontvangst.objects.create(bron="bank", datum=date(2026, 2, 15), bedrag=D("450.00"), sleutel="o1")
    services._ontvangst_boek(o)
    services.ontvangst_koppel(ontvangst=o, dossier=dossier)
    return dossier


def _run() -> tuple[int, dict]:
    uit = StringIO()
    try:
        call_command("grootboek_controle", stdout=uit)
        code = 0
    except SystemExit as e:
        code = e.code
    regels = uit.getvalue().strip().splitlines()
    assert len(regels) == 1  # exactly one JSON line
    return code, json.loads(regels[0])


def test_good_ledger_passes_with_exit_0():
    _goed_grootboek()
    assert _run() == (0, {"in_balans": True, "verschil": "0.00", "fouten": []})
    assert laatste_controle_fout() is None


def test_money_held_not_covered_is_reported_with_the_difference():
    _goed_grootboek()
    # A balanced entry that takes 10.00 out of the circle: money held no longer equals what it is for.
    ledger.journaalpost_boek(
        datum=date(2026, 2, 20), omschrijving="fout geboekt",
        regels=[(ledger.rekening("bank_derdengelden"), D("10.00")), (ledger.rekening("provisie_opbrengst"), D("-10.00"))],
        bron_type="test", bron_id=1, sleutel="fout",
    )  # fmt: skip
    code, uit = _run()
    assert code == 1
    assert uit["verschil"] == "10.00"
    assert any("niet gedekt" in f for f in uit["fouten"])


def test_receipt_status_out_of_line_with_its_match_is_reported():
    dossier = _goed_grootboek()
    Ontvangst.objects.filter(dossier=dossier).update(status="ongematcht", dossier=None)
    code, uit = _run()
    assert code == 1 and any("status past niet" in f for f in uit["fouten"])


def test_daily_task_stores_a_failure_for_the_dashboard(cm_client):
    dossier = _goed_grootboek()
    Ontvangst.objects.filter(dossier=dossier).update(status="ongematcht", dossier=None)
    uitkomst = grootboek_controle_taak.delay().get()
    assert uitkomst["in_balans"] is False
    assert Controlemelding.objects.get().in_balans is False
    html = cm_client.get("/staff/").content.decode()
    assert "Grootboekcontrole mislukt" in html
    # a clean run clears the warning
    Ontvangst.objects.filter(sleutel="o1").update(status="gematcht", dossier=dossier)
    assert grootboek_controleer(opslaan=True)["in_balans"] is True
    assert "Grootboekcontrole mislukt" not in cm_client.get("/staff/").content.decode()
