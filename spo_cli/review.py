"""The case in plain words for the officer's own terminal: item labels ("the defendant's work at
Fenwick Logistics (Mon-Fri 07:00-15:30)" rather than `work[0]`), the review screen, and the
application as the court will see it for the authorising officer.

These texts show what the officer typed; they go to the terminal only, never to a log or an
error message (those name field paths)."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from .model import Case, Severity
from .typed import describe_date, describe_when

COMMITMENT_WORDS = {"religion": "religious commitment", "work": "work",
                    "education": "education"}
_REF = re.compile(r"\b(religion|work|education)\[(\d+)\]")


def words(value: Any) -> str:
    """A value as a person reads it."""
    if isinstance(value, date):
        return describe_date(value)
    if isinstance(value, dict):
        if {"from", "to"} <= set(value):
            return describe_when(value)
        if "given" in value or "family" in value:
            return " ".join(str(value.get(k) or "") for k in ("given", "family")).strip()
        if "years" in value:
            return f"{value['years']} years"
        if "weeks" in value:
            return f"{value['weeks']} weeks"
        if "until" in value:
            return f"until {describe_date(value['until'])}"
        if "name" in value:
            return str(value["name"])
    if isinstance(value, list):
        return ", ".join(words(v) for v in value)
    if value == "until_further_order":
        return "until further order"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, str) and re.fullmatch(r"[a-z_]+", value):
        return value.replace("_", " ")
    return str(value if value is not None else "")


def commitment(data: dict[str, Any], kind: str, index: int) -> str:
    """'the defendant's work at Fenwick Logistics (Mon-Fri 07:00-15:30)'."""
    item = Case(data).get("defendant", "commitments", kind, index)
    text = f"the defendant's {COMMITMENT_WORDS[kind]}"
    if not isinstance(item, dict):
        return text
    place = (item.get("place") or {}).get("name") if isinstance(item.get("place"), dict) \
        else None
    text += f" at {place}" if place else (f" ({item['description']})"
                                          if item.get("description") else "")
    when = describe_when(item.get("when"))
    return f"{text} ({when})" if when else text


def plain(message: str, data: dict[str, Any]) -> str:
    """A rule's message with `work[0]` and the like in words (terminal only)."""
    return _REF.sub(lambda m: commitment(data, m.group(1), int(m.group(2))), message)


def item_label(data: dict[str, Any], list_path: tuple[str, ...], index: int) -> str:
    """One item of a list, in a line: 'C2, 3 March 2026 until 30 April 2026: following'."""
    item = Case(data).get(*list_path, index)
    if not isinstance(item, dict):
        return f"item {index + 1}"
    if list_path[-1] in COMMITMENT_WORDS:
        return commitment(data, list_path[-1], index)
    head = str(item.get("id") or item.get("ref") or item.get("measure") or
               item.get("statement") or item.get("court") or f"{index + 1}")
    detail = (words(item.get("name")) or _dates(item) or _short(item.get("text")) or
              _short(item.get("description")) or _short(item.get("why_insufficient")))
    return f"{head}: {detail}" if detail and detail != head else head


def _dates(item: dict[str, Any]) -> str:
    if not isinstance(item.get("date"), date):
        return ""
    text = describe_date(item["date"])
    if isinstance(item.get("date_to"), date):
        text += f" until {describe_date(item['date_to'])}"
    return text + (f" ({words(item.get('behaviours'))})" if item.get("behaviours") else "")


def _short(text: Any, size: int = 70) -> str:
    text = " ".join(str(text or "").split())
    return text if len(text) <= size else text[:size - 3] + "..."


def issue_lines(issues: list[Any], data: dict[str, Any]) -> list[str]:
    return [f"  {i.severity} {i.rule} {i.path}: {plain(i.message, data)} [{i.source}]"
            for i in issues]


def court_view(data: dict[str, Any], issues: list[Any]) -> str:
    """The application as the court will see it: what the authorising officer signs off."""
    case = Case(data)
    people = {p.get("id"): words(p.get("name")) for _, p in case.items("protected_persons")}
    out = [f"Application for a stalking protection order ({words(case.kind)}) "
           f"{case.get('application', 'reference') or ''}",
           f"  Date of complaint: {words(case.get('application', 'date'))}; defendant "
           f"{words(case.get('defendant', 'name'))}"]
    out.append("Grounds - acts associated with stalking (s.1(1)(a)):")
    for _, act in case.items("conduct"):
        when = _dates(dict(act)) or "(no date)"
        out.append(f"  {act.get('id')} {when}: {_short(act.get('description'), 200)} "
                   f"[exhibits: {words(act.get('evidence')) or 'none'}]")
    assessment = case.mapping("risk", "assessment")
    out += ["Risk (s.1(1)(b)):",
            f"  {words(assessment.get('tool'))} on {words(assessment.get('date'))}: "
            f"{words(assessment.get('level'))}. {_short(case.get('risk', 'summary'), 300)}",
            "Necessity (s.1(1)(c)):", f"  {_short(case.get('necessity', 'summary'), 300)}"]
    out += [f"  Considered instead: {m.get('measure')} - {_short(m.get('why_insufficient'))}"
            for _, m in case.items("necessity", "other_measures")]
    out.append("Terms sought:")
    for group, noun in (("prohibitions", "Prohibition"), ("requirements", "Requirement")):
        for _, term in case.items("conditions", group):
            protects = ", ".join(people.get(p, str(p)) for p in term.get("protects") or [])
            who = (f"protects {protects}" if protects else
                   f"provided by {term.get('supervisor')}" if term.get("supervisor") else "")
            out += [f"  {noun} {term.get('id')}: {_short(term.get('text'), 300)}",
                    f"    {who + '; ' if who else ''}risk addressed: "
                    f"{_short(term.get('risk_addressed'), 200)}"]
            if term.get("when"):
                out.append(f"    when: {describe_when(term.get('when'))}")
            given = term.get("zone")
            zone = given if isinstance(given, dict) else {}
            if zone.get("postcodes"):
                out.append(f"    zone: {words(zone.get('postcodes'))}")
    for _, why in case.items("conditions", "conflict_justifications"):
        out.append(f"  Clash accepted: {why.get('condition')} with "
                   f"{plain(str(why.get('commitment')), data)}: {_short(why.get('reason'))}")
    out.append(f"Duration sought: {words(case.get('application', 'order_sought', 'duration'))}")
    if case.interim_sought:
        out += [f"Interim order: sought for {words(case.get('application', 'interim_period'))}",
                f"  {_short(case.get('application', 'interim_grounds', 'summary'), 300)}"]
    else:
        out.append("Interim order: not sought")
    hearing = case.mapping("application", "hearing")
    court = case.mapping("force", "courts", str(hearing.get("court")))
    out.append(f"Hearing: {court.get('name') or 'court not chosen'}" + (
        f", {words(hearing.get('date'))}" if hearing.get("date") else ", not yet listed") + (
        f" at {hearing.get('time')}" if hearing.get("time") else ""))
    out.append(f"Children protected: {len(case.children()) or 'none'}")
    warnings = [i for i in issues if i.severity is Severity.WARNING]
    out.append(f"Open warnings: {len(warnings) or 'none'}")
    out += issue_lines(warnings, data)
    return "\n".join(out)
