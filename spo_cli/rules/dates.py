"""Date arithmetic of the Act and the rules (domain reference section 8)."""

from __future__ import annotations

import calendar
from datetime import date, timedelta


def anniversary(start: date, years: int) -> date:
    """The same calendar date `years` later; 29 February becomes 1 March in a common year."""
    try:
        return start.replace(year=start.year + years)
    except ValueError:
        return date(start.year + years, 3, 1)


def last_day_of_years(start: date, years: int) -> date:
    """Last day of a period of `years` beginning with `start` (s.3(2))."""
    return anniversary(start, years) - timedelta(days=1)


def minimum_last_day(made_on: date) -> date:
    """Earliest permitted last day of a fixed-term full SPO: 2 years beginning with made_on."""
    return last_day_of_years(made_on, 2)


def notification_due(served_on: date) -> date:
    """Last day to notify name and address: 3 days beginning with the day of service (s.9(1))."""
    return served_on + timedelta(days=2)


def hearsay_latest_service(hearing: date) -> date:
    """Latest day to serve and file a hearsay notice: 21 days before the hearing (r.3(1))."""
    return hearing - timedelta(days=21)


def cross_examination_deadline(notice_served_on: date) -> date:
    """Last day to apply to cross-examine a hearsay maker (r.4(2)(b))."""
    return notice_served_on + timedelta(days=7)


def transfer_acceptance_due(sent_on: date) -> date:
    """Receiving force's acceptance due (APP 9.8)."""
    return sent_on + timedelta(days=7)


def months_before(day: date, months: int) -> date:
    """The same day `months` calendar months earlier, clamped to the month's end."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def age_on(born: date, on: date) -> int:
    """Age in whole years on `on` (a 29 February birthday counts from 1 March)."""
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))
