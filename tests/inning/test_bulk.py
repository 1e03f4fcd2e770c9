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


# --- modellen_invoegen: instances written by COPY with ids from the sequence ---------------------------------


def _bankregels(afschrift, n: int, prefix: str):
    from inning.models import Bankregel

    return [
        Bankregel(
            afschrift=afschrift,
            iban="NL91ABNA0417164300",
            referentie=f"{prefix}-{i}",
            datum=date(2026, 3, 1 + i),
            bedrag=D("12.50") * (i + 1),
            tegenrekening="NL02RABO0123456789",
            tegenpartij="J. de Vries",
            omschrijving=f"alimentatie maart {i}",
            kenmerk="",
            end_to_end_id="",
        )
        for i in range(n)
    ]


def _zonder_eigen(rij: dict) -> dict:
    """A row without what differs between two inserts of the same content: id, reference and timestamp."""
    return {k: v for k, v in rij.items() if k not in {"id", "referentie", "aangemaakt_op"}}


def test_instances_written_by_copy_equal_bulk_create_rows_and_get_ascending_ids():
    from inning.bulk import modellen_invoegen
    from inning.models import Bankafschrift, Bankregel

    afschrift = Bankafschrift.objects.create(bestandsnaam="a.xml", inhoud=b"")
    via_orm = Bankregel.objects.bulk_create(_bankregels(afschrift, 3, "orm"))
    via_copy = modellen_invoegen(_bankregels(afschrift, 3, "copy"))

    ids = [r.pk for r in via_copy]
    assert ids == sorted(ids) and len(set(ids)) == 3 and min(ids) > max(r.pk for r in via_orm)
    assert all(not r._state.adding for r in via_copy)
    orm = list(Bankregel.objects.filter(pk__in=[r.pk for r in via_orm]).order_by("pk").values())
    copy = list(Bankregel.objects.filter(pk__in=ids).order_by("pk").values())
    assert [_zonder_eigen(r) for r in copy] == [_zonder_eigen(r) for r in orm]
    assert all(r["aangemaakt_op"] is not None for r in copy)  # auto_now_add set, as bulk_create does
    assert copy[2]["bedrag"] == D("37.50") and copy[0]["verwerking"] == Bankregel.Verwerking.ONTVANGST


def test_instances_written_by_copy_serve_as_foreign_keys_and_keep_the_constraints():
    """A receipt referring to a bank line written the same way; a second line with the same account and
    reference is refused by the unique constraint, as an INSERT would be."""
    from django.db import IntegrityError

    from inning.bulk import modellen_invoegen
    from inning.models import Bankafschrift, Bankregel, Ontvangst
    from inning.services import ontvangst_van_bankregel

    afschrift = Bankafschrift.objects.create(bestandsnaam="b.xml", inhoud=b"")
    (regel,) = modellen_invoegen(_bankregels(afschrift, 1, "fk"))
    (o,) = modellen_invoegen([ontvangst_van_bankregel(regel)])
    assert Ontvangst.objects.get(pk=o.pk).bankregel_id == regel.pk
    with pytest.raises(IntegrityError), transaction.atomic():
        modellen_invoegen(_bankregels(afschrift, 1, "fk"))
    assert Bankregel.objects.filter(referentie="fk-0").count() == 1


def test_many_entries_with_keys_known_to_be_new_skip_the_lookup_and_cannot_book_twice():
    """``journaalposten_boek(sleutels_nieuw=True)`` (the bank import: keys of receipts it just made): one
    query less, and a key that exists after all is refused whole by the unique key, never booked twice."""
    from django.db import IntegrityError
    from django.test.utils import CaptureQueriesContext

    def boeking(sleutel: str) -> ledger.Boeking:
        return ledger.Boeking(
            datum=date(2026, 3, 2),
            omschrijving="ontvangst",
            regels=[
                (ledger.rekening("bank_derdengelden"), D("5.00")),
                (ledger.rekening("ongealloceerd"), D("-5.00")),
            ],
            bron_type="t",
            bron_id=1,
            sleutel=sleutel,
        )

    for code in ("bank_derdengelden", "ongealloceerd"):  # the accounts exist before the queries are counted
        ledger.rekening(code)
    with CaptureQueriesContext(connection) as gewoon:
        ledger.journaalposten_boek([boeking("a")])
    with CaptureQueriesContext(connection) as nieuw:
        ledger.journaalposten_boek([boeking("b")], sleutels_nieuw=True)
    assert len(nieuw) == len(gewoon) - 1
    assert not any("sleutel" in q["sql"] and "SELECT" in q["sql"] for q in nieuw.captured_queries)

    assert (
        ledger.journaalposten_boek([boeking("a")])[0].sleutel == "a"
    )  # the normal path: returns the existing
    with pytest.raises(IntegrityError), transaction.atomic():
        ledger.journaalposten_boek([boeking("c"), boeking("a")], sleutels_nieuw=True)
    assert sorted(Journaalpost.objects.values_list("sleutel", flat=True)) == ["a", "b"]
    assert Journaalregel.objects.count() == 4
