from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from recht.geld import bedrag_str, euro, rond_af, verdeel

bedragen = st.decimals(min_value=D("-1000000"), max_value=D("1000000"), places=2)


@pytest.mark.parametrize(
    ("invoer", "verwacht"),
    [
        ("2.345", "2.35"),  # half a cent goes up
        ("2.344", "2.34"),
        ("-2.345", "-2.35"),  # away from zero, so a reversal mirrors the original
        ("-0.004", "0.00"),  # no "-0.00"
        ("10", "10.00"),
    ],
)
def test_rond_af_rounds_to_cents_half_up(invoer, verwacht):
    assert rond_af(D(invoer)) == D(verwacht)
    assert str(rond_af(D(invoer))) == verwacht


def test_rond_af_refuses_float():
    with pytest.raises(TypeError):
        rond_af(0.1)  # type: ignore[arg-type]


def test_verdeel_gives_leftover_cent_to_largest_remainder_then_earliest():
    # 100.00 / 3 = 33.333...: each gets 33.33, the one leftover cent goes to the first (equal remainders)
    assert verdeel(D("100.00"), [1, 1, 1]) == [D("33.34"), D("33.33"), D("33.33")]
    # 10.00 over 1:2 = 3.333.. / 6.666..: remainders .33 and .67 cent → the cent goes to the second
    assert verdeel(D("10.00"), [1, 2]) == [D("3.33"), D("6.67")]


def test_verdeel_negative_amount_mirrors_positive():
    assert verdeel(D("-100.00"), [1, 1, 1]) == [D("-33.34"), D("-33.33"), D("-33.33")]


@pytest.mark.parametrize("gewichten", [[], [0, 0], [1, -1]])
def test_verdeel_rejects_bad_weights(gewichten):
    with pytest.raises(ValueError, match="verdeel"):
        verdeel(D("1.00"), gewichten)


@given(bedrag=bedragen, gewichten=st.lists(st.integers(min_value=0, max_value=1000), min_size=1, max_size=12))
def test_verdeel_parts_always_sum_to_the_whole(bedrag, gewichten):
    if sum(gewichten) == 0:
        gewichten[0] = 1
    delen = verdeel(bedrag, gewichten)
    assert sum(delen) == rond_af(bedrag)
    assert all(d.as_tuple().exponent == -2 for d in delen)
    # every part is within one cent of its exact share
    for deel, g in zip(delen, gewichten, strict=True):
        assert abs(deel - bedrag * g / sum(gewichten)) < D("0.01")


def test_bedrag_str_is_two_decimals_without_separators():
    assert bedrag_str(D("1234.5")) == "1234.50"
    assert bedrag_str(D("0")) == "0.00"


@pytest.mark.parametrize(
    ("invoer", "verwacht"),
    [
        ("1234.56", "€ 1.234,56"),
        ("0.5", "€ 0,50"),
        ("999", "€ 999,00"),
        ("1000000", "€ 1.000.000,00"),
        ("-1234.5", "€ -1.234,50"),
    ],
)
def test_euro_is_dutch_display_form(invoer, verwacht):
    assert euro(D(invoer)) == verwacht


@given(bedrag=bedragen)
def test_euro_and_bedrag_str_agree(bedrag):
    assert euro(bedrag).replace("€ ", "").replace(".", "").replace(",", ".") == bedrag_str(bedrag)
