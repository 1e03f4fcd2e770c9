"""An approved batch is booked even when the broker is down or the worker dies (issue 12 item 2).

Approval commits first (status, SEPA file) and queues the booking on commit. With the broker down the page
does not answer 500: it says the booking follows. The sweep (beat, every 5 minutes) books every approved
batch that is not fully booked, and ``grootboek_controle`` reports one that waits longer than 15 minutes.

These tests commit (transactional_db) and use a real broker connection: a closed port for "down", Redis db 2
and a real Celery worker for the kill. Worked example: two receipts of € 450,00 → € 396,00 each for the
client (12% commission incl. 21% VAT = € 54,00), so the batch pays 2 × € 396,00 = € 792,00.
"""

import io
import json
import os
import socket
from contextlib import contextmanager
from datetime import timedelta
from decimal import Decimal as D

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test import Client as DjangoClient
from django.urls import reverse
from django.utils import timezone

from bank.controle import grootboek_controleer
from inning.ledger import CIRKEL, saldo_per_code
from inning.models import Journaalpost
from inning.selectors import client_saldo
from nlai.celery import app
from tests.conftest import login_als
from tests.worker import celery_worker, wait_until
from uitbetaling.models import SepaBestand, Uitbetaling, UitbetalingBatch
from uitbetaling.services import uitbetaling_batch_maak, uitbetaling_batch_vrijgeven
from uitbetaling.tasks import uitbetaling_boeking_achtervang

from .conftest import DossierFactory, ontvangst_boek

pytestmark = pytest.mark.django_db(transaction=True)
REDIS_DB = 2


@contextmanager
def _echte_broker(url: str):
    """Let ``.delay`` in this (normally eager) test process publish to ``url`` for real."""

    def _opnieuw() -> None:  # forget the cached pools so the next publish connects to the new URL
        app._pool = None
        if "amqp" in app.__dict__:
            app.amqp._producer_pool = None

    # The configuration came from Django settings with the CELERY_ namespace: change it under those keys.
    # Celery reads the broker from the CELERY_BROKER_URL environment variable first (CI sets it).
    oud = (app.conf.CELERY_BROKER_URL, app.conf.CELERY_TASK_ALWAYS_EAGER, os.environ.get("CELERY_BROKER_URL"))
    app.conf.CELERY_BROKER_URL, app.conf.CELERY_TASK_ALWAYS_EAGER = url, False
    os.environ["CELERY_BROKER_URL"] = url
    assert (app.conf.broker_url, app.conf.task_always_eager) == (url, False)
    _opnieuw()
    try:
        yield
    finally:
        app.conf.CELERY_BROKER_URL, app.conf.CELERY_TASK_ALWAYS_EAGER = oud[0], oud[1]
        if oud[2] is None:
            os.environ.pop("CELERY_BROKER_URL", None)
        else:
            os.environ["CELERY_BROKER_URL"] = oud[2]
        _opnieuw()


def _gesloten_poort() -> int:
    """A local port nobody listens on (bound, then closed): connecting is refused at once."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _voorbereide_batch(financieel, aantal: int = 2) -> UitbetalingBatch:
    for _ in range(aantal):
        ontvangst_boek(DossierFactory(), D("450.00"))
    return uitbetaling_batch_maak(week="2026-W47", door=financieel)


def _alles_precies_eenmaal_geboekt(batch: UitbetalingBatch, aantal: int) -> None:
    batch.refresh_from_db()
    assert batch.status == UitbetalingBatch.Status.GEBOEKT
    assert Journaalpost.objects.filter(bron_type="uitbetaling").count() == aantal
    for u in Uitbetaling.objects.all():
        assert u.status == Uitbetaling.Status.GEBOEKT
        assert Journaalpost.objects.filter(sleutel=f"uitbetaling:{u.end_to_end_id}").count() == 1
        assert client_saldo(client_id=u.client_id) == D("0.00")  # paid once: not twice, not less
    per_code = saldo_per_code()
    assert sum(per_code[c] for c in CIRKEL) == 0  # the client money is still covered
    assert _batchfouten() == []


def _batchfouten() -> list[str]:
    """The control's findings about batches (the test receipts have no per-item allocation rows, which
    the control reports separately: not what these tests are about)."""
    return [f for f in grootboek_controleer()["fouten"] if f.startswith("Batch")]


def test_approval_with_the_broker_down_stands_says_booking_follows_and_the_sweep_books_it(
    financieel, tweede_financieel, provisie_tarief
):
    batch = _voorbereide_batch(financieel)
    tweede = login_als(DjangoClient(), tweede_financieel)
    with _echte_broker(f"redis://127.0.0.1:{_gesloten_poort()}/{REDIS_DB}"):
        r = tweede.post(reverse("uitbetaling:batch_goedkeuren", args=[batch.pk]), follow=True)
    assert r.status_code == 200
    html = r.content.decode()
    assert "is goedgekeurd" in html and "volgt vanzelf binnen enkele minuten" in html

    batch.refresh_from_db()
    assert batch.status == UitbetalingBatch.Status.GOEDGEKEURD  # committed: the approval stands
    assert SepaBestand.objects.get(batch=batch).totaal == D("792.00")
    assert not Journaalpost.objects.filter(bron_type="uitbetaling").exists()  # nothing booked yet

    # Within the 15-minute grace the control is quiet; after it, the batch is an error.
    assert _batchfouten() == []
    UitbetalingBatch.objects.filter(pk=batch.pk).update(goedgekeurd_op=timezone.now() - timedelta(minutes=20))
    uit = io.StringIO()
    with pytest.raises(SystemExit) as afsluiting:
        call_command("grootboek_controle", stdout=uit)
    assert afsluiting.value.code == 1
    fouten = [f for f in json.loads(uit.getvalue())["fouten"] if f.startswith("Batch")]
    assert len(fouten) == 1 and "Batch 2026-W47 is goedgekeurd op" in fouten[0]
    assert "maar 2 uitbetaling(en) zijn niet geboekt" in fouten[0]

    # The broker is back: the beat's sweep books the batch; a second sweep finds nothing to do.
    assert uitbetaling_boeking_achtervang.apply().get() == [batch.pk]
    _alles_precies_eenmaal_geboekt(batch, 2)
    assert uitbetaling_boeking_achtervang.apply().get() == []


def test_the_sweep_runs_every_five_minutes_on_the_beat():
    regel = settings.CELERY_BEAT_SCHEDULE["uitbetaling-boeking-achtervang"]
    assert regel == {"task": "uitbetaling.tasks.uitbetaling_boeking_achtervang", "schedule": 300.0}


@pytest.mark.worker
def test_worker_killed_mid_booking_and_the_sweep_on_a_new_worker_books_the_rest_once(
    financieel, tweede_financieel, provisie_tarief
):
    """A beat-prepared batch of 3 payouts: released by one person and approved by a second on the page;
    the booking goes through Redis to a real worker, which books the first payout and is then killed with
    SIGKILL. The message is gone with it (here: the new worker starts on an empty queue; in production it
    would wait an hour for Redis to redeliver it). The sweep on a new worker books the other two, once."""
    for _ in range(3):
        ontvangst_boek(DossierFactory(), D("450.00"))
    batch = uitbetaling_batch_maak(week="2026-W47", door=None)
    uitbetaling_batch_vrijgeven(batch=batch, door=financieel)
    env = {"DJANGO_SETTINGS_MODULE": "tests.uitbetaling.worker_settings"}

    with celery_worker(redis_db=REDIS_DB, extra_env={**env, "UITBETALING_TEST_HANGEN": "1"}) as worker:
        tweede = login_als(DjangoClient(), tweede_financieel)
        with _echte_broker(worker.broker_url):
            r = tweede.post(reverse("uitbetaling:batch_goedkeuren", args=[batch.pk]), follow=True)
        assert r.status_code == 200 and "volgt vanzelf" not in r.content.decode()  # queued for real
        wait_until(lambda: Journaalpost.objects.filter(bron_type="uitbetaling").count() == 1, timeout=90)
        assert worker.process.poll() is None  # alive, halfway through the batch
        worker.kill()  # SIGKILL of the worker's (solo pool) main process
        assert worker.process.returncode == -9
    connection.close()
    batch.refresh_from_db()
    assert batch.status == UitbetalingBatch.Status.GOEDGEKEURD
    assert Uitbetaling.objects.filter(status=Uitbetaling.Status.GEBOEKT).count() == 1

    with celery_worker(redis_db=REDIS_DB, extra_env=env) as worker:
        worker.send("uitbetaling.tasks.uitbetaling_boeking_achtervang")  # as the beat does every 5 minutes
        wait_until(
            lambda: UitbetalingBatch.objects.get(pk=batch.pk).status == UitbetalingBatch.Status.GEBOEKT,
            timeout=90,
        )
        worker.send("uitbetaling.tasks.uitbetaling_boeking_achtervang")  # and again: nothing twice
        worker.send("nlai.tasks.heartbeat")
        from nlai.models import WorkerHeartbeat

        wait_until(lambda: WorkerHeartbeat.objects.exists(), timeout=60)  # processed after the sweeps
    _alles_precies_eenmaal_geboekt(batch, 3)
