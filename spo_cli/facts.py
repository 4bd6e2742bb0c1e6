"""The facts `spo report` needs from one case file: references, dates, courts, stations,
counts and vocabulary keys. Never a name, an address or free text: what is not here cannot
reach a report (and the report's index holds exactly this).

Pure: a Case in, a CaseFacts out. Dates are ISO strings so the facts round-trip through JSON.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from .law import ADULT_AGE
from .model import Case, conditions, label
from .rules.aftercare import missing_actions, order_made_on, reassessed_after

FACTS_VERSION = 1  # bump when CaseFacts or its extraction changes: cached facts are re-read
OTHER_TERM = "other"  # a term that does not open with a catalogue clause's words


@dataclass(frozen=True)
class Breach:
    """A reported breach (s.8): when, which term, the result, and whether risk was reassessed."""

    date: str
    term: str
    result: str
    reassessed: bool


@dataclass(frozen=True)
class CaseFacts:
    """One case file as the report sees it."""

    reference: str
    kind: str
    applied_on: str | None
    first_reported_on: str | None      # history.first_reported_on, else the first act
    hearing_on: str | None
    court: str | None                  # the court's name (courts are public bodies)
    station: str | None                # the applicant officer's station
    interim_sought: bool
    result: str | None                 # granted, refused, adjourned, withdrawn; None: pending
    decided_on: str | None
    reasons_recorded: bool
    order_kind: str | None             # full or interim, when an order was made
    order_made_on: str | None
    order_expires_on: str | None
    order_until_further_order: bool
    order_reference: str | None        # the court's reference of the order made here
    changes_order: str | None          # existing_order.reference (variation, renewal, ...)
    requirements: int
    terms: tuple[str, ...]             # catalogue keys of the proposed terms (or "other")
    recorded: tuple[str, ...]          # post-order actions recorded with a date
    missing_actions: tuple[str, ...]
    breaches: tuple[Breach, ...] = ()
    child_defendant: bool = False
    yjs_consulted: bool = False
    transfer_sent_on: str | None = None
    transfer_received_on: str | None = None
    force: str | None = None           # the force's name and protective marking
    marking: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready values."""
        return asdict(self)

    @classmethod
    def from_dict(cls, raw: Mapping[str, Any]) -> CaseFacts:
        """Back from `to_dict` (the index's stored form)."""
        values = dict(raw)
        values["breaches"] = tuple(Breach(**b) for b in raw.get("breaches") or ())
        for key in ("terms", "recorded", "missing_actions"):
            values[key] = tuple(raw.get(key) or ())
        return cls(**values)


@dataclass(frozen=True)
class Clause:
    """A catalogue clause as a pattern: its key and the fixed words it opens with."""

    key: str
    opening: str

    @classmethod
    def from_catalogue(cls, catalogue: Mapping[str, Any]) -> tuple[Clause, ...]:
        """From workflows/conditions.yaml's mapping (prohibitions and requirements)."""
        found = []
        for group in ("prohibitions", "requirements"):
            for entry in catalogue.get(group) or []:
                text = str(entry.get("text", "")).split("{", 1)[0]
                opening = _words(text)
                if entry.get("key") and len(opening.split()) >= 2:
                    found.append(cls(str(entry["key"]), opening))
        # the longest opening first: "not to contact" must not take a longer, closer clause
        return tuple(sorted(found, key=lambda c: -len(c.opening)))


def _words(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))


def term_key(text: str, clauses: Iterable[Clause]) -> str:
    """The catalogue key of the clause a term opens with, else OTHER_TERM."""
    words = _words(text)
    return next((c.key for c in clauses if words.startswith(c.opening)), OTHER_TERM)


def _iso(value: Any) -> str | None:
    return value.isoformat() if isinstance(value, date) else None


def _first_report(case: Case) -> date | None:
    reported = case.date("history", "first_reported_on")
    if reported:
        return reported
    acts = [d for _, c in case.items("conduct") for d in [c.get("date")] if isinstance(d, date)]
    return min(acts, default=None)


def _court(case: Case) -> str | None:
    key = case.get("application", "hearing", "court")
    if not isinstance(key, str):
        return None
    name = case.get("force", "courts", key, "name")
    return name.strip() if isinstance(name, str) and name.strip() else key


def _text(case: Case, *path: str) -> str | None:
    return case.text(*path) or None


def extract(case: Case, clauses: Iterable[Clause] = ()) -> CaseFacts:
    """The report's facts of a loaded, schema-valid case."""
    clauses = tuple(clauses)
    made = order_made_on(case)
    order = case.mapping("outcome", "order_made")
    applied = case.application_date
    breaches = tuple(
        Breach(b["date"].isoformat(), label(b.get("term"), "?"), str(b.get("result")),
               reassessed_after(case, b["date"], b.get("risk_reassessed_on")))
        for _, b in case.items("breaches") if isinstance(b.get("date"), date))
    kind = str(case.kind or "")
    return CaseFacts(
        reference=str(case.get("application", "reference") or ""),
        kind=kind,
        applied_on=_iso(applied),
        first_reported_on=_iso(_first_report(case)),
        hearing_on=_iso(case.date("application", "hearing", "date")),
        court=_court(case),
        station=_text(case, "applicant_officer", "station"),
        interim_sought=case.interim_sought,
        result=case.text("outcome", "result") or None,
        decided_on=_iso(case.date("outcome", "date")),
        reasons_recorded=bool(case.text("outcome", "reasons")),
        order_kind=_order_kind(case) if made else None,
        order_made_on=_iso(made),
        order_expires_on=_iso(case.date("outcome", "order_made", "expires_on")) if made else None,
        order_until_further_order=bool(made and order.get("until_further_order") is True),
        order_reference=_text(case, "outcome", "order_made", "reference"),
        changes_order=_text(case, "existing_order", "reference"),
        requirements=len(case.items("conditions", "requirements")),
        terms=tuple(term_key(c.text, clauses) for c in conditions(case)),
        recorded=tuple(_recorded(case)),
        missing_actions=tuple(missing_actions(case)) if made else (),
        breaches=breaches,
        child_defendant=(case.defendant_age() or ADULT_AGE) < ADULT_AGE,
        yjs_consulted=bool(case.date("yjs_consultation", "date")),
        transfer_sent_on=_iso(case.date("transfer", "sent_on")),
        transfer_received_on=_iso(case.date("history", "received_on")),
        force=_text(case, "force", "name"),
        marking=_text(case, "force", "marking"),
    )


def _order_kind(case: Case) -> str:
    """full or interim: as made, else the order renewed or varied, else the kind applied for."""
    kind = case.get("outcome", "order_made", "kind") or case.get("existing_order", "kind")
    if kind in ("full", "interim"):
        return str(kind)
    return "interim" if case.get("application", "kind") == "interim" else "full"


def _recorded(case: Case) -> list[str]:
    return [str(item["action"]) for _, item in case.items("outcome", "recorded")
            if isinstance(item.get("date"), date) and isinstance(item.get("action"), str)]
