"""Concurrency and crashes, with real connections: two preparations at once, a booking process killed with
SIGKILL halfway, and the weekly task end to end on a real Celery worker against Redis (db 5).

These tests commit (transactional_db), as the real thing does. Under PostgreSQL the unique week and the row
locks decide; under SQLite the IMMEDIATE transactions serialise the same code.
"""

import os
import signal
import subprocess
import sys
import threading
from decimal import Decimal as D

import pytest
from django.conf import settings
from django.db import connection, connections

from inning.ledger import CIRKEL, saldo_per_code
from inning.models import Journaalpost, Journaalregel
from inning.selectors import client_saldo
from tests import worker as werker
from tests.worker import ROOT, celery_worker, wait_until
from uitbetaling import services
from uitbetaling.models import SepaBestand, Uitbetaling, UitbetalingBatch
from uitbetaling.services import iso_week, uitbetaling_batch_keur_goed, uitbetaling_batch_maak

from .conftest import DossierFactory, ontvangst_boek

pytestmark = pytest.mark.django_db(transaction=True)


def _in_balans() -> bool:
    per_code = saldo_per_code()
    return (
        sum(per_code[c] for c in CIRKEL) == 0
        and sum(Journaalregel.objects.values_list("bedrag", flat=True)) == 0
    )


def test_two_preparations_at_the_same_time_make_one_batch(financieel, tweede_financieel, provisie_tarief):
    for bedrag in ("450.00", "100.00", "25.00"):
        ontvangst_boek(DossierFactory(), D(bedrag))
    start = threading.Barrier(2)
    uitkomsten, fouten = [], []

    def bereid_voor(door):
        try:
            start.wait(timeout=10)
            uitkomsten.append(uitbetaling_batch_maak(week="2026-W47", door=door).pk)
        except Exception as exc:  # collected: an assert in a thread would be lost
            fouten.append(exc)
        finally:
            connections.close_all()  # each thread had its own connection

    draden = [threading.Thread(target=bereid_voor, args=(u,)) for u in (financieel, tweede_financieel)]
    for d in draden:
        d.start()
    for d in draden:
        d.join(timeout=60)
    assert fouten == []
    assert len(uitkomsten) == 2 and uitkomsten[0] == uitkomsten[1]
    assert UitbetalingBatch.objects.count() == 1
    assert Uitbetaling.objects.count() == 3  # one per client, not six
    assert sorted(Uitbetaling.objects.values_list("netto", flat=True)) == [
        D("22.00"),
        D("88.00"),
        D("396.00"),
    ]


def _goedgekeurde_batch(financieel, tweede_financieel, monkeypatch, aantal=3) -> UitbetalingBatch:
    """An approved batch whose booking has NOT run (the on-commit task is switched off for this step)."""
    for _ in range(aantal):
        ontvangst_boek(DossierFactory(), D("450.00"))
    batch = uitbetaling_batch_maak(week="2026-W47", door=financieel)
    monkeypatch.setattr("uitbetaling.tasks.uitbetaling_batch_boek.delay", lambda *a, **k: None)
    monkeypatch.setattr("uitbetaling.tasks.specificatie_pdf_maak.delay", lambda *a, **k: None)
    uitbetaling_batch_keur_goed(batch=batch, door=tweede_financieel)
    monkeypatch.undo()
    batch.refresh_from_db()
    assert batch.status == UitbetalingBatch.Status.GOEDGEKEURD
    assert not Journaalpost.objects.filter(bron_type="uitbetaling").exists()
    return batch


def _start_boeker(batch_id: int, punt: str) -> subprocess.Popen:
    env = {
        **os.environ,
        "DATABASE_URL": werker.test_database_url(),
        "DJANGO_SETTINGS_MODULE": "nlai.settings.test",
    }
    return subprocess.Popen(
        [sys.executable, "-m", "tests.uitbetaling.boek_en_blijf_hangen", str(batch_id), punt],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.mark.parametrize("punt", ["na_commit", "in_transactie"])
def test_booking_process_killed_halfway_and_rerun_pays_everyone_exactly_once(
    financieel, tweede_financieel, provisie_tarief, monkeypatch, punt
):
    batch = _goedgekeurde_batch(financieel, tweede_financieel, monkeypatch)
    proces = _start_boeker(batch.pk, punt)
    try:
        regel = proces.stdout.readline().strip()
        assert regel in ("GEBOEKT", "IN_TRANSACTIE"), proces.stderr.read()
        os.kill(proces.pid, signal.SIGKILL)
        proces.wait(timeout=30)
    finally:
        if proces.poll() is None:
            proces.kill()
    assert proces.returncode == -signal.SIGKILL
    # After the kill: the first payout is booked; in the "in_transactie" case the second one's entry was
    # rolled back with the dead connection.
    connection.close()  # make sure we read fresh
    wait_until(lambda: Journaalpost.objects.filter(bron_type="uitbetaling").count() == 1, timeout=30)
    assert Uitbetaling.objects.filter(status=Uitbetaling.Status.GEBOEKT).count() == 1
    assert _in_balans()

    # The task runs again (a redelivered message): it books only what is missing.
    from uitbetaling.tasks import uitbetaling_batch_boek

    uitbetaling_batch_boek.apply(args=(batch.pk,)).get()
    assert Journaalpost.objects.filter(bron_type="uitbetaling").count() == 3
    for u in Uitbetaling.objects.all():
        assert u.status == Uitbetaling.Status.GEBOEKT
        assert Journaalpost.objects.filter(sleutel=f"uitbetaling:{u.end_to_end_id}").count() == 1
        assert client_saldo(client_id=u.client_id) == D("0.00")  # paid once: not twice, not less
    batch.refresh_from_db()
    assert batch.status == UitbetalingBatch.Status.GEBOEKT
    assert _in_balans()


def test_real_celery_worker_prepares_and_books_the_weekly_batch(
    financieel, tweede_financieel, provisie_tarief, monkeypatch
):
    ontvangst_boek(DossierFactory(), D("450.00"))
    ontvangst_boek(DossierFactory(), D("100.00"))
    with celery_worker(redis_db=5) as worker:
        worker.send("uitbetaling.tasks.uitbetaling_batch_voorbereiden")
        wait_until(lambda: Uitbetaling.objects.count() == 2, timeout=90)
        batch = UitbetalingBatch.objects.get()
        from django.utils import timezone

        assert batch.week == iso_week(timezone.localdate())
        assert batch.voorbereid_door is None  # the beat prepared it: one person releases, another approves
        # the worker books, not this process
        monkeypatch.setattr("uitbetaling.tasks.uitbetaling_batch_boek.delay", lambda *a, **k: None)
        services.uitbetaling_batch_vrijgeven(batch=batch, door=financieel)
        uitbetaling_batch_keur_goed(batch=batch, door=tweede_financieel)
        worker.send("uitbetaling.tasks.uitbetaling_batch_boek", args=(batch.pk,))
        wait_until(
            lambda: UitbetalingBatch.objects.get(pk=batch.pk).status == UitbetalingBatch.Status.GEBOEKT,
            timeout=90,
        )
        # the worker also rendered each specification PDF (a task it queued itself)
        wait_until(lambda: not Uitbetaling.objects.filter(specificatie_pdf="").exists(), timeout=90)
        worker.send(
            "uitbetaling.tasks.uitbetaling_batch_voorbereiden"
        )  # the beat firing twice: still one batch
        worker.send("uitbetaling.tasks.uitbetaling_batch_boek", args=(batch.pk,))
        worker.send("nlai.tasks.heartbeat")
        from nlai.models import WorkerHeartbeat

        wait_until(lambda: WorkerHeartbeat.objects.exists(), timeout=60)  # processed after the two above
    assert UitbetalingBatch.objects.count() == 1
    assert Journaalpost.objects.filter(bron_type="uitbetaling").count() == 2
    assert SepaBestand.objects.get().totaal == D("484.00")  # 396.00 + 88.00
    assert _in_balans()
    assert "uitbetaling-weekbatch" in settings.CELERY_BEAT_SCHEDULE
