"""The admin's list of accounts shows each balance summed from the journal lines (no balance is stored)."""

from datetime import date
from decimal import Decimal

import pytest

from inning import services
from inning.models import Ontvangst
from tests.conftest import login_als

pytestmark = pytest.mark.django_db


def test_account_list_shows_the_balance_of_the_lines(client, beheerder):
    for n, bedrag in enumerate(("450.00", "25.50")):
        o = Ontvangst.objects.create(
            bron="bank", datum=date(2026, 2, 15), bedrag=Decimal(bedrag), sleutel=f"o{n}"
        )
        services._ontvangst_boek(o)
    r = login_als(client, beheerder).get("/beheer/inning/rekening/")
    assert r.status_code == 200
    html = r.content.decode()
    assert "475,50" in html or "475.50" in html  # bank_derdengelden: the sum of both receipts
    assert "-475,50" in html or "-475.50" in html  # ongealloceerd
