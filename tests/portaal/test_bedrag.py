"""Amounts typed in the order form: the Dutch way and the international way give the same Decimal."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from portaal.forms import BedragField

centen = st.integers(min_value=1, max_value=99_999_999_999)  # € 0,01 … € 999.999.999,99


def nederlands(bedrag: Decimal) -> str:
    geheel, _, dec = f"{bedrag:.2f}".partition(".")
    return f"{int(geheel):,}".replace(",", ".") + "," + dec


@given(centen)
def test_an_amount_written_the_dutch_way_is_read_back_exactly(c):
    bedrag = Decimal(c) / 100
    veld = BedragField()
    assert veld.clean(nederlands(bedrag)) == bedrag  # "1.234,56"
    assert veld.clean(f"€ {nederlands(bedrag)}") == bedrag  # "€ 1.234,56"
    assert veld.clean(f"{bedrag:.2f}") == bedrag  # "1234.56"
    assert veld.clean(f"{bedrag:.2f}".replace(".", ",")) == bedrag  # "1234,56"


@pytest.mark.parametrize(
    ("tekst", "bedrag"),
    [("450", "450"), ("450,5", "450.50"), ("1.234", "1234"), ("1,234.56", "1234.56"), ("325,50", "325.50")],
)
def test_worked_examples(tekst, bedrag):
    assert BedragField().clean(tekst) == Decimal(bedrag)


@pytest.mark.parametrize("tekst", ["0", "0,00", "-5", "12,345", "abc", "1.2.3,4,5", "1e3"])
def test_nonsense_zero_and_negative_amounts_are_refused(tekst):
    with pytest.raises(ValidationError):
        BedragField().clean(tekst)
