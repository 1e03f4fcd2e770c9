from datetime import date
from decimal import Decimal as D

import pytest

from recht import OngeldigeInvoer, TariefOntbreekt
from recht.rente import rente_percentage, wettelijke_rente
from tests.recht.tabellen import WETTELIJKE_RENTE


def test_rate_is_the_last_row_on_or_before_the_date():
    assert rente_percentage(datum=date(2023, 6, 30), tarieven=WETTELIJKE_RENTE) == D("4")
    assert rente_percentage(datum=date(2023, 7, 1), tarieven=WETTELIJKE_RENTE) == D("6")


def test_date_before_first_row_raises():
    with pytest.raises(TariefOntbreekt):
        rente_percentage(datum=date(2014, 12, 31), tarieven=WETTELIJKE_RENTE)


def test_one_whole_year_at_one_rate_is_exactly_the_percentage():
    # 2015-01-01 .. 2016-01-01 at 2%: 1000.00 x 2% x 365/365 = 20.00
    uit = wettelijke_rente(
        hoofdsom=D("1000"), vanaf=date(2015, 1, 1), tot=date(2016, 1, 1), tarieven=WETTELIJKE_RENTE
    )
    assert uit.rente == D("20.00")


def test_two_years_over_rate_changes_compounded_yearly():
    # Year 1: 2023-03-01 .. 2024-03-01 = 366 days (holds 29 Feb 2024)
    #   4% over 122 days (to 1 Jul): 1000 x 0.04 x 122/366 = 13.333 → 13.33
    #   6% over 184 days (to 1 Jan): 1000 x 0.06 x 184/366 = 30.164 → 30.16
    #   7% over  60 days (to 1 Mar): 1000 x 0.07 x  60/366 = 11.475 → 11.48   year: 54.97
    # Year 2 on 1054.97: 2024-03-01 .. 2025-03-01 = 365 days
    #   7% over 306 days: 1054.97 x 0.07 x 306/365 = 61.909 → 61.91
    #   6% over  59 days: 1054.97 x 0.06 x  59/365 = 10.232 → 10.23
    # Total 54.97 + 61.91 + 10.23 = 127.11
    uit = wettelijke_rente(
        hoofdsom=D("1000"), vanaf=date(2023, 3, 1), tot=date(2025, 3, 1), tarieven=WETTELIJKE_RENTE
    )
    assert [p.rente for p in uit.perioden] == [D("13.33"), D("30.16"), D("11.48"), D("61.91"), D("10.23")]
    assert [p.grondslag for p in uit.perioden][-2:] == [D("1054.97"), D("1054.97")]
    assert uit.rente == D("127.11")


def test_no_days_no_interest():
    uit = wettelijke_rente(
        hoofdsom=D("500"), vanaf=date(2024, 5, 1), tot=date(2024, 5, 1), tarieven=WETTELIJKE_RENTE
    )
    assert uit.rente == D("0.00")
    assert uit.perioden == ()


def test_bad_input_is_rejected():
    with pytest.raises(OngeldigeInvoer):
        wettelijke_rente(
            hoofdsom=D("-1"), vanaf=date(2024, 1, 1), tot=date(2024, 2, 1), tarieven=WETTELIJKE_RENTE
        )
    with pytest.raises(OngeldigeInvoer):
        wettelijke_rente(
            hoofdsom=D("1"), vanaf=date(2024, 2, 1), tot=date(2024, 1, 1), tarieven=WETTELIJKE_RENTE
        )
