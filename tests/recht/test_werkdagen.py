from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from recht.kalender import feestdagen, is_werkdag, termijn_einde_dagen, volgende_werkdag, werkdagen_na


def test_holidays_2026_are_exactly_the_atw_list():
    # Atw art. 3 for 2026; Eerste Paasdag (5 Apr) and Eerste Pinksterdag (24 May) are Sundays anyway.
    verwacht = {
        date(2026, 1, 1),  # Nieuwjaarsdag
        date(2026, 4, 3),  # Goede Vrijdag
        date(2026, 4, 6),  # Tweede Paasdag
        date(2026, 4, 27),  # Koningsdag (Monday)
        date(2026, 5, 5),  # 5 mei (not a lustrum year)
        date(2026, 5, 14),  # Hemelvaartsdag
        date(2026, 5, 25),  # Tweede Pinksterdag
        date(2026, 12, 25),  # Eerste Kerstdag
        date(2026, 12, 26),  # Tweede Kerstdag (Saturday)
    }
    niet_werkdagen_op_weekdag = {d for d in feestdagen(2026) if d.weekday() < 5}
    assert niet_werkdagen_op_weekdag == {d for d in verwacht if d.weekday() < 5}


def test_five_may_in_a_non_lustrum_year_is_not_a_working_day():
    # 2027 is not a lustrum year (2025, 2030 are); 5 May 2027 is a Wednesday.
    assert date(2027, 5, 5).weekday() == 2
    assert not is_werkdag(date(2027, 5, 5))
    assert is_werkdag(date(2027, 5, 4))


def test_koningsdag_moves_to_26_april_when_27_is_a_sunday():
    # 27 April 2031 is a Sunday, so Koningsdag is Saturday 26 April; Monday 28 April is a working day.
    assert date(2031, 4, 27).weekday() == 6
    assert date(2031, 4, 26) in feestdagen(2031)
    assert is_werkdag(date(2031, 4, 28))
    # 27 April 2027 is a Tuesday: not a working day
    assert not is_werkdag(date(2027, 4, 27))


def test_easter_goede_vrijdag_and_tweede_paasdag_are_not_working_days():
    # Easter 2027: Sunday 28 March; Goede Vrijdag 26 March, Tweede Paasdag 29 March.
    assert not is_werkdag(date(2027, 3, 26))
    assert not is_werkdag(date(2027, 3, 29))
    assert is_werkdag(date(2027, 3, 25))
    assert is_werkdag(date(2027, 3, 30))


def test_weekend_is_not_a_working_day():
    assert not is_werkdag(date(2026, 11, 21))  # Saturday
    assert not is_werkdag(date(2026, 11, 22))  # Sunday
    assert is_werkdag(date(2026, 11, 23))


def test_extra_day_by_decree_is_not_a_working_day():
    extra = frozenset({date(2026, 6, 10)})
    assert is_werkdag(date(2026, 6, 10))
    assert not is_werkdag(date(2026, 6, 10), extra=extra)
    # Tue 9 June + 1 working day skips the decree day Wed 10 June
    assert werkdagen_na(date(2026, 6, 9), 1, extra=extra) == date(2026, 6, 11)


def test_order_on_thursday_before_easter_gets_reminder_by_wednesday():
    # Thu 2 Apr 2026; Fri 3 (Goede Vrijdag), Sat, Sun, Mon 6 (Tweede Paasdag) do not count:
    # Tue 7 = 1st working day, Wed 8 = 2nd.
    assert werkdagen_na(date(2026, 4, 2), 2) == date(2026, 4, 8)


def test_werkdagen_na_zero_is_the_date_itself_or_the_next_working_day():
    assert werkdagen_na(date(2026, 4, 2), 0) == date(2026, 4, 2)
    assert werkdagen_na(date(2026, 4, 3), 0) == date(2026, 4, 7)  # Goede Vrijdag → Tuesday
    assert volgende_werkdag(date(2026, 12, 24)) == date(2026, 12, 24)
    assert volgende_werkdag(date(2026, 12, 25)) == date(2026, 12, 28)  # Fri 25, Sat 26, Sun 27


def test_werkdagen_na_counts_over_new_year():
    # Wed 31 Dec 2025 + 1: Thu 1 Jan 2026 is Nieuwjaarsdag → Fri 2 Jan.
    assert werkdagen_na(date(2025, 12, 31), 1) == date(2026, 1, 2)


def test_werkdagen_na_refuses_negative():
    with pytest.raises(ValueError, match="negatief"):
        werkdagen_na(date(2026, 1, 5), -1)


def test_five_day_term_from_letter_before_easter_ends_wednesday():
    # DOMAIN.md: Thu 2 Apr 2026 + 5 days = Tue 7 Apr (a working day, Atw art. 1 does nothing), but the term
    # holds only one working day (Fri 3 Goede Vrijdag, Mon 6 Tweede Paasdag), so art. 2 extends it to Wed 8.
    assert termijn_einde_dagen(date(2026, 4, 2), 5) == date(2026, 4, 8)


def test_term_ending_on_a_saturday_moves_to_monday():
    # Mon 16 Nov 2026 + 5 = Sat 21 Nov → Mon 23 Nov (art. 1); it then holds Tue 17..Fri 20 + Mon: ≥ 2.
    assert termijn_einde_dagen(date(2026, 11, 16), 5) == date(2026, 11, 23)


def test_term_ending_on_koningsdag_moves_to_next_day():
    # Wed 22 Apr 2026 + 5 = Mon 27 Apr (Koningsdag) → Tue 28 Apr.
    assert termijn_einde_dagen(date(2026, 4, 22), 5) == date(2026, 4, 28)


def test_short_term_is_not_extended_by_article_2():
    # A 2-day term is under art. 2's minimum of three days: Thu 24 Dec 2026 + 2 = Sat 26 → Mon 28 (art. 1 only).
    assert termijn_einde_dagen(date(2026, 12, 24), 2) == date(2026, 12, 28)


@given(
    start=st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 12, 31)),
    n=st.integers(min_value=1, max_value=30),
)
def test_werkdagen_na_lands_on_a_working_day_with_exactly_n_working_days_after_start(start, n):
    einde = werkdagen_na(start, n)
    assert is_werkdag(einde)
    tussen = [start + timedelta(days=i) for i in range(1, (einde - start).days + 1)]
    assert sum(is_werkdag(d) for d in tussen) == n


@given(
    start=st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 12, 31)),
    dagen=st.integers(min_value=3, max_value=60),
)
def test_term_end_is_a_working_day_not_before_the_nominal_end_and_holds_two_working_days(start, dagen):
    einde = termijn_einde_dagen(start, dagen)
    assert is_werkdag(einde)
    assert einde >= start + timedelta(days=dagen)
    assert sum(is_werkdag(start + timedelta(days=i)) for i in range(1, (einde - start).days + 1)) >= 2
