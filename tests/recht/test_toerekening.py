from datetime import date
from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from recht import OngeldigeInvoer
from recht.toerekening import OpenTermijn, toereken_ontvangst
from recht.verjaring import plus_jaren

JAN, FEB, MRT = date(2026, 1, 1), date(2026, 2, 1), date(2026, 3, 1)


def test_costs_then_interest_then_oldest_termijn():
    # 500.00: costs 90.11, interest 12.34 → 397.55 left; Jan open 300 → 300; Feb open 300 → 97.55
    uit = toereken_ontvangst(
        bedrag=D("500.00"),
        datum=date(2026, 2, 15),
        kosten=D("90.11"),
        rente=D("12.34"),
        termijnen=[OpenTermijn("feb", FEB, D("300")), OpenTermijn("jan", JAN, D("300"))],
    )
    assert (uit.kosten, uit.rente) == (D("90.11"), D("12.34"))
    assert [(d.sleutel, d.bedrag) for d in uit.termijnen] == [("jan", D("300.00")), ("feb", D("97.55"))]
    assert uit.rest == D("0.00")


def test_small_payment_only_reaches_costs():
    uit = toereken_ontvangst(
        bedrag=D("50"), datum=FEB, kosten=D("90.11"), termijnen=[OpenTermijn(1, JAN, D("300"))]
    )
    assert (uit.kosten, uit.rente, uit.termijnen, uit.rest) == (D("50.00"), D("0.00"), (), D("0.00"))


def test_due_termijnen_before_later_ones_before_barred_ones():
    # on 15 Feb 2026: jan due; mrt not yet due; a 2019 termijn barred since 2024-01-01.
    termijnen = [
        OpenTermijn("oud", date(2019, 1, 1), D("100"), verjaringseinde=date(2024, 1, 1)),
        OpenTermijn("mrt", MRT, D("100"), verjaringseinde=date(2031, 3, 1)),
        OpenTermijn("jan", JAN, D("100"), verjaringseinde=date(2031, 1, 1)),
    ]
    uit = toereken_ontvangst(bedrag=D("250"), datum=date(2026, 2, 15), termijnen=termijnen)
    assert [(d.sleutel, d.bedrag) for d in uit.termijnen] == [
        ("jan", D("100.00")),
        ("mrt", D("100.00")),
        ("oud", D("50.00")),
    ]


def test_payment_exceeding_everything_leaves_a_remainder():
    uit = toereken_ontvangst(
        bedrag=D("1000"), datum=FEB, kosten=D("10"), rente=D("5"), termijnen=[OpenTermijn(1, JAN, D("300"))]
    )
    # 1000 - 10 - 5 - 300 = 685
    assert uit.rest == D("685.00")
    assert uit.toegerekend == D("315.00")


def test_designated_termijn_comes_after_costs_and_interest_but_before_older_ones():
    uit = toereken_ontvangst(
        bedrag=D("150"),
        datum=date(2026, 3, 5),
        kosten=D("20"),
        termijnen=[OpenTermijn("jan", JAN, D("300")), OpenTermijn("mrt", MRT, D("100"))],
        aangewezen="mrt",
    )
    # 150 - 20 costs = 130 → mrt 100 (designated) → jan 30
    assert uit.kosten == D("20.00")
    assert [(d.sleutel, d.bedrag) for d in uit.termijnen] == [("mrt", D("100.00")), ("jan", D("30.00"))]


def test_negative_amounts_are_rejected():
    with pytest.raises(OngeldigeInvoer):
        toereken_ontvangst(bedrag=D("-1"), datum=JAN, termijnen=[])
    with pytest.raises(OngeldigeInvoer):
        toereken_ontvangst(bedrag=D("1"), datum=JAN, termijnen=[OpenTermijn(1, JAN, D("-5"))])


centen = st.decimals(min_value=D("0"), max_value=D("5000"), places=2)


@given(
    bedrag=centen,
    kosten=centen,
    rente=centen,
    open_=st.lists(
        st.tuples(st.dates(min_value=date(2015, 1, 1), max_value=date(2030, 1, 1)), centen), max_size=8
    ),
    datum=st.dates(min_value=date(2015, 1, 1), max_value=date(2030, 1, 1)),
)
def test_allocation_never_exceeds_what_is_open_and_adds_up(bedrag, kosten, rente, open_, datum):
    termijnen = [OpenTermijn(i, d, o, verjaringseinde=plus_jaren(d, 5)) for i, (d, o) in enumerate(open_)]
    uit = toereken_ontvangst(bedrag=bedrag, datum=datum, kosten=kosten, rente=rente, termijnen=termijnen)
    assert uit.kosten <= kosten
    assert uit.rente <= rente
    for deel in uit.termijnen:
        assert D(0) < deel.bedrag <= termijnen[deel.sleutel].open
    assert uit.toegerekend + uit.rest == bedrag
    # a remainder is only left when everything is paid
    if uit.rest > 0:
        assert uit.toegerekend == kosten + rente + sum((t.open for t in termijnen), D(0))


# --- issue 13 item 11: the debtor's designation (art. 6:43 lid 1 BW) ---------------------------------------

from recht.toerekening import aanwijzing_lees  # noqa: E402


@pytest.mark.parametrize(
    ("omschrijving", "maand"),
    [
        ("alimentatie maart 2026", (2026, 3)),
        ("RF18539007547034 J. Jansen Alimentatie Mrt. 2026", (2026, 3)),
        ("bijdrage februari 2025 kinderen", (2025, 2)),
        ("alimentatie jan 2025 en feb 2025", None),  # two months: which one? nothing designated
        ("alimentatie maart", None),  # no year
        ("betaling 15-03-2026", None),  # a date is not a designation
        ("", None),
    ],
)
def test_designation_is_read_from_the_description(omschrijving, maand):
    assert aanwijzing_lees(omschrijving) == maand


def test_designated_month_is_paid_first_but_after_costs_and_interest():
    """Art. 6:43 lid 1 BW: the debtor designates March; art. 6:44 lid 1 BW still puts costs and interest
    first. 400.00 on 15 March: costs 50.00, interest 10.00 → 340.00 left; March (300.00) first → 300.00;
    then the oldest, January: 40.00. Without the designation January and February would get it all."""
    termijnen = [
        OpenTermijn(sleutel=m, vervaldatum=d, open=D("300.00"), maand=(2026, m))
        for m, d in ((1, JAN), (2, FEB), (3, MRT))
    ]
    uit = toereken_ontvangst(
        bedrag=D("400.00"),
        datum=date(2026, 3, 15),
        termijnen=termijnen,
        kosten=D("50.00"),
        rente=D("10.00"),
        aanwijzing=(2026, 3),
    )
    assert (uit.kosten, uit.rente) == (D("50.00"), D("10.00"))
    assert [(d.sleutel, d.bedrag) for d in uit.termijnen] == [(3, D("300.00")), (1, D("40.00"))]
    assert uit.aangewezen
    zonder = toereken_ontvangst(
        bedrag=D("400.00"), datum=date(2026, 3, 15), termijnen=termijnen, kosten=D("50.00"), rente=D("10.00")
    )
    assert [(d.sleutel, d.bedrag) for d in zonder.termijnen] == [(1, D("300.00")), (2, D("40.00"))]
    assert not zonder.aangewezen


def test_designation_of_a_paid_month_falls_back_to_oldest_first():
    termijnen = [OpenTermijn(sleutel=1, vervaldatum=JAN, open=D("300.00"), maand=(2026, 1))]
    uit = toereken_ontvangst(bedrag=D("100.00"), datum=MRT, termijnen=termijnen, aanwijzing=(2026, 3))
    assert [(d.sleutel, d.bedrag) for d in uit.termijnen] == [(1, D("100.00"))]
    assert not uit.aangewezen
