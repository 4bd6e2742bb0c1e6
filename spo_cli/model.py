"""The case as the rules and forms see it: frozen values read from a loaded document.

Accessors are tolerant of wrong types (they return None or empty) so that rules can still run
on a file with schema errors; the schema reports the types.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

Path_ = tuple[str | int, ...]

COMMITMENT_KINDS = ("religion", "work", "education")
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


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


_LABEL = re.compile(r"[A-Za-z0-9][A-Za-z0-9/_.-]{0,31}")


def label(value: Any, fallback: str) -> str:
    """An id or exhibit ref fit to print in a message; anything else is replaced by `fallback`
    so that no free text from the case ever reaches a terminal or log."""
    return value if isinstance(value, str) and _LABEL.fullmatch(value) else fallback


_KEY = re.compile(r"[A-Za-z0-9_-]{1,40}")


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
    today: date | None = None  # None: the real date; fixed by `spo check --as-of`

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

    def date(self, *path: str | int) -> date | None:
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
    def application_date(self) -> date | None:
        """The date the complaint is laid."""
        return self.date("application", "date")

    @property
    def interim_sought(self) -> bool:
        """An interim order is applied for (kind interim, or full with interim_sought)."""
        return self.kind is Kind.INTERIM or (
            self.kind is Kind.FULL and self.get("application", "interim_sought") is True)

    def person_ids(self) -> set[str]:
        """Ids of the protected persons."""
        return {str(p.get("id")) for _, p in self.items("protected_persons") if p.get("id")}


@dataclass(frozen=True)
class When:
    """Days of the week and a daily time window, in minutes from midnight."""

    days: frozenset[str]
    start: int
    end: int

    @classmethod
    def read(cls, value: Any) -> When | None:
        """From `{days, from, to}`; None if absent or malformed."""
        if not isinstance(value, Mapping):
            return None
        start, end = _minutes(value.get("from")), _minutes(value.get("to"))
        days = value.get("days")
        if start is None or end is None or not isinstance(days, list):
            return None
        return cls(frozenset(str(d) for d in days), start, end)

    def overlaps(self, other: When) -> bool:
        """Whether the two windows share a moment (windows past midnight wrap)."""
        return any(a.days & b.days and a.start < b.end and b.start < a.end
                   for a in self._spans() for b in other._spans())

    def _spans(self) -> list[When]:
        if self.end > self.start:
            return [self]
        nxt = frozenset(DAYS[(DAYS.index(d) + 1) % 7] for d in self.days if d in DAYS)
        return [When(self.days, self.start, 24 * 60), When(nxt, 0, self.end)]


def _minutes(value: Any) -> int | None:
    if not isinstance(value, str) or len(value) != 5 or value[2] != ":":
        return None
    try:
        hours, minutes = int(value[:2]), int(value[3:])
    except ValueError:
        return None
    return hours * 60 + minutes if 0 <= hours <= 24 and 0 <= minutes < 60 else None


@dataclass(frozen=True)
class Place:
    """A place: its address lines and, where known, its coordinates."""

    address: tuple[str, ...]
    location: tuple[float, float] | None

    @classmethod
    def read(cls, value: Any) -> Place | None:
        """From `{name, address, location?}`."""
        if not isinstance(value, Mapping):
            return None
        lines = tuple(str(x) for x in value.get("address") or () if isinstance(x, str))
        return cls(lines, _latlon(value.get("location")))

    @property
    def postcode(self) -> str | None:
        """The last address line, normalised (no spaces, upper case)."""
        return normalise_postcode(self.address[-1]) if self.address else None


def normalise_postcode(text: str) -> str:
    """Upper case without spaces, for comparisons."""
    return "".join(text.split()).upper()


def _latlon(value: Any) -> tuple[float, float] | None:
    if isinstance(value, Mapping):
        lat, lon = value.get("lat"), value.get("lon")
        if isinstance(lat, (int, float)) and isinstance(lon, (int, float)):
            return float(lat), float(lon)
    return None


@dataclass(frozen=True)
class Zone:
    """Where a condition applies: by map, postcodes, streets or a circle."""

    map_exhibit: str | None
    postcodes: tuple[str, ...]
    streets: tuple[str, ...]
    centre: tuple[float, float] | None
    radius_m: float | None

    @classmethod
    def read(cls, value: Any) -> Zone | None:
        """From the contract's zone mapping."""
        if not isinstance(value, Mapping):
            return None
        radius = value.get("radius_m")
        return cls(
            value.get("map_exhibit") if isinstance(value.get("map_exhibit"), str) else None,
            tuple(str(x) for x in value.get("postcodes") or () if isinstance(x, str)),
            tuple(str(x) for x in value.get("streets") or () if isinstance(x, str)),
            _latlon(value.get("centre")),
            float(radius) if isinstance(radius, (int, float)) else None)

    @property
    def map_only(self) -> bool:
        """Given only by a map: nothing a machine can check."""
        return not (self.postcodes or self.streets or (self.centre and self.radius_m))


@dataclass(frozen=True)
class Condition:
    """A proposed prohibition or requirement."""

    group: str  # prohibitions | requirements
    index: int
    id: str
    text: str
    protects: tuple[str, ...]
    when: When | None
    zone: Zone | None
    raw: Mapping[str, Any]

    @property
    def path(self) -> Path_:
        """Where it is in the case file."""
        return ("conditions", self.group, self.index)


@dataclass(frozen=True)
class Commitment:
    """A religious, work or education commitment of the defendant (s.2(3))."""

    kind: str
    index: int
    place: Place | None
    when: When | None

    @property
    def ref(self) -> str:
        """How conflict_justifications name it: 'work[0]'."""
        return f"{self.kind}[{self.index}]"

    @property
    def path(self) -> Path_:
        """Where it is in the case file."""
        return ("defendant", "commitments", self.kind, self.index)


def conditions(case: Case) -> Iterator[Condition]:
    """Every prohibition then every requirement."""
    for group in ("prohibitions", "requirements"):
        for index, raw in case.items("conditions", group):
            protects = raw.get("protects")
            yield Condition(group, index, label(raw.get("id"), f"{group}[{index}]"),
                            raw.get("text") if isinstance(raw.get("text"), str) else "",
                            tuple(str(p) for p in protects) if isinstance(protects, list) else (),
                            When.read(raw.get("when")), Zone.read(raw.get("zone")), raw)


def commitments(case: Case) -> Iterator[Commitment]:
    """The defendant's commitments, in contract order."""
    for kind in COMMITMENT_KINDS:
        for index, raw in case.items("defendant", "commitments", kind):
            yield Commitment(kind, index, Place.read(raw.get("place")), When.read(raw.get("when")))


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
