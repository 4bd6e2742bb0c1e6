"""Dates, times and weekly windows the way people type them; refusals say how to write them."""

from __future__ import annotations

from datetime import date

import pytest

from spo_cli.typed import (
    describe_when,
    parse_date,
    parse_date_range,
    parse_schedule,
    parse_time,
)


@pytest.mark.parametrize("typed,expected", [
    ("2026-11-20", date(2026, 11, 20)), ("20/11/2026", date(2026, 11, 20)),
    ("5/3/2026", date(2026, 3, 5)), ("20.11.2026", date(2026, 11, 20)),
    ("20 November 2026", date(2026, 11, 20)), ("1st Mar 2026", date(2026, 3, 1)),
])
def test_dates_in_uk_and_iso_order(typed, expected):
    assert parse_date(typed) == expected


@pytest.mark.parametrize("typed,message", [
    ("31/02/2026", "31 February 2026 does not exist"),
    ("2026-02-31", "31 February 2026 does not exist"),
    ("29/02/2027", "29 February 2027 does not exist"),
    ("20/11/26", "write the year in full"), ("20/13/2026", "there is no month 13"),
    ("next Tuesday", "write the date as 20/11/2026 or 2026-11-20"),
])
def test_impossible_dates_say_why(typed, message):
    with pytest.raises(ValueError, match=message):
        parse_date(typed)


@pytest.mark.parametrize("typed,expected", [("10:00", "10:00"), ("7:05", "07:05"),
                                            ("15.30", "15:30")])
def test_times(typed, expected):
    assert parse_time(typed) == expected


@pytest.mark.parametrize("typed,hint", [("10am", "write the time as 10:00"),
                                        ("3:30pm", "write the time as 15:30"),
                                        ("25:00", "24-hour clock")])
def test_times_refused_with_the_way_to_write_them(typed, hint):
    with pytest.raises(ValueError, match=hint):
        parse_time(typed)


@pytest.mark.parametrize("typed,days,printed", [
    ("Mon-Fri 07:00-15:30", ["mon", "tue", "wed", "thu", "fri"], "Mon-Fri 07:00-15:30"),
    ("Fri 12:30-14:00", ["fri"], "Fri 12:30-14:00"),
    ("sat, sun 22:00-06:00", ["sat", "sun"], "Sat, Sun 22:00 to 06:00 (next day)"),
    ("tues 17:00 to 19:00", ["tue"], "Tue 17:00-19:00"),
    ("daily 09:00-10:00", list(("mon", "tue", "wed", "thu", "fri", "sat", "sun")),
     "every day 09:00-10:00"),
])
def test_weekly_windows_and_overnight_printing(typed, days, printed):
    when = parse_schedule(typed)
    assert when["days"] == days
    assert describe_when(when) == printed


def test_date_ranges_for_a_campaign():
    assert parse_date_range("01/03/2026 until 30/04/2026") == (date(2026, 3, 1),
                                                                date(2026, 4, 30))
    assert parse_date_range("16/11/2026") == (date(2026, 11, 16), None)
    with pytest.raises(ValueError, match="ends before it starts"):
        parse_date_range("30/04/2026 until 01/03/2026")
