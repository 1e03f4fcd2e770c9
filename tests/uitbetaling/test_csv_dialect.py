"""The CSV framework: two dialects that parse back with the csv module, streamed in chunks."""

import csv
import io
from datetime import date
from decimal import Decimal

from uitbetaling.csv_export import DIALECTEN, csv_stroom

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
