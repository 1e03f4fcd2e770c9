"""The journal export's PostgreSQL path (issue 18 item 5): database-formatted tuples from a server-side
cursor through the csv module give byte for byte what the generic path (``csv_stroom`` over the ORM rows)
gives, text columns made harmless for spreadsheets included."""

from datetime import date
from decimal import Decimal as D

import pytest
from django.db import connection

from inning.ledger import journaalpost_boek, journaalpost_tegenboek, rekening
from uitbetaling.csv_export import DIALECTEN, csv_stroom
from uitbetaling.export_journaal import journaal_stroom
from uitbetaling.exports import EXPORTS, export_response

from .conftest import DossierFactory, ontvangst_boek

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the fast path is PostgreSQL's (COPY-like)"),
]


@pytest.fixture
def journaal(provisie_tarief):
    dossier = DossierFactory()
    ontvangst_boek(dossier, D("450.00"), datum=date(2026, 3, 2))
    # Text chosen by whoever writes a description: a formula, the separators, a quote, a line break.
    post = journaalpost_boek(
        datum=date(2026, 3, 3),
        omschrijving='=HYPERLINK("x");a,b\n"c"',
        regels=[(rekening("bank_derdengelden"), D("-12.34")), (rekening("ongealloceerd"), D("12.34"))],
        bron_type="@bron",
        bron_id="-5",  # a bare number stays as it is
        sleutel="test-export:1",
    )
    journaalpost_tegenboek(post=post, datum=date(2026, 3, 4), omschrijving="+tegen")
    # The edges of "starts like a formula but is a bare number" (the database decides it in the fast path).
    randen = ["-12,5", "+3.25", "-", "+", "12", "\tx", "\rx", "-1e5", "@", "=1+1", "'al", "\uff1dbreed", "-٣"]
    for i, tekst in enumerate(randen):
        journaalpost_boek(
            datum=date(2026, 3, 5),
            omschrijving=tekst,
            regels=[(rekening("bank_derdengelden"), D("1.00")), (rekening("ongealloceerd"), D("-1.00"))],
            bron_type="rand",
            bron_id=tekst,
            sleutel=f"test-export:rand:{i}",
        )
    journaalpost_boek(  # outside the period
        datum=date(2027, 1, 1),
        omschrijving="later",
        regels=[(rekening("bank_derdengelden"), D("1.00")), (rekening("ongealloceerd"), D("-1.00"))],
        bron_type="x",
        bron_id="1",
        sleutel="test-export:2",
    )


@pytest.mark.parametrize("dialect", ["excel_nl", "plat"])
def test_fast_journal_export_equals_the_generic_one_byte_for_byte(journaal, dialect):
    d, export = DIALECTEN[dialect], EXPORTS["journaal"]
    van, tot = date(2026, 1, 1), date(2026, 12, 31)
    snel = b"".join(journaal_stroom(kop=export.kop, van=van, tot=tot, dialect=d))
    traag = b"".join(csv_stroom(kop=export.kop, rijen=export.rijen(van, tot), dialect=d))
    assert snel == traag
    tekst = snel.decode("utf-8-sig")
    # 2 + 6 lines of the receipt (ontvangst_boek), 2 of the entry, 2 of its reversal; 2027 left out.
    assert (
        tekst.count("\r\n") == 1 + 8 + 2 + 2 + 2 * 13
    )  # the header and the lines (the break in the cell is a bare LF)
    assert "'=HYPERLINK" in tekst and "'@bron" in tekst and "'+tegen" in tekst and "later" not in tekst
    scheiding, punt = (";", ",") if dialect == "excel_nl" else (",", ".")
    assert f"{scheiding}0{punt}00{scheiding}12{punt}34{scheiding}" in tekst  # the credit of -12.34
    assert (
        b"".join(export_response(soort="journaal", van=van, tot=tot, dialect=dialect).streaming_content)
        == snel
    )
