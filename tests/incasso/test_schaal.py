"""Issue 8: the daily sweep and the arrears of many dossiers cost a fixed number of queries, and the batch
arrears equal the single-dossier ones."""

from datetime import date, datetime, timedelta
from decimal import Decimal as D

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dossiers.models import Dossier, EenmaligeVordering, Stuiting, Taak
from incasso.models import (
    Betalingsregeling,
    Regeltermijn,
    Signalering,
    Toestemmingsverzoek,
    VerzoekAanDerde,
)
from incasso.services import regeling_controle, stagnatie_controle, termijn_controle
from inning.achterstand import dossier_achterstand, dossiers_achterstand

from .factories import AMS, DossierFactory, titel_en_verplichting

pytestmark = pytest.mark.django_db
VANDAAG = date(2026, 6, 15)  # a Monday
NU = datetime(2026, 6, 15, 7, 0, tzinfo=AMS)


def _open_dossiers(aantal: int) -> None:
    """Dossiers with every cause of a finding: overdue action, silence, a late third party, open consent."""
    for i in range(aantal):
        d = DossierFactory(
            volgende_actie_datum=VANDAAG - timedelta(days=1 + i % 4),
            laatste_gebeurtenis_op=datetime(2026, 5, 1, 9, 0, tzinfo=AMS) if i % 2 else NU,
        )
        VerzoekAanDerde.objects.create(
            dossier=d,
            derde_naam="UWV",
            omschrijving="Werkgever?",
            verzonden_op=VANDAAG - timedelta(days=40),
            antwoord_uiterlijk=VANDAAG - timedelta(days=10),
        )
        Toestemmingsverzoek.objects.create(
            dossier=d, soort=Toestemmingsverzoek.Soort.FORMEEL_BEVEL, gevraagd_op=NU - timedelta(days=20)
        )


def _sweep_queries() -> int:
    with time_machine.travel(NU, tick=False), CaptureQueriesContext(connection) as q:
        stagnatie_controle(vandaag=VANDAAG)
    return len(q.captured_queries)


def test_sweep_query_count_is_independent_of_the_number_of_dossiers():
    _open_dossiers(5)
    weinig = _sweep_queries()
    assert Signalering.objects.filter(opgelost_op__isnull=True).count() == 5 * 3 + 2  # + the 2 silent ones
    Signalering.objects.all().delete()
    _open_dossiers(35)
    assert _sweep_queries() == weinig
    assert Signalering.objects.filter(soort="derde_te_laat", opgelost_op__isnull=True).count() == 40


def test_deadline_check_returns_each_dossier_once():
    from incasso.models import Brief, BriefSoort

    d = DossierFactory()
    for i, datum in enumerate((date(2026, 5, 1), date(2026, 5, 20))):
        Brief.objects.create(
            dossier=d,
            soort=BriefSoort.AANMANING,
            datum=datum,
            termijn_einde=datum + timedelta(days=7),
            sleutel=f"aanmaning:{d.pk}:{i}",
        )
    assert termijn_controle(vandaag=VANDAAG) == [d.pk]


def _dossier_met_geschiedenis(i: int) -> Dossier:
    d = DossierFactory()
    titel_en_verplichting(d, bedrag=D("300.00") + i, ingang=date(2025, 1 + i % 6, 1))
    if i % 2:
        titel_en_verplichting(d, bedrag=D("125.50"), ingang=date(2025, 9, 1))
    if i % 3 == 0:
        EenmaligeVordering.objects.create(
            dossier=d, datum=date(2025, 11, 3), bedrag=D("80.00"), omschrijving="Schoolreis"
        )
        Stuiting.objects.create(dossier=d, datum=date(2026, 2, 1), soort=Stuiting.Soort.AANMANING)
    return d


def test_batch_arrears_equal_the_single_dossier_statement_with_payments(betaal):
    dossiers = [_dossier_met_geschiedenis(i) for i in range(7)]
    for i, d in enumerate(dossiers):
        betaal(d, [(date(2025, 12, 1), D("200.00") + i), (date(2026, 3, 2), D("910.00"))][: i % 3])
    peil = date(2026, 6, 15)
    batch = dict(dossiers_achterstand(dossier_ids=[d.pk for d in dossiers], peildatum=peil, batch=3))
    assert list(batch) == [d.pk for d in dossiers]
    for d in dossiers:
        assert batch[d.pk] == dossier_achterstand(dossier=d, peildatum=peil)
    assert any(o.totaal.betaald > 0 for o in batch.values())
    assert any(o.totaal.open > 0 for o in batch.values())


def test_batch_arrears_read_the_ledger_like_the_single_path_and_in_fixed_queries():
    from inning.services import ontvangst_ontkoppel, ontvangst_registreer

    dossiers = [_dossier_met_geschiedenis(i) for i in range(4)]
    for i, d in enumerate(dossiers):
        for j, datum in enumerate((date(2026, 1, 5), date(2026, 2, 5))):
            ontvangst_registreer(
                dossier=d,
                bedrag=D("150.00") + i,
                datum=datum,
                bron_type="overig",
                bron_id=f"{d.pk}-{j}",
                omschrijving="Betaling",
                sleutel=f"schaal:{d.pk}:{j}",
            )
    ongedaan = ontvangst_registreer(
        dossier=dossiers[0],
        bedrag=D("999.00"),
        datum=date(2026, 3, 1),
        bron_type="overig",
        bron_id="x",
        omschrijving="Verkeerd gekoppeld",
        sleutel="schaal:ongedaan",
    )
    ontvangst_ontkoppel(ontvangst=ongedaan)
    peil = date(2026, 6, 15)
    with CaptureQueriesContext(connection) as q:
        batch = dict(dossiers_achterstand(dossier_ids=[d.pk for d in dossiers], peildatum=peil))
    assert len(q.captured_queries) <= 5  # indexation table + 4 per chunk, whatever the number of dossiers
    for d in dossiers:
        assert batch[d.pk] == dossier_achterstand(dossier=d, peildatum=peil)
    assert batch[dossiers[0].pk].totaal.betaald == D("300.00")  # the undone 999.00 is not a payment


def _lopende_regelingen(aantal: int) -> dict[str, list[int]]:
    """Running arrangements with their receipts in the ledger, in turn: one instalment paid and one still to
    come, fulfilled by today (both instalments due and paid), and short (broken: letter, task, escalation)."""
    from inning.services import ontvangst_registreer

    soorten: dict[str, list[int]] = {"loopt": [], "nagekomen": [], "gemist": []}
    for i in range(aantal):
        soort = list(soorten)[i % 3]
        d = DossierFactory(status=Dossier.Status.REGELING)
        titel_en_verplichting(d, bedrag=D("300.00"), ingang=date(2025, 1, 1))
        regeling = Betalingsregeling.objects.create(
            dossier=d,
            status=Betalingsregeling.Status.LOOPT,
            voorgesteld_op=datetime(2026, 4, 1, 10, 0, tzinfo=AMS),
        )
        data = (
            [date(2026, 5, 1), date(2026, 6, 1)]
            if soort == "nagekomen"
            else [date(2026, 6, 1), date(2026, 7, 1)]
        )
        Regeltermijn.objects.bulk_create(
            Regeltermijn(regeling=regeling, volgnummer=n, vervaldatum=v, bedrag=D("250.00"))
            for n, v in enumerate(data, start=1)
        )
        ontvangst_registreer(
            dossier=d,
            bedrag={"nagekomen": D("500.00"), "loopt": D("250.00"), "gemist": D("100.00")}[soort],
            datum=date(2026, 5, 29),
            bron_type="overig",
            bron_id=f"regeling-{d.pk}",
            omschrijving="Betaling regeling",
            sleutel=f"schaal:regeling:{d.pk}",
        )
        soorten[soort].append(regeling.pk)
    return soorten


def _regeling_queries(soorten: dict[str, list[int]]) -> int:
    with time_machine.travel(NU, tick=False), CaptureQueriesContext(connection) as q:
        uitkomst = regeling_controle(vandaag=VANDAAG)
    assert uitkomst == {
        "gemist": len(soorten["gemist"]),
        "nagekomen": len(soorten["nagekomen"]),
        "gecontroleerd": sum(len(v) for v in soorten.values()),
    }
    for soort, ids in soorten.items():
        verwacht = "verbroken" if soort == "gemist" else soort
        assert set(Betalingsregeling.objects.filter(pk__in=ids).values_list("status", flat=True)) == {
            verwacht
        }
    betaald = Regeltermijn.objects.filter(regeling_id__in=soorten["loopt"], status="betaald", volgnummer=1)
    assert betaald.filter(gecontroleerd_op=VANDAAG).count() == len(soorten["loopt"])
    gemist = Regeltermijn.objects.filter(regeling_id__in=soorten["gemist"], status="gemist", volgnummer=1)
    assert gemist.filter(gecontroleerd_op=VANDAAG).count() == len(soorten["gemist"])
    return len(q.captured_queries)


def test_arrangement_check_query_count_is_independent_of_the_number_of_arrangements():
    weinig_soorten = _lopende_regelingen(5)
    weinig = _regeling_queries(weinig_soorten)
    veel_soorten = _lopende_regelingen(25)
    assert [len(v) for v in veel_soorten.values()] == [9, 8, 8]
    assert _regeling_queries(veel_soorten) == weinig
    # Fulfilled and broken ones went back to actief, a broken one with a task; running ones wait for the next.
    terug = [
        pk for soorten in (weinig_soorten, veel_soorten) for s in ("nagekomen", "gemist") for pk in soorten[s]
    ]
    assert set(Dossier.objects.filter(status="actief").values_list("regelingen", flat=True)) == set(terug)
    assert Taak.objects.filter(sleutel__contains=":gemist:").count() == 1 + 8
    lopend = Dossier.objects.filter(regelingen__in=weinig_soorten["loopt"] + veel_soorten["loopt"])
    assert set(lopend.values_list("status", "volgende_actie_datum")) == {("regeling", date(2026, 7, 3))}


def test_after_seeding_the_first_arrangement_check_finds_only_uncovered_instalments(time_machine):
    """The seed leaves running arrangements as the hourly check left them: what the receipts covered is
    already paid and checked, so the first check after a seed only meets instalments that are not covered."""
    from django.core.management import call_command

    time_machine.move_to(datetime(2026, 4, 9, 10, 0, tzinfo=AMS), tick=False)
    call_command("seed_demo", dossiers=200, seed=9, zonder_pdf=True)
    vandaag = date(2026, 4, 9)
    gecontroleerd = Regeltermijn.objects.filter(regeling__status="loopt", status="betaald")
    assert gecontroleerd.count() > 20
    assert not gecontroleerd.filter(gecontroleerd_op__isnull=True).exists()
    assert not gecontroleerd.filter(gecontroleerd_op__gt=vandaag).exists()
    uitkomst = regeling_controle(vandaag=vandaag)
    assert uitkomst["nagekomen"] == 0
    assert uitkomst["gecontroleerd"] == uitkomst["gemist"]
