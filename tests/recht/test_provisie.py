from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from recht.provisie import provisie_bereken

TARIEF = {"percentage": D("12.00"), "btw_percentage": D("21.00")}


def test_commission_on_450_is_54_with_937_vat():
    # 450.00 x 12% = 54.00; 54.00 x 21/121 = 9.3719 → 9.37; client 450.00 - 54.00 = 396.00
    uit = provisie_bereken(bedrag=D("450.00"), **TARIEF)
    assert (uit.provisie, uit.waarvan_btw, uit.naar_client) == (D("54.00"), D("9.37"), D("396.00"))


def test_commission_rounds_half_up():
    # 10.375 is first rounded to 10.38;
    # 10.38 x 12% = 1.2456 → 1.25; 1.25 x 21/121 = 0.21694 → 0.22; client 10.38 - 1.25 = 9.13
    uit = provisie_bereken(bedrag=D("10.375"), **TARIEF)
    assert (uit.provisie, uit.waarvan_btw, uit.naar_client) == (D("1.25"), D("0.22"), D("9.13"))


def test_reversal_mirrors_the_receipt():
    uit = provisie_bereken(bedrag=D("-450.00"), **TARIEF)
    assert (uit.provisie, uit.waarvan_btw, uit.naar_client) == (D("-54.00"), D("-9.37"), D("-396.00"))


@pytest.mark.parametrize(("bedrag", "provisie"), [("0.04", "0.00"), ("0.05", "0.01"), ("100", "12.00")])
def test_small_amounts(bedrag, provisie):
    # 0.04 x 12% = 0.0048 → 0.00; 0.05 x 12% = 0.006 → 0.01
    assert provisie_bereken(bedrag=D(bedrag), **TARIEF).provisie == D(provisie)


@given(bedrag=st.decimals(min_value=D("0"), max_value=D("1000000"), places=2))
def test_commission_plus_client_share_is_the_amount(bedrag):
    uit = provisie_bereken(bedrag=bedrag, **TARIEF)
    assert uit.provisie + uit.naar_client == bedrag
    assert D(0) <= uit.waarvan_btw <= uit.provisie
