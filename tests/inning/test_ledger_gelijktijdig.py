"""Two clerks match the same receipt at the same moment (to different dossiers): it is allocated once."""

import threading
from datetime import date
from decimal import Decimal

import pytest
from django.db import DatabaseError, connection

from bank.controle import grootboek_controleer
from inning import ledger, services
from inning.models import Ontvangst, Toewijzing

from .geld_factories import maak_dossier


@pytest.mark.django_db(transaction=True)
def test_simultaneous_matches_of_one_receipt_allocate_it_once():
    d1, d2 = maak_dossier(), maak_dossier()
    o = Ontvangst.objects.create(bron="bank", datum=date(2026, 2, 15), bedrag=Decimal("450.00"), sleutel="g1")
    services._ontvangst_boek(o)
    start = threading.Barrier(2)
    uitkomsten: list[str] = []

    def koppel(dossier):
        try:
            start.wait()
            services.ontvangst_koppel(ontvangst=Ontvangst.objects.get(pk=o.pk), dossier=dossier)
            uitkomsten.append("gekoppeld")
        except services.GeldFout:
            uitkomsten.append("geweigerd")
        except DatabaseError:  # SQLite: one writer at a time, the other times out
            uitkomsten.append("geweigerd")
        finally:
            connection.close()

    draden = [threading.Thread(target=koppel, args=(d,)) for d in (d1, d2)]
    for t in draden:
        t.start()
    for t in draden:
        t.join(timeout=60)
    assert sorted(uitkomsten) == ["gekoppeld", "geweigerd"]
    assert Toewijzing.objects.filter(ontvangst=o, ongedaan_op__isnull=True).count() == 1
    assert ledger.saldo("ongealloceerd") == Decimal("0.00")
    assert grootboek_controleer()["in_balans"] is True
