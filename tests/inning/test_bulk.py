"""``inning.bulk.rijen_invoegen``: COPY on PostgreSQL goes through the same database guards as an INSERT
(issue 18 item 3: bulk writes keep the triggers that check every entry balances)."""

from datetime import date
from decimal import Decimal as D

import pytest
from django.db import DatabaseError, connection, transaction

from inning import ledger
from inning.bulk import rijen_invoegen
from inning.models import Journaalpost, Journaalregel

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY and the triggers are PostgreSQL's"),
]


def _post() -> Journaalpost:
    return Journaalpost.objects.create(
        datum=date(2026, 1, 1), omschrijving="bulk", bron_type="t", sleutel="b"
    )


def _kopieer(debet: D, credit: D) -> int:
    """One entry whose two lines go in by COPY, then the deferred check as COMMIT runs it."""
    bank, onge = ledger.rekening("bank_derdengelden"), ledger.rekening("ongealloceerd")
    with transaction.atomic():
        post = _post()
        n = rijen_invoegen(
            Journaalregel,
            ["post_id", "rekening_id", "bedrag"],
            [(post.pk, bank.pk, debet), (post.pk, onge.pk, -credit)],
        )
        with connection.cursor() as c:
            c.execute("SET CONSTRAINTS ALL IMMEDIATE")
    return n


def test_copied_lines_of_an_unbalanced_entry_are_refused_at_commit():
    """10.00 debit against 9.00 credit: 1.00 out of balance, refused by the deferred trigger; nothing stays."""
    with pytest.raises(DatabaseError, match="niet in balans"):
        _kopieer(D("10.00"), D("9.00"))
    assert not Journaalregel.objects.exists()


def test_copied_lines_of_a_balanced_entry_pass_the_check():
    assert _kopieer(D("9.00"), D("9.00")) == 2
    assert sorted(Journaalregel.objects.values_list("bedrag", flat=True)) == [D("-9.00"), D("9.00")]
