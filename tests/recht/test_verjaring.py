from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from recht.verjaring import is_verjaard, plus_jaren, verjaringseinde, verjaringsgrens


def test_termijn_prescribes_five_years_after_due_date():
    assert verjaringseinde(vervaldatum=date(2020, 3, 1), stuitingen=[]) == date(2025, 3, 1)
    assert not is_verjaard(vervaldatum=date(2020, 3, 1), stuitingen=[], op=date(2025, 3, 1))
    assert is_verjaard(vervaldatum=date(2020, 3, 1), stuitingen=[], op=date(2025, 3, 2))


def test_29_february_due_date_ends_on_28_february():
    # 29 Feb 2024 + 5 years: 2029 has no 29 February → 28 February 2029.
    assert verjaringseinde(vervaldatum=date(2024, 2, 29), stuitingen=[]) == date(2029, 2, 28)
    assert not is_verjaard(vervaldatum=date(2024, 2, 29), stuitingen=[], op=date(2029, 2, 28))
    assert is_verjaard(vervaldatum=date(2024, 2, 29), stuitingen=[], op=date(2029, 3, 1))
    # + 4 years lands on a leap year again
    assert plus_jaren(date(2024, 2, 29), 4) == date(2028, 2, 29)


def test_stuiting_inside_the_period_saves_the_termijn():
    # due 1 Mar 2020, would end 1 Mar 2025; aanmaning 10 Sep 2024 → new end 10 Sep 2029.
    assert verjaringseinde(vervaldatum=date(2020, 3, 1), stuitingen=[date(2024, 9, 10)]) == date(2029, 9, 10)
    assert not is_verjaard(vervaldatum=date(2020, 3, 1), stuitingen=[date(2024, 9, 10)], op=date(2025, 6, 1))


def test_stuiting_after_the_end_does_not_revive_a_barred_termijn():
    assert verjaringseinde(vervaldatum=date(2020, 3, 1), stuitingen=[date(2025, 3, 2)]) == date(2025, 3, 1)


def test_stuiting_on_the_last_day_still_counts():
    assert verjaringseinde(vervaldatum=date(2020, 3, 1), stuitingen=[date(2025, 3, 1)]) == date(2030, 3, 1)


def test_stuiting_before_or_on_the_due_date_does_not_count():
    assert verjaringseinde(vervaldatum=date(2020, 3, 1), stuitingen=[date(2020, 3, 1)]) == date(2025, 3, 1)
    assert verjaringseinde(vervaldatum=date(2020, 3, 1), stuitingen=[date(2019, 1, 1)]) == date(2025, 3, 1)


def test_chain_of_stuitingen_each_restart_five_years_in_any_input_order():
    # 2020-03-01 → 2025-03-01; stuiting 2024-01-15 → 2029-01-15; stuiting 2028-12-01 → 2033-12-01
    stuitingen = [date(2028, 12, 1), date(2024, 1, 15)]
    assert verjaringseinde(vervaldatum=date(2020, 3, 1), stuitingen=stuitingen) == date(2033, 12, 1)


def test_end_is_not_moved_by_the_algemene_termijnenwet():
    # due 1 Mar 2020 → ends Saturday 1 March 2025: not moved to Monday (Atw art. 4 excludes such terms).
    assert date(2025, 3, 1).weekday() == 5
    assert verjaringseinde(vervaldatum=date(2020, 3, 1), stuitingen=[]) == date(2025, 3, 1)


@given(
    verval=st.dates(min_value=date(2000, 1, 1), max_value=date(2030, 12, 31)),
    stuitingen=st.lists(st.dates(min_value=date(2000, 1, 1), max_value=date(2045, 12, 31)), max_size=5),
)
def test_stuitingen_never_shorten_the_period(verval, stuitingen):
    zonder = verjaringseinde(vervaldatum=verval, stuitingen=[])
    met = verjaringseinde(vervaldatum=verval, stuitingen=stuitingen)
    assert met >= zonder
    assert met == verjaringseinde(vervaldatum=verval, stuitingen=list(reversed(stuitingen)))


# --- issue 13 item 8: the title type decides, per termijn ------------------------------------------------


def test_one_off_sum_under_a_court_decision_prescribes_after_twenty_years():
    """Art. 3:324 lid 1 BW: the power to enforce a decision prescribes 20 years after the day after the
    decision, or after the day a condition for enforcement (here: the due date) was met. School costs of
    750.00 awarded by a beschikking of 10 January 2022, due 1 September 2022: end 1 September 2042. Under a
    private agreement or a notarial deed (art. 3:307 lid 1 BW): 5 years, 1 September 2027."""
    assert verjaringseinde(vervaldatum=date(2022, 9, 1), stuitingen=[], uitspraak=date(2022, 1, 10)) == date(
        2042, 9, 1
    )
    assert verjaringseinde(vervaldatum=date(2022, 9, 1), stuitingen=[]) == date(2027, 9, 1)
    # a sum due before the decision (costs already made, awarded afterwards) runs from the decision's day
    assert verjaringseinde(vervaldatum=date(2021, 5, 1), stuitingen=[], uitspraak=date(2022, 1, 10)) == date(
        2042, 1, 10
    )


def test_a_demand_never_shortens_a_twenty_year_period():
    """Art. 3:319 lid 2 BW (through art. 3:325 lid 1): the new period after a stuiting is at most 5 years
    but never ends before the original one. A demand of 1 March 2030 leaves 1 September 2042; a demand of
    1 March 2040 moves it to 1 March 2045."""
    uitspraak = date(2022, 1, 10)
    assert verjaringseinde(
        vervaldatum=date(2022, 9, 1), stuitingen=[date(2030, 3, 1)], uitspraak=uitspraak
    ) == date(2042, 9, 1)
    assert verjaringseinde(
        vervaldatum=date(2022, 9, 1), stuitingen=[date(2030, 3, 1), date(2040, 3, 1)], uitspraak=uitspraak
    ) == date(2045, 3, 1)
    assert not is_verjaard(
        vervaldatum=date(2022, 9, 1), stuitingen=[], op=date(2030, 1, 1), uitspraak=uitspraak
    )


def test_schedule_ends_with_decisions_equal_one_call_per_termijn():
    from recht.verjaring import verjaringseinden

    vervaldata = [date(2020, 1, 1), date(2020, 6, 1), date(2021, 2, 1)]
    uitspraken = [None, date(2019, 12, 1), None]
    stuitingen = [date(2024, 12, 1), date(2029, 11, 1)]
    assert (
        verjaringseinden(vervaldata=vervaldata, stuitingen=stuitingen, uitspraken=uitspraken)
        == [
            verjaringseinde(vervaldatum=v, stuitingen=stuitingen, uitspraak=u)
            for v, u in zip(vervaldata, uitspraken, strict=True)
        ]
        == [date(2034, 11, 1), date(2040, 6, 1), date(2034, 11, 1)]
    )


def test_verjaringsgrens_is_the_same_day_five_years_back():
    # 20 May 2026 - 5 years = 20 May 2021 (art. 3:308 BW: termijnen due from that day are collected)
    assert verjaringsgrens(date(2026, 5, 20)) == date(2021, 5, 20)
    # 1 March 2025 - 5 years = 1 March 2020; 2020 being a leap year changes nothing
    assert verjaringsgrens(date(2025, 3, 1)) == date(2020, 3, 1)
    # 28 February 2025 - 5 years = 28 February 2020, the day before the leap day
    assert verjaringsgrens(date(2025, 2, 28)) == date(2020, 2, 28)


def test_verjaringsgrens_from_29_february_is_28_february():
    # 29 February 2024 - 5 years: 2019 has no 29 February, so 28 February 2019
    assert verjaringsgrens(date(2024, 2, 29)) == date(2019, 2, 28)
    # 29 February 2028 - 5 years: 28 February 2023 (not 1 March)
    assert verjaringsgrens(date(2028, 2, 29)) == date(2023, 2, 28)
