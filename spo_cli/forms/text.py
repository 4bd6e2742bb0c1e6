"""How facts are written on the forms: dates, names, addresses, yes/no, blanks."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

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
    return f"{value.day} {value:%B %Y}" if isinstance(value, date) else blank(missing)


def person_name(name: Any) -> str:
    """Given names then family name."""
    if isinstance(name, Mapping):
        return f"{name.get('given', '')} {name.get('family', '')}".strip()
    return str(name or "")


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


NUMBER_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
                "ten")


def count(n: int, unit: str) -> str:
    """'1 year' -> 'one year', '3 years' -> 'three years': how a court writes a period."""
    word = NUMBER_WORDS[n] if 0 <= n < len(NUMBER_WORDS) else str(n)
    return f"{word} {unit}" if n == 1 else f"{word} {unit}s"


def sentence(value: str) -> str:
    """Text that ends with exactly one full stop (or its own ? or !), so that templates can
    print '{{ x }}' followed by more text without doubling it."""
    value = value.strip()
    return value if not value or value[-1] in ".?!" else value + "."


def joined(items: list[str], word: str = "and") -> str:
    """'a', 'a and b', 'a, b and c'."""
    items = [i for i in items if i]
    if len(items) < 2:
        return "".join(items)
    return f"{', '.join(items[:-1])} {word} {items[-1]}"


def metres(value: float) -> str:
    """800 -> '800 metres'; 1500 -> '1,500 metres'."""
    number = int(value) if float(value).is_integer() else value
    return f"{number:,} metres"
