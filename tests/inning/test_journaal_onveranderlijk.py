"""Issue 12 item 6: on PostgreSQL the journal refuses TRUNCATE and new lines on an entry already booked
(``inning/migrations/0010_journaal_onveranderlijk.py``), while the test suite's own flush still empties it
(``tests/journaal_flush.py``)."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.utils import DatabaseError

from inning import ledger
from inning.models import Journaalpost, Journaalregel

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="database triggers exist on PostgreSQL only"
    ),
    pytest.mark.django_db(transaction=True),
]


def _boek(sleutel: str) -> Journaalpost:
    bank, onge = ledger.rekening("bank_derdengelden"), ledger.rekening("ongealloceerd")
    return ledger.journaalpost_boek(
        datum=date(2026, 1, 5),
        omschrijving="ontvangst",
        regels=[(bank, Decimal("100.00")), (onge, Decimal("-100.00"))],
        bron_type="t",
        bron_id=1,
        sleutel=sleutel,
    )


def _voer_uit(sql: str) -> None:
    with transaction.atomic(), connection.cursor() as c:
        c.execute(sql)


@pytest.mark.parametrize(
    "sql",
    [
        "TRUNCATE inning_journaalregel",
        "TRUNCATE inning_journaalpost CASCADE",
        "TRUNCATE inning_journaalregel, inning_journaalpost CASCADE",
        "TRUNCATE inning_rekening CASCADE",  # reaches the lines through their foreign key
    ],
)
def test_truncate_of_the_journal_is_refused(sql):
    _boek("truncate")
    with pytest.raises(DatabaseError, match="TRUNCATE op inning_journaal"):
        _voer_uit(sql)
    assert Journaalregel.objects.count() == 2


def test_a_balanced_pair_of_lines_cannot_be_added_to_an_entry_already_booked():
    """The balance trigger of 0002 was satisfied by +50/−50 added to a committed entry; now it is refused."""
    post = _boek("geboekt")
    bank, onge = ledger.rekening("bank_derdengelden"), ledger.rekening("ongealloceerd")
    with pytest.raises(DatabaseError, match=f"journaalpost {post.pk} is al geboekt"), transaction.atomic():
        Journaalregel.objects.bulk_create(
            [
                Journaalregel(post=post, rekening=bank, bedrag=Decimal("50.00")),
                Journaalregel(post=post, rekening=onge, bedrag=Decimal("-50.00")),
            ]
        )
    assert list(post.regels.values_list("bedrag", flat=True).order_by("bedrag")) == [
        Decimal("-100.00"),
        Decimal("100.00"),
    ]


def test_lines_may_follow_their_entry_within_its_own_transaction_even_across_savepoints():
    """Booking writes the entry and then its lines in one transaction, often inside nested atomic blocks
    (savepoints, each with its own transaction id): that stays allowed until the commit."""
    bank, onge = ledger.rekening("bank_derdengelden"), ledger.rekening("ongealloceerd")
    with transaction.atomic():
        with transaction.atomic():
            post = Journaalpost.objects.create(
                datum=date(2026, 1, 6), omschrijving="in delen", bron_type="t", sleutel="delen"
            )
        with transaction.atomic():
            Journaalregel.objects.create(post=post, rekening=bank, bedrag=Decimal("7.00"))
        Journaalregel.objects.create(post=post, rekening=onge, bedrag=Decimal("-7.00"))
    assert post.regels.count() == 2


def test_the_test_flush_empties_the_journal_and_leaves_the_guard_on():
    """What pytest-django runs after every transactional test: it must succeed, and afterwards the TRUNCATE
    guard is enabled again (tgenabled 'O'), so it refuses the next TRUNCATE."""
    _boek("flush")
    tabellen = ["inning_journaalregel", "inning_journaalpost"]
    connection.ops.execute_sql_flush(connection.ops.sql_flush(no_style(), tabellen, allow_cascade=True))
    assert not Journaalregel.objects.exists()
    with connection.cursor() as c:
        c.execute(
            "SELECT tgname, tgenabled FROM pg_trigger WHERE tgname LIKE 'inning_journaal%%geen_truncate'"
        )
        assert sorted(c.fetchall()) == [
            ("inning_journaalpost_geen_truncate", "O"),
            ("inning_journaalregel_geen_truncate", "O"),
        ]
    with pytest.raises(DatabaseError, match="TRUNCATE"):
        _voer_uit("TRUNCATE inning_journaalregel")
