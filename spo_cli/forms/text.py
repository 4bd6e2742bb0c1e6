"""How facts are written on the forms: dates, names, addresses, yes/no, blanks."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from ..model import court_date, person_name  # noqa: F401  (person_name: re-exported)

BEHAVIOURS = {
    "following": "following",
    "contacting": "contacting, or attempting to contact",
    "publishing_material": "publishing material about or claiming to be from them",
    "monitoring_electronic_communications": "monitoring electronic communications",
    "loitering": "loitering",
    "interfering_with_property": "interfering with property",
    "watching_or_spying": "watching or spying",
    "other": "other",
}
AREA_BASIS = {
    "resides": "The defendant resides in the police area (s.1(3)(a)).",
    "in_area": "The chief officer believes the defendant is in the police area (s.1(3)(b)).",
    "intends_to_come": "The chief officer believes the defendant intends to come to the police "
                       "area (s.1(3)(b)).",
}
DAY_NAMES = {"mon": "Mon", "tue": "Tue", "wed": "Wed", "thu": "Thu", "fri": "Fri", "sat": "Sat",
             "sun": "Sun"}


def blank(what: str) -> str:
    """A clearly marked gap for a fact of a later stage, never a silent one."""
    return f"[{what}: ______________]"


def long_date(value: Any, missing: str = "date") -> str:
    """20 November 2026."""
    return court_date(value) if isinstance(value, date) else blank(missing)


def lines(address: Any) -> str:
    """An address on one line."""
    return ", ".join(str(x) for x in address) if isinstance(address, list) else ""


def yes_no(value: Any) -> str:
    """Yes / No / Not recorded."""
    return {True: "Yes", False: "No"}.get(value, "Not recorded")


def when_text(when: Any) -> str:
    """Mon, Tue 17:00-19:00."""
    if not isinstance(when, Mapping):
        return ""
    days = ", ".join(DAY_NAMES.get(d, str(d)) for d in when.get("days") or [])
    return f"{days} {when.get('from', '')}-{when.get('to', '')}"


def text(value: Any, default: str = "") -> str:
    """A value as text, or `default` when absent."""
    return str(value).strip() if value not in (None, "") else default
