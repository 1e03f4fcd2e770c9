from datetime import date
from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from recht import TariefOntbreekt
from recht.indexering import geindexeerd_bedrag, indexeer
from tests.recht.tabellen import INDEXATIE


def test_500_set_mid_2021_indexed_to_2026_rounds_each_year():
    uitkomst = indexeer(bedrag=D("500.00"), vastgesteld_op=date(2021, 6, 15), jaar=2026, tabel=INDEXATIE)
    # 500.00 x 1.019 = 509.50
    # 509.50 x 1.034 = 526.823   → 526.82
    # 526.82 x 1.062 = 559.48284 → 559.48
    # 559.48 x 1.065 = 595.8462  → 595.85
    # 595.85 x 1.046 = 623.2591  → 623.26
    assert [(s.jaar, s.percentage, s.bedrag) for s in uitkomst.stappen] == [
        (2022, D("1.9"), D("509.50")),
        (2023, D("3.4"), D("526.82")),
        (2024, D("6.2"), D("559.48")),
        (2025, D("6.5"), D("595.85")),
        (2026, D("4.6"), D("623.26")),
    ]
    assert uitkomst.bedrag == D("623.26")


def test_compounds_on_the_rounded_amount_not_the_exact_one():
    # 100.05 x 1.034 = 103.4517 → 103.45; 103.45 x 1.062 = 109.8639 → 109.86
    # (compounding the exact amount would give 100.05 x 1.034 x 1.062 = 109.8657... → 109.87)
    uitkomst = indexeer(bedrag=D("100.05"), vastgesteld_op=date(2022, 1, 1), jaar=2024, tabel=INDEXATIE)
    assert [s.bedrag for s in uitkomst.stappen] == [D("103.45"), D("109.86")]


def test_first_applied_on_the_first_january_after_the_amount_was_set():
    # set on 1 January 2025 itself: the 2025 indexation is not applied, the 2026 one is.
    # 400.00 x 1.046 = 418.40
    uitkomst = indexeer(bedrag=D("400.00"), vastgesteld_op=date(2025, 1, 1), jaar=2026, tabel=INDEXATIE)
    assert [s.jaar for s in uitkomst.stappen] == [2026]
    assert uitkomst.bedrag == D("418.40")


def test_same_year_or_earlier_leaves_amount_unchanged():
    assert geindexeerd_bedrag(bedrag=D("250"), vastgesteld_op=date(2024, 3, 1), jaar=2024, tabel={}) == D(
        "250.00"
    )
    assert geindexeerd_bedrag(bedrag=D("250"), vastgesteld_op=date(2024, 3, 1), jaar=2020, tabel={}) == D(
        "250.00"
    )


def test_a_gap_in_the_middle_of_the_table_raises_instead_of_guessing():
    # 2024 is missing but 2025 is known: a gap in the data, not a year not yet published
    tabel = {j: p for j, p in INDEXATIE.items() if j != 2024}
    with pytest.raises(TariefOntbreekt, match="2024"):
        indexeer(bedrag=D("100"), vastgesteld_op=date(2023, 5, 1), jaar=2025, tabel=tabel)


def test_a_year_after_the_last_known_one_is_provisional_at_the_last_known_amount():
    """Issue 13 item 6: on 15 January 2027 the Minister has not published 2027 yet (art. 1:402a lid 1 BW
    sets it per year). The amount in force in 2026 is used, marked provisional; no step is guessed.

    100.00 set 1 May 2025: 2026 (4.6%) → 104.60; 2027 not published → 104.60 provisional."""
    uitkomst = indexeer(bedrag=D("100"), vastgesteld_op=date(2025, 5, 1), jaar=2027, tabel=INDEXATIE)
    assert uitkomst.bedrag == D("104.60")
    assert [(s.jaar, s.percentage, s.bedrag, s.voorlopig) for s in uitkomst.stappen] == [
        (2026, D("4.6"), D("104.60"), False),
        (2027, D("0"), D("104.60"), True),
    ]
    assert uitkomst.voorlopig
    # once the beheerder enters 2027 (say 3.0%), the same call gives the real amount: 104.60 x 1.03 = 107.738
    uitkomst = indexeer(
        bedrag=D("100"), vastgesteld_op=date(2025, 5, 1), jaar=2027, tabel={**INDEXATIE, 2027: D("3.0")}
    )
    assert (uitkomst.bedrag, uitkomst.voorlopig) == (D("107.74"), False)


def test_an_empty_table_still_raises():
    with pytest.raises(TariefOntbreekt, match="2026"):
        indexeer(bedrag=D("100"), vastgesteld_op=date(2025, 5, 1), jaar=2026, tabel={})


@given(
    bedrag=st.decimals(min_value=D("0.01"), max_value=D("100000"), places=2),
    vastgesteld=st.dates(min_value=date(2018, 1, 1), max_value=date(2025, 12, 31)),
    pcts=st.lists(st.decimals(min_value=D("0.1"), max_value=D("10"), places=1), min_size=8, max_size=8),
)
def test_indexation_is_monotone_for_positive_percentages(bedrag, vastgesteld, pcts):
    tabel = dict(zip(range(2019, 2027), pcts, strict=True))
    vorige = bedrag
    for jaar in range(vastgesteld.year, 2027):
        nu = geindexeerd_bedrag(bedrag=bedrag, vastgesteld_op=vastgesteld, jaar=jaar, tabel=tabel)
        assert nu >= vorige
        vorige = nu


@given(
    laag=st.decimals(min_value=D("0"), max_value=D("5000"), places=2),
    extra=st.decimals(min_value=D("0"), max_value=D("5000"), places=2),
)
def test_indexation_is_monotone_in_the_amount(laag, extra):
    kwargs = {"vastgesteld_op": date(2020, 7, 1), "jaar": 2026, "tabel": INDEXATIE}
    assert geindexeerd_bedrag(bedrag=laag + extra, **kwargs) >= geindexeerd_bedrag(bedrag=laag, **kwargs)
