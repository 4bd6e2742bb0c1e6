"""Context groups for the terms of an order: each prohibition and requirement printed in full
as the court would make it (its zone, times, locality, period), and the defendant's
commitments with how the terms avoid them (s.2(3))."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..model import Case, Condition, commitments, conditions
from ..rules.clash import clashes, unverifiable
from . import text as t
from .context import Options, builder


def zone_text(zone: Any) -> str:
    """Everything that defines a zone, in words: the circle, the postcodes, the streets and the
    map. '' when there is no zone. `includes` (what lies inside) is not printed: on a served
    order it would tell the defendant where a protected person lives or works; nor are a
    circle's coordinates when a map shows its centre (they could pinpoint a home)."""
    if not isinstance(zone, Mapping):
        return ""
    exhibit = t.text(zone.get("map_exhibit"))
    parts = []
    centre, radius = zone.get("centre"), zone.get("radius_m")
    if isinstance(centre, Mapping) and isinstance(radius, (int, float)):
        where = t.text(zone.get("centre_name")) or (
            f"the point marked on the map at exhibit {exhibit}" if exhibit else
            f"the point at latitude {centre.get('lat')}, longitude {centre.get('lon')}")
        parts.append(f"the area within {t.metres(radius)} of {where}")
    parts += [_postcode_words(str(p)) for p in zone.get("postcodes") or []]
    streets = [str(s) for s in zone.get("streets") or []]
    if streets:
        parts.append(f"{'the street' if len(streets) == 1 else 'the streets'} "
                     f"{t.joined(streets)}")
    text = t.joined(parts)
    if exhibit:
        shown = f"shown on the map at exhibit {exhibit}"
        text = f"{text}, as {shown}" if text else f"the area {shown}"
    return t.sentence(f"The zone is {text}") if text else ""


def _postcode_words(value: str) -> str:
    """'NT2 9HH' -> 'the postcode NT2 9HH'; 'NT8' -> 'the postcode district NT8';
    'NT1 6' -> 'the postcode sector NT1 6'."""
    words = value.split()
    if len(words) == 2 and len(words[1]) == 3:
        return f"the postcode {value}"
    if len(words) == 2:
        return f"the postcode sector {value}"
    if len(value) >= 5 and value[-3].isdigit() and value[-2:].isalpha():
        return f"the postcode {value}"
    return f"the postcode district {value}"


def term_row(case: Case, condition: Condition, names: Mapping[str, str]) -> dict[str, Any]:
    """One term as every form prints it."""
    raw = condition.raw
    protects = [names[i] for i in condition.protects if i in names]
    if not condition.protects and condition.group == "requirements":
        protects = list(names.values())  # a requirement without `protects` protects everyone
    row = {
        "no": condition.id,
        "text": t.sentence(t.named(condition.text, names)),
        "protects": ", ".join(protects) or t.blank("person protected"),
        "risk": t.sentence(t.named(t.text(raw.get("risk_addressed")), names))
                or t.blank("risk addressed"),
        "locality": t.sentence(t.text(raw.get("locality")))
                    or "Throughout the United Kingdom.",
        "limit": f" Locality: {t.sentence(t.text(raw.get('locality')))}"
                 if t.text(raw.get("locality")) else "",
        "zone": zone_text(raw.get("zone")),
        "when": _when(raw.get("when")),
        "until": f"It has effect until {t.long_date(raw.get('until'))}."
                 if raw.get("until") else "",
        "supervisor": t.text(raw.get("supervisor"), t.blank("provider or supervisor")),
        "exceptions": "Exception: " + t.continuing(t.sentence(t.named(
            t.text(raw.get("exceptions")), names))) if t.text(raw.get("exceptions")) else "",
    }
    row["full"] = " ".join(row[k] for k in ("text", "zone", "when", "until", "exceptions")
                           if row[k])
    return row


def _when(value: Any) -> str:
    text = t.when_text(value)
    return f"Times: {text}." if text else ""


def terms(case: Case, group: str) -> list[dict[str, Any]]:
    """The case's prohibitions or requirements, in the case's order and numbering."""
    names = case_names(case)
    return [term_row(case, c, names) for c in conditions(case) if c.group == group]


def case_names(case: Case) -> dict[str, str]:
    """Protected person id -> printed name (a served form names people, never by id)."""
    return case.protected_names


@builder("prohibitions")
def prohibitions(case: Case, options: Options) -> list[dict[str, Any]]:
    return terms(case, "prohibitions")


@builder("requirements")
def requirements(case: Case, options: Options) -> list[dict[str, Any]]:
    return terms(case, "requirements")


@builder("commitments")
def commitment_rows(case: Case, options: Options) -> list[dict[str, Any]]:
    justified = {(j.get("condition"), j.get("commitment")): t.text(j.get("reason"))
                 for _, j in case.items("conditions", "conflict_justifications")}
    rows = []
    for item in commitments(case):
        raw = case.mapping(*item.path)
        rows.append({"kind": item.kind.capitalize(), "description": t.text(raw.get("description")),
                     "when": t.when_text(raw.get("when")) or t.blank("times not recorded"),
                     "how": _how(case, item, justified)})
    return rows


def _how(case: Case, item: Any, justified: Mapping[tuple[Any, Any], str]) -> str:
    """What can honestly be said of the terms and this commitment: a clash and its
    justification, no clash, or which terms could not be checked and why."""
    clashing = [c for c in conditions(case) if clashes(c, item)]
    if clashing:
        return "; ".join(f"{c.id} clashes with it; why that cannot be avoided: "
                         f"{justified.get((c.id, item.ref)) or 'NOT JUSTIFIED'}"
                         for c in clashing)
    if item.when is None and item.place is None:
        return t.blank("times and place not recorded: not checked against the terms")
    unchecked = [c.id for c in conditions(case)
                 if (c.zone is not None and (item.place is None or unverifiable(c, item)))
                 or (c.zone is None and c.when is not None and item.when is None)]
    if unchecked:
        return (f"No clash with the other terms. Not checked against {t.joined(unchecked)}: "
                "a zone shown only on a map, or times or a place not recorded.")
    return "No term clashes with it."
