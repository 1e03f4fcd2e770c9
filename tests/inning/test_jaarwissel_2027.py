"""Issue 13 item 6: on 15 January 2027 there is no 2027 indexation percentage yet (the reference table ends
with 2026). Statements, letters, receipts and the calculator keep working with the last known amount,
marked provisional ("voorlopig"), and everything is recomputed when the beheerder enters the percentage.

Worked example (art. 1:402a BW): 400.00 a month set on 1 June 2025, indexed, from 1 December 2026.
2026: 400.00 x 1.046 = 418.40 (December 2026). 2027 not published: January 2027 = 418.40, provisional.
Owed on 15 January 2027: 418.40 + 418.40 = 836.80. Once 2027 = 3.0% is entered: 418.40 x 1.03 = 430.952
→ 430.95 for January, owed 849.35."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.template.loader import render_to_string
from rest_framework.test import APIClient

from dossiers.models import Verplichting
from incasso.letters import brief_context
from incasso.selectors import dossier_achterstand as brief_achterstand
from inning.achterstand import dossier_achterstand_specificatie
from inning.achterstand_pdf import achterstand_html
from inning.models import Ontvangst, Toewijzing
from inning.services import ontvangst_koppel
from tarieven.models import Indexatie, Tabeltaak
from tarieven.tabeltaken import indexatie_taak_controleer

from .geld_factories import maak_dossier

D = Decimal
pytestmark = pytest.mark.django_db
AMS = ZoneInfo("Europe/Amsterdam")
VIJFTIEN_JANUARI = datetime(2027, 1, 15, 10, 0, tzinfo=AMS)


@pytest.fixture
def dossier():
    d = maak_dossier(bedrag=None)
    Verplichting.objects.create(
        dossier=d,
        soort=Verplichting.Soort.KINDERALIMENTATIE,
        kind_naam="Kim",
        bedrag=D("400.00"),
        vervaldag=1,
        vastgesteld_op=date(2025, 6, 1),
        ingangsdatum=date(2026, 12, 1),
        indexeren=True,
    )
    return d


@pytest.fixture
def klok():
    with time_machine.travel(VIJFTIEN_JANUARI, tick=False):
        yield


def test_statement_on_15_january_2027_uses_the_2026_amount_provisionally(dossier, klok):
    spec = dossier_achterstand_specificatie(dossier=dossier)
    assert spec.overzicht.peildatum == date(2027, 1, 15)
    assert [(t.vervaldatum, t.bedrag, t.voorlopig) for t in spec.overzicht.termijnen] == [
        (date(2026, 12, 1), D("418.40"), False),
        (date(2027, 1, 1), D("418.40"), True),
    ]
    assert spec.overzicht.totaal.open == D("836.80")
    assert len(spec.voorlopig) == 1 and "2027" in spec.voorlopig[0]
    html = achterstand_html(dossier=dossier)
    assert "Voorlopig:" in html and "(voorlopig)" in html


def test_letter_on_15_january_2027_is_made_with_the_provisional_line(dossier, klok):
    achterstand = brief_achterstand(dossier=dossier)
    assert achterstand.te_betalen == D("836.80")
    assert "2027" in achterstand.voorlopig
    ctx = brief_context(dossier=dossier, soort="aanmaning", datum=date(2027, 1, 15))
    assert ctx["bedrag"] == D("836.80")
    html = render_to_string("letters/aanmaning.html", ctx)
    assert html.count("nog niet vastgesteld") == 1  # one line under the specification


def test_receipt_on_15_january_2027_is_allocated_to_the_termijnen(dossier, klok):
    """The old code found no schedule (no 2027 percentage) and booked all 836.80 as prepayment ("vooruit"),
    yet took commission on it. Now both termijnen are paid: 418.40 + 418.40."""
    ontvangst = Ontvangst.objects.create(
        bron=Ontvangst.Bron.BANK, datum=date(2027, 1, 15), bedrag=D("836.80"), omschrijving="alimentatie"
    )
    t = ontvangst_koppel(ontvangst=ontvangst, dossier=dossier)
    delen = list(t.toerekeningen.order_by("id").values_list("soort", "vervaldatum", "bedrag"))
    assert delen == [
        ("termijn", date(2026, 12, 1), D("418.40")),
        ("termijn", date(2027, 1, 1), D("418.40")),
    ]
    # 12% of 836.80 = 100.416 → 100.42 commission
    assert t.provisie == D("100.42")
    assert dossier_achterstand_specificatie(dossier=dossier).overzicht.totaal.open == D("0.00")


def test_calculator_on_15_january_2027_marks_the_termijn_voorlopig(klok):
    antwoord = (
        APIClient()
        .post(
            "/api/v1/rekenhulp/achterstand/",
            {
                "peildatum": "2027-01-15",
                "verplichtingen": [
                    {
                        "soort": "kinderalimentatie",
                        "bedrag": "400.00",
                        "vastgesteld_op": "2025-06-01",
                        "ingangsdatum": "2026-12-01",
                        "einddatum": None,
                        "vervaldag": 1,
                        "indexeren": True,
                    }
                ],
            },
            format="json",
        )
        .json()
    )
    assert [(t["bedrag"], t["voorlopig"]) for t in antwoord["termijnen"]] == [
        ("418.40", False),
        ("418.40", True),
    ]
    assert "2027" in antwoord["voorlopig"][0]


def test_everything_is_recomputed_when_the_beheerder_enters_2027(dossier, klok):
    """Nothing is cached: the statement, the letter and a receipt paid before the percentage was known all
    follow the new table. The receipt of 836.80 paid both termijnen in full at the provisional amounts; with
    2027 = 3.0% January is 430.95, so 12.55 of it is open again (849.35 - 836.80)."""
    ontvangst = Ontvangst.objects.create(
        bron=Ontvangst.Bron.BANK, datum=date(2027, 1, 15), bedrag=D("836.80"), omschrijving="alimentatie"
    )
    ontvangst_koppel(ontvangst=ontvangst, dossier=dossier)
    Indexatie.objects.create(jaar=2027, percentage=D("3.0"), bron="Staatscourant (test)", bevestigd=True)
    spec = dossier_achterstand_specificatie(dossier=dossier)
    assert [(t.bedrag, t.voorlopig) for t in spec.overzicht.termijnen] == [
        (D("418.40"), False),
        (D("430.95"), False),
    ]
    assert spec.overzicht.totaal.open == D("12.55")
    assert spec.voorlopig == ()
    assert brief_achterstand(dossier=dossier).voorlopig == ""
    assert Toewijzing.objects.get(ontvangst=ontvangst).regel == Toewijzing.Regel.OUDSTE


def test_beheerder_gets_one_task_from_1_december_while_the_next_percentage_is_missing():
    assert indexatie_taak_controleer(vandaag=date(2026, 11, 30)) is None  # 2026 known, 2027 not yet due
    taak = indexatie_taak_controleer(vandaag=date(2026, 12, 1))
    assert taak is not None and taak.sleutel == "indexatie:2027" and taak.periode_vanaf == date(2027, 1, 1)
    assert "2027" in taak.omschrijving
    # idempotent: the hourly check makes no second task, also after New Year
    assert indexatie_taak_controleer(vandaag=date(2026, 12, 2)).pk == taak.pk
    assert indexatie_taak_controleer(vandaag=date(2027, 1, 15)).pk == taak.pk
    assert Tabeltaak.objects.count() == 1
    # the beheerder enters 2027: the next check closes the task
    Indexatie.objects.create(jaar=2027, percentage=D("3.0"), bron="test", bevestigd=False)
    assert indexatie_taak_controleer(vandaag=date(2027, 1, 16)) is None
    taak.refresh_from_db()
    assert taak.afgerond_op is not None


def test_periodic_task_runs_the_check():
    """The one hourly table check (tarieven.tasks.tabeltaken_controle) makes the indexation task once."""
    from tarieven.tasks import tabeltaken_controle

    with time_machine.travel(datetime(2026, 12, 1, 9, 0, tzinfo=AMS), tick=False):
        assert tabeltaken_controle()["gemaakt"] == 1
        assert tabeltaken_controle()["gemaakt"] == 0
    assert list(Tabeltaak.objects.filter(afgerond_op__isnull=True).values_list("sleutel", flat=True)) == [
        "indexatie:2027"
    ]


def test_statement_on_a_past_date_leaves_out_later_payments(dossier):
    """Issue 13 item 7 on the dossier statement: on 31 December 2026 only December 2026 (418.40) is due, and
    the receipt of 10 January 2027 is not part of that statement (the old code counted it: open 0.00). On 15
    January both termijnen are due (836.80) and the receipt counts: open 418.40."""
    ontvangst = Ontvangst.objects.create(
        bron=Ontvangst.Bron.BANK, datum=date(2027, 1, 10), bedrag=D("418.40"), omschrijving="alimentatie"
    )
    ontvangst_koppel(ontvangst=ontvangst, dossier=dossier)
    op_31 = dossier_achterstand_specificatie(dossier=dossier, peildatum=date(2026, 12, 31)).overzicht
    assert (op_31.totaal.open, op_31.totaal.betaald) == (D("418.40"), D("0.00"))
    op_15 = dossier_achterstand_specificatie(dossier=dossier, peildatum=date(2027, 1, 15)).overzicht
    assert (op_15.totaal.open, op_15.totaal.betaald) == (D("418.40"), D("418.40"))
