"""How facts are written on the forms: dates, names, addresses, yes/no, blanks."""

from __future__ import annotations

import re
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


def count(n: int, unit: str) -> str:
    """'1 week', '12 weeks': never '1 weeks'."""
    return f"{n} {unit}" if n == 1 else f"{n} {unit}s"


def sentence(value: str) -> str:
    """Text that ends with exactly one full stop (or its own ? or !), so that templates can
    print '{{ x }}' followed by more text without doubling it."""
    value = value.strip()
    return value if not value or value[-1] in ".?!" else value + "."


def continuing(value: str) -> str:
    """Text that follows a colon: 'To attend court.' -> 'to attend court.' (an acronym or a
    name such as 'PNC' or 'Laura' is left alone)."""
    first = value.split(" ", 1)[0]
    if first[:1].isupper() and first[1:].islower() and first.lower() in _LOWER_STARTS:
        return value[0].lower() + value[1:]
    return value


_LOWER_STARTS = {"to", "when", "while", "for", "if", "in", "at", "on", "except", "unless",
                 "contact", "through", "by", "with", "via", "as"}


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


def section(citation: str) -> str:
    """'s.3(2)' -> 'section 3(2)': how a court document cites the Act."""
    return "section " + citation[2:] if citation.startswith("s.") else citation


def named(value: str, names: Mapping[str, str]) -> str:
    """Free text with each protected person's id (PP1) replaced by their name: a served form
    names people, never by an internal id."""
    if not value or not names:
        return value
    pattern = re.compile(r"\b(" + "|".join(re.escape(i) for i in sorted(names, key=len,
                                                                        reverse=True)) + r")\b")
    return pattern.sub(lambda m: names[m.group(1)], value)
