"""The case as the rules and forms see it: frozen values read from a loaded document.

Accessors are tolerant of wrong types (they return None or empty) so that rules can still run
on a file with schema errors; the schema reports the types.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum
from functools import cached_property
from typing import Any

from . import law
from .law import age_on, last_day_of_years
from .terms import (  # noqa: F401  (re-exported: the rules and forms import them from here)
    COMMITMENT_KINDS,
    DAYS,
    Commitment,
    Condition,
    Place,
    When,
    Zone,
    commitments,
    conditions,
    label,
    normalise_postcode,
)

Path_ = tuple[str | int, ...]
Date = date  # `Case.date` (a method) hides the type inside the class's annotations


class Severity(StrEnum):
    """`error` blocks a final render; `warning` does not."""

    ERROR = "error"
    WARNING = "warning"


class Kind(StrEnum):
    """The application kinds of the contract."""

    FULL = "full"
    INTERIM = "interim"
    VARIATION = "variation"
    RENEWAL = "renewal"
    DISCHARGE = "discharge"


APPLICATIONS = (Kind.FULL, Kind.INTERIM)
CHANGES = (Kind.VARIATION, Kind.RENEWAL, Kind.DISCHARGE)


_KEY = re.compile(r"[A-Za-z0-9_-]{1,40}")
# "the map at exhibit SP/3" in a term's words: the exhibit must then be listed and produced.
_EXHIBIT_IN_TEXT = re.compile(r"\bexhibits? ([A-Z]{1,6}/\d{1,4})\b", re.IGNORECASE)


def format_path(path: Path_) -> str:
    """('conditions', 'prohibitions', 1, 'zone') -> 'conditions.prohibitions[1].zone'. A key
    that does not look like a field name (someone typed data as a key) shows as '(key)'."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
            continue
        name = str(part) if _KEY.fullmatch(str(part)) else "(key)"
        text += f".{name}" if text else name
    return text


@dataclass(frozen=True)
class Issue:
    """One finding of `spo check`, in the contract's shape."""

    rule: str
    severity: Severity
    path: str
    line: int | None
    column: int | None
    message: str
    source: str

    def to_dict(self) -> dict[str, Any]:
        """The contract's JSON object."""
        return {"rule": self.rule, "severity": str(self.severity), "path": self.path,
                "line": self.line, "column": self.column, "message": self.message,
                "source": self.source}


@dataclass(frozen=True)
class Case:
    """A loaded case file: its data, where each field is, and which exhibit files exist."""

    data: Mapping[str, Any]
    positions: Mapping[Path_, tuple[int, int]] = field(default_factory=dict)
    present_files: frozenset[str] = frozenset()
    today: Date | None = None  # None: the real date; fixed by `spo check --as-of`

    def get(self, *path: str | int) -> Any:
        """The value at `path`, or None if any step is missing or of the wrong type."""
        value: Any = self.data
        for part in path:
            if isinstance(part, int):
                if not isinstance(value, list) or part >= len(value):
                    return None
            elif not isinstance(value, Mapping):
                return None
            value = value[part] if isinstance(part, int) else value.get(part)
        return value

    def mapping(self, *path: str | int) -> Mapping[str, Any]:
        """The mapping at `path`, or an empty one."""
        value = self.get(*path)
        return value if isinstance(value, Mapping) else {}

    def items(self, *path: str | int) -> list[tuple[int, Mapping[str, Any]]]:
        """(index, mapping) for each mapping in the list at `path`."""
        value = self.get(*path)
        if not isinstance(value, list):
            return []
        return [(i, item) for i, item in enumerate(value) if isinstance(item, Mapping)]

    def cited_exhibits(self) -> list[tuple[Path_, str]]:
        """(where, reference) for each exhibit the case cites: the acts' evidence, a zone's
        map, a hearsay statement."""
        cited: list[tuple[Path_, str]] = []
        for index, item in self.items("conduct"):
            for j, ref in enumerate(item.get("evidence") or []):
                cited.append((("conduct", index, "evidence", j), str(ref)))
        for group in ("prohibitions", "requirements"):
            for index, item in self.items("conditions", group):
                zone = item.get("zone")
                if isinstance(zone, Mapping) and zone.get("map_exhibit"):
                    cited.append((("conditions", group, index, "zone", "map_exhibit"),
                                  str(zone["map_exhibit"])))
                for ref in _EXHIBIT_IN_TEXT.findall(str(item.get("text") or "")):
                    cited.append((("conditions", group, index, "text"), ref))
        for index, item in self.items("hearsay"):
            if item.get("statement"):
                cited.append((("hearsay", index, "statement"), str(item["statement"])))
        return cited

    def date(self, *path: str | int) -> Date | None:
        """The date at `path`, or None."""
        value = self.get(*path)
        return value if isinstance(value, date) else None

    def text(self, *path: str | int) -> str:
        """The text at `path` stripped, or '' when absent or not text."""
        value = self.get(*path)
        return value.strip() if isinstance(value, str) else ""

    def position(self, path: Path_) -> tuple[int | None, int | None]:
        """Line and column of `path`, or of its nearest ancestor present in the file."""
        for end in range(len(path), -1, -1):
            if path[:end] in self.positions:
                return self.positions[path[:end]]
        return None, None

    @property
    def kind(self) -> Kind | None:
        """The application kind, if valid."""
        value = self.get("application", "kind")
        return Kind(value) if isinstance(value, str) and value in Kind._value2member_map_ else None

    @property
    def application_date(self) -> Date | None:
        """The date of complaint (a complaint is made, not laid: MCA 1980 s.51)."""
        return self.date("application", "date")

    @property
    def interim_sought(self) -> bool:
        """An interim order is applied for (kind interim, or full with interim_sought)."""
        return self.kind is Kind.INTERIM or (
            self.kind is Kind.FULL and self.get("application", "interim_sought") is True)

    def person_ids(self) -> set[str]:
        """Ids of the protected persons."""
        return {str(p.get("id")) for _, p in self.items("protected_persons") if p.get("id")}

    @cached_property
    def protected_names(self) -> dict[str, str]:
        """Protected person id -> printed name ("Given Family"), in file order."""
        return {str(p.get("id")): person_name(p.get("name"))
                for _, p in self.items("protected_persons") if p.get("id")}

    @property
    def as_of(self) -> Date:
        """The date checks treat as today (fixed by `--as-of` for reproducible runs)."""
        return self.today or date.today()

    @property
    def hearing_date(self) -> Date | None:
        """The listed hearing date, if any."""
        return self.date("application", "hearing", "date")

    @cached_property
    def duration(self) -> Duration | None:
        """The duration sought (`application.order_sought.duration`), decoded once."""
        return Duration.read(self.get("application", "order_sought", "duration"))

    def age(self, born_path: Path_, on: Date | None = None) -> int | None:
        """Age in whole years of the date of birth at `born_path` on `on` (default: the date
        of complaint); None when either date is unknown."""
        born, on = self.date(*born_path), on or self.application_date
        return age_on(born, on) if born and on else None

    def defendant_age(self, on: Date | None = None) -> int | None:
        """The defendant's age on `on` (default: the date of complaint)."""
        return self.age(("defendant", "date_of_birth"), on)

    def children(self) -> list[tuple[int, Mapping[str, Any]]]:
        """(index, person) for each protected person under 18 on the date of complaint."""
        return [(i, p) for i, p in self.items("protected_persons")
                if (age := self.age(("protected_persons", i, "date_of_birth"))) is not None
                and age < law.ADULT_AGE]

    @property
    def court_key(self) -> str | None:
        """The key in `force.courts` of the court the case uses: the hearing's court, else the
        only court listed. Never guessed among several."""
        courts = self.mapping("force", "courts")
        key = self.get("application", "hearing", "court")
        if isinstance(key, str) and key.strip():
            return key.strip()
        listed = [k for k, v in courts.items() if isinstance(v, Mapping)]
        return str(listed[0]) if len(listed) == 1 else None

    @property
    def court(self) -> Mapping[str, Any]:
        """The entry of `court_key` in `force.courts` (name, address, local_justice_area), or
        an empty mapping."""
        key = self.court_key
        return self.mapping("force", "courts", key) if key else {}

    @cached_property
    def interim_period(self) -> Duration | None:
        """The interim order's proposed fixed period (`application.interim_period`: weeks or
        an end date, s.5(6)), decoded once."""
        return Duration.read(self.get("application", "interim_period"))

    @property
    def order(self) -> Mapping[str, Any]:
        """The order a change or transfer is about: `existing_order`, else the order this case
        obtained (`outcome.order_made`)."""
        return self.mapping("existing_order") or self.mapping("outcome", "order_made")

    @property
    def order_duration(self) -> Duration | None:
        """How long `order` runs: until its expiry date, or until further order."""
        order = self.order
        if order.get("until_further_order") is True:
            return Duration(until_further_order=True)
        ends = order.get("expires_on")
        return Duration(until=ends) if isinstance(ends, date) else None

    @property
    def proposed_terms(self) -> list[Condition]:
        """The terms the court is asked to make: `conditions`; for a renewal with none given,
        the existing order's terms (a renewal keeps them unless it proposes others)."""
        proposed = list(conditions(self))
        if proposed or self.kind is not Kind.RENEWAL:
            return proposed
        return [Condition("existing", i, str(i + 1), text.strip(), (), None, None, {"text": text})
                for i, text in enumerate(self.get("existing_order", "conditions") or [])
                if isinstance(text, str) and text.strip()]

    @property
    def interim_replaced_served(self) -> bool:
        """A full application whose interim order (`existing_order`, kind interim) has been
        served: the full order will replace it, and s.9(1)(a) imposes no fresh initial
        notification duty (the duty arose when the interim order was served)."""
        return self.kind is Kind.FULL and self.get("existing_order", "kind") == "interim" \
            and isinstance(self.get("existing_order", "served_on"), date)

    @property
    def moved_on(self) -> Date | None:
        """When the defendant's home address changed, if known (`defendant.moved_on`, or a
        transfer's `move_date`): the s.9(4) clock runs from it."""
        return self.date("defendant", "moved_on") or self.date("transfer", "move_date")


def person_name(name: Any) -> str:
    """A name as printed: given names then family name."""
    if isinstance(name, Mapping):
        parts = (name.get("given"), name.get("family"))
        return " ".join(str(p).strip() for p in parts if isinstance(p, str) and p.strip())
    return str(name).strip() if isinstance(name, str) else ""


def court_date(value: date) -> str:
    """A date as a court writes it: 20 November 2026."""
    return f"{value.day} {value:%B %Y}"


@dataclass(frozen=True)
class Duration:
    """How long an order runs: whole years from the day it is made (s.3(2)), until a date, or
    until further order (s.3(1)(b)). Exactly one is set."""

    years: int | None = None
    until: date | None = None
    until_further_order: bool = False
    weeks: int | None = None    # an interim order's period (s.5(6))

    @classmethod
    def read(cls, value: Any) -> Duration | None:
        """From `{years: N}`, `{weeks: N}`, `{until: date}` or `until_further_order`; None
        otherwise."""
        if value == "until_further_order":
            return cls(until_further_order=True)
        if isinstance(value, Mapping):
            until = value.get("until")
            for key in ("years", "weeks"):
                number = value.get(key)
                if isinstance(number, int) and not isinstance(number, bool) and number > 0:
                    return cls(years=number) if key == "years" else cls(weeks=number)
            if isinstance(until, date):
                return cls(until=until)
        return None

    def words(self) -> str:
        """As a court writes it: '2 years', '1 year', 'until 14 January 2029', 'until further
        order'."""
        if self.until_further_order:
            return "until further order"
        if self.until is not None:
            return f"until {court_date(self.until)}"
        if self.weeks is not None:
            return f"{self.weeks} week" + ("" if self.weeks == 1 else "s")
        return f"{self.years} year" + ("" if self.years == 1 else "s")

    @property
    def citation(self) -> str:
        """The subsection it is made under: s.3(1)(b) or s.3(2)."""
        return law.UNTIL_FURTHER_ORDER if self.until_further_order else law.FIXED_PERIOD

    def last_day(self, made_on: date) -> date | None:
        """The last day of an order made on `made_on`; None until further order."""
        if self.years is not None:
            return last_day_of_years(made_on, self.years)
        if self.weeks is not None:
            return made_on + timedelta(weeks=self.weeks, days=-1)
        return self.until

    def meets_minimum(self, made_on: date) -> bool:
        """At least 2 years beginning with `made_on`, or until further order (s.3(2))."""
        last = self.last_day(made_on)
        return last is None or last >= law.minimum_last_day(made_on)


def content_hash(data: Mapping[str, Any]) -> str:
    """sha256 of the case's data without its authorisation: comments and layout don't count."""
    body = {k: v for k, v in data.items() if k != "authorisation"}
    canonical = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"),
                           default=_canonical_default)
    return "sha256:" + hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _canonical_default(value: Any) -> str:
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"cannot hash a {type(value).__name__}")
