"""Issue 8: the daily sweep and the arrears of many dossiers cost a fixed number of queries, and the batch
arrears equal the single-dossier ones."""

from datetime import date, datetime, timedelta
from decimal import Decimal as D

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dossiers.models import Dossier, EenmaligeVordering, Stuiting
from incasso.models import Signalering, Toestemmingsverzoek, VerzoekAanDerde
from incasso.services import stagnatie_controle, termijn_controle
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


def test_batch_arrears_equal_the_single_dossier_statement_with_payments(betalingen):
    dossiers = [_dossier_met_geschiedenis(i) for i in range(7)]
    for i, d in enumerate(dossiers):
        betalingen[d.pk] = [(date(2025, 12, 1), D("200.00") + i), (date(2026, 3, 2), D("910.00"))][: i % 3]
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
