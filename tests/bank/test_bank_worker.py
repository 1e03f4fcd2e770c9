"""A real Celery worker (Redis DB 4) books an uploaded statement; the task sent twice books it once."""

from decimal import Decimal

import pytest

from bank.services import bankafschrift_maak
from inning import ledger
from inning.models import Bankafschrift, Bankregel, Journaalpost
from tests.inning.geld_factories import maak_dossier

from ..worker import celery_worker, wait_until
from .bank_bestanden import Post, camt053

D = Decimal


@pytest.mark.django_db(transaction=True)
def test_worker_books_a_statement_once_even_when_the_task_is_sent_twice():
    dossier = maak_dossier()
    posten = [Post(D("450.00"), kenmerk=dossier.betaalkenmerk, ref="W0")] + [
        Post(D("1.00") + i, omschrijving=f"w{i}", ref=f"W{i}") for i in range(1, 250)
    ]
    afschrift = bankafschrift_maak(bestandsnaam="w.xml", inhoud=camt053(posten))
    with celery_worker(redis_db=4) as worker:
        worker.send("bank.tasks.bankafschrift_verwerk", args=(afschrift.pk, None))
        worker.send("bank.tasks.bankafschrift_verwerk", args=(afschrift.pk, None))
        wait_until(lambda: Bankafschrift.objects.get(pk=afschrift.pk).status == "klaar", timeout=120)
        # the second message finds the statement done and returns its result
        wait_until(lambda: worker.process.poll() is None, timeout=5)
    afschrift.refresh_from_db()
    assert afschrift.resultaat == {
        "regels": 250,
        "nieuw": 250,
        "al_bekend": 0,
        "gematcht": 1,
        "ongematcht": 249,
    }
    assert Bankregel.objects.count() == 250
    # 450 + (2 + 3 + … + 250) = 450 + (250·251/2 − 1) = 450 + 31374 = 31824.00
    assert ledger.saldo("bank_derdengelden") == D("31824.00")
    assert Journaalpost.objects.filter(bron_type="bankregel").count() == 250
