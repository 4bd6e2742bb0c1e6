"""The terms of an order and the defendant's commitments they must avoid (s.2(3)): when and
where each applies, read tolerantly from a loaded case."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .model import Case

Path_ = tuple[str | int, ...]
COMMITMENT_KINDS = ("religion", "work", "education")
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


_LABEL = re.compile(r"[A-Za-z0-9][A-Za-z0-9/_.-]{0,31}")


def label(value: Any, fallback: str) -> str:
    """An id or exhibit ref fit to print in a message; anything else is replaced by `fallback`
    so that no free text from the case ever reaches a terminal or log."""
    return value if isinstance(value, str) and _LABEL.fullmatch(value) else fallback


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
        """Where it is in the case file (group `existing`: a term of the existing order that a
        renewal keeps)."""
        if self.group == "existing":
            return ("existing_order", "conditions", self.index)
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
            protects, text = raw.get("protects"), raw.get("text")
            yield Condition(group, index, label(raw.get("id"), f"{group}[{index}]"),
                            text if isinstance(text, str) else "",
                            tuple(str(p) for p in protects) if isinstance(protects, list) else (),
                            When.read(raw.get("when")), Zone.read(raw.get("zone")), raw)


def commitments(case: Case) -> Iterator[Commitment]:
    """The defendant's commitments, in contract order."""
    for kind in COMMITMENT_KINDS:
        for index, raw in case.items("defendant", "commitments", kind):
            yield Commitment(kind, index, Place.read(raw.get("place")), When.read(raw.get("when")))


