"""Dates, times and weekly schedules the way people type them, and the same values printed the
way people read them. Errors are sentences about the form, never echoing a case value."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from .model import DAYS

MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
          "september", "october", "november", "december")
_DAY_WORDS = {w: name[:3] for name in ("monday", "tuesday", "wednesday", "thursday", "friday",
                                        "saturday", "sunday")
              for w in (name, name[:3], name[:4], name[:5], name[:-3] + "s")}
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_UK = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{2,4})")
_WORDS = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]+)\s+(\d{2,4})")
_TIME = re.compile(r"([01]?\d|2[0-3])[:.]([0-5]\d)")
_AMPM = re.compile(r"(\d{1,2})(?:[:.](\d{2}))?\s*([ap])\.?m\.?", re.IGNORECASE)
DATE_FORM = "write the date as 20/11/2026 or 2026-11-20"


def parse_date(text: str) -> date:
    """2026-11-20, 20/11/2026 (UK order) or 20 November 2026."""
    text = text.strip()
    for pattern, order in ((_ISO, "ymd"), (_UK, "dmy"), (_WORDS, "dMy")):
        found = pattern.fullmatch(text)
        if found:
            return _make(found.groups(), order)
    raise ValueError(DATE_FORM)


def _make(parts: tuple[str, ...], order: str) -> date:
    values = dict(zip(order, parts, strict=True))
    if "M" in values:
        month = next((i + 1 for i, m in enumerate(MONTHS)
                      if len(values["M"]) >= 3 and m.startswith(values["M"].lower())), None)
        if month is None:
            raise ValueError(DATE_FORM)
    else:
        month = int(values["m"])
    if len(values["y"]) != 4:
        raise ValueError("write the year in full (2026, not 26)")
    day, year = int(values["d"]), int(values["y"])
    if not 1 <= month <= 12:
        raise ValueError(f"there is no month {month}; {DATE_FORM}")
    try:
        return date(year, month, day)
    except ValueError:
        raise ValueError(f"{day} {MONTHS[month - 1].title()} {year} does not exist") from None


def parse_time(text: str) -> str:
    """HH:MM, 24-hour. "10am" is refused with the way to write it."""
    text = text.strip()
    found = _TIME.fullmatch(text)
    if found:
        return f"{int(found.group(1)):02d}:{found.group(2)}"
    ampm = _AMPM.fullmatch(text)
    if ampm:
        hour = int(ampm.group(1)) % 12 + (12 if ampm.group(3).lower() == "p" else 0)
        if hour < 24 and int(ampm.group(2) or 0) < 60:
            raise ValueError(f"write the time as {hour:02d}:{ampm.group(2) or '00'} "
                             "(24-hour clock)")
    raise ValueError("write the time as HH:MM on the 24-hour clock, e.g. 15:30")


def parse_date_range(text: str) -> tuple[date, date | None]:
    """One date, or a range: '01/03/2026 until 30/04/2026' (also 'to')."""
    parts = re.split(r"\s+(?:until|to|till)\s+|\s+-\s+", text.strip(), maxsplit=1)
    start = parse_date(parts[0])
    if len(parts) == 1:
        return start, None
    end = parse_date(parts[1])
    if end < start:
        raise ValueError("the range ends before it starts; write the earlier date first")
    return start, (end if end != start else None)


def parse_schedule(text: str) -> dict[str, Any]:
    """'Mon-Fri 07:00-15:30', 'Fri 12:30-14:00', 'Sat, Sun 22:00-06:00' -> {days, from, to}.
    A window that ends before it starts runs past midnight (the caller confirms it)."""
    found = re.fullmatch(r"(.+?)\s+(\S+)\s*(?:-|to|until)\s*(\S+)", text.strip())
    if not found:
        raise ValueError("write the days and times as e.g. Mon-Fri 07:00-15:30")
    days = parse_days(found.group(1))
    start, end = parse_time(found.group(2)), parse_time(found.group(3))
    if start == end:
        raise ValueError("the window starts and ends at the same time")
    return {"days": days, "from": start, "to": end}


def parse_days(text: str) -> list[str]:
    """'Mon-Fri', 'mon, wed', 'daily', 'weekdays' -> ['mon', ...] in week order."""
    text = text.strip().lower()
    if text in ("daily", "every day", "mon-sun"):
        return list(DAYS)
    if text == "weekdays":
        return list(DAYS[:5])
    chosen: set[str] = set()
    for part in re.split(r"\s*(?:,|and|&)\s*|\s+", text):
        if not part:
            continue
        ends = [_day(p) for p in part.split("-")]
        if len(ends) == 2:
            a, b = DAYS.index(ends[0]), DAYS.index(ends[1])
            chosen.update(DAYS[(a + i) % 7] for i in range((b - a) % 7 + 1))
        elif len(ends) == 1:
            chosen.add(ends[0])
        else:
            raise ValueError("write the days as e.g. Mon-Fri, or Sat, Sun")
    return [d for d in DAYS if d in chosen]


def _day(word: str) -> str:
    day = _DAY_WORDS.get(word)
    if day is None:
        raise ValueError("write the days as e.g. Mon-Fri, or Sat, Sun")
    return day


def overnight(when: Any) -> bool:
    """Whether a {from, to} window runs past midnight."""
    return isinstance(when, dict) and str(when.get("to", "")) < str(when.get("from", ""))


def describe_when(when: Any) -> str:
    """'Mon-Fri 07:00-15:30', or '22:00 to 06:00 (next day)' for an overnight window."""
    if not isinstance(when, dict):
        return ""
    days = describe_days(when.get("days") or [])
    start, end = when.get("from"), when.get("to")
    if start is None or end is None:
        return days
    window = (f"{start} to {end} (next day)" if overnight(when) else f"{start}-{end}")
    return f"{days} {window}".strip()


def describe_days(days: list[str]) -> str:
    known = [d for d in DAYS if d in days]
    if not known:
        return ""
    if len(known) == 7:
        return "every day"
    first, last = DAYS.index(known[0]), DAYS.index(known[-1])
    if len(known) > 2 and known == list(DAYS[first:last + 1]):
        return f"{known[0].title()}-{known[-1].title()}"
    return ", ".join(d.title() for d in known)


def describe_date(value: Any) -> str:
    """20 November 2026 (the form people read)."""
    if isinstance(value, date):
        return f"{value.day} {MONTHS[value.month - 1].title()} {value.year}"
    return str(value or "")


def months_between(earlier: date, later: date) -> int:
    return (later.year - earlier.year) * 12 + later.month - earlier.month - (
        later.day < earlier.day)
