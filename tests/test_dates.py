"""Date arithmetic of domain reference section 8, pinned, including leap days."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from spo_cli.rules import dates

D = date


@pytest.mark.parametrize("made,last", [
    (D(2027, 1, 15), D(2029, 1, 14)),
    (D(2027, 3, 1), D(2029, 2, 28)),
    (D(2028, 2, 29), D(2030, 2, 28)),   # leap-day start: the anniversary is 1 March
    (D(2026, 3, 1), D(2028, 2, 29)),    # the period ends on a leap day
    (D(2026, 12, 31), D(2028, 12, 30)),
])
def test_minimum_last_day_of_a_full_order(made, last):
    assert dates.minimum_last_day(made) == last


@pytest.mark.parametrize("served,due", [
    (D(2026, 11, 20), D(2026, 11, 22)),
    (D(2028, 2, 28), D(2028, 3, 1)),    # across a leap day
    (D(2027, 2, 27), D(2027, 3, 1)),
    (D(2026, 12, 31), D(2027, 1, 2)),
])
def test_notification_due_is_the_third_day_counting_service(served, due):
    assert dates.notification_due(served) == due


@pytest.mark.parametrize("hearing,latest", [
    (D(2026, 12, 7), D(2026, 11, 15)),   # 21 clear days: neither end counts
    (D(2026, 12, 15), D(2026, 11, 23)),
    (D(2028, 3, 22), D(2028, 2, 29)),
    (D(2027, 3, 22), D(2027, 2, 28)),
])
def test_hearsay_latest_service_leaves_21_clear_days(hearing, latest):
    assert dates.hearsay_latest_service(hearing) == latest


@pytest.mark.parametrize("day,months,expected", [
    (D(2026, 11, 20), 6, D(2026, 5, 20)),
    (D(2026, 8, 31), 6, D(2026, 2, 28)),
    (D(2028, 8, 31), 6, D(2028, 2, 29)),
    (D(2027, 1, 15), 6, D(2026, 7, 15)),
])
def test_months_before_clamps_to_month_end(day, months, expected):
    assert dates.months_before(day, months) == expected


@pytest.mark.parametrize("born,on,age", [
    (D(2008, 11, 23), D(2026, 11, 23), 18),    # 18th birthday: an adult that day
    (D(2008, 11, 24), D(2026, 11, 23), 17),
    (D(2008, 2, 29), D(2026, 2, 28), 17),      # leap-day birthday counts from 1 March
    (D(2008, 2, 29), D(2026, 3, 1), 18),
    (D(2016, 11, 24), D(2026, 11, 23), 9),
])
def test_age_on(born, on, age):
    assert dates.age_on(born, on) == age


def test_other_clocks():
    assert dates.cross_examination_deadline(D(2026, 11, 1)) == D(2026, 11, 8)
    assert dates.transfer_acceptance_due(D(2026, 11, 10)) == D(2026, 11, 17)


@given(st.dates(min_value=D(1900, 1, 1), max_value=D(2200, 12, 31)))
def test_two_year_period_is_at_least_two_years_and_never_a_day_more(made):
    last = dates.minimum_last_day(made)
    assert dates.age_on(made, last) == 1          # one day short of the second anniversary
    assert dates.age_on(made, last + (last - last).__class__(days=1)) == 2


@given(st.dates(min_value=D(1900, 1, 1), max_value=D(2200, 12, 31)),
       st.integers(min_value=0, max_value=1200))
def test_months_before_never_moves_forward(day, months):
    earlier = dates.months_before(day, months)
    assert earlier <= day
    assert (day.year * 12 + day.month) - (earlier.year * 12 + earlier.month) == months
