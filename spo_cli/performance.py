"""The force's SPO performance figures from many cases' facts (HMICFRS 2024 recommendation 11;
APP (consultation draft 2026) 9.6-9.7). Pure: facts and a window in, plain data out.

Definitions (the README repeats them for readers of the report):
- a case is in the window when its application date is in [from, to]; orders made, breaches
  and transfers count when their own date is in the window;
- an order is in force on `to` when made on or before it, not yet past its last day, and not
  discharged or replaced by a renewal (matched by the court's order reference) by then;
- median: the middle value (the mean of the two middle values for an even count); 90th
  percentile: nearest rank, the smallest value with at least 90% of values at or below it.
"""

from __future__ import annotations

import math
import statistics
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from .facts import CaseFacts
from .rules.aftercare import BREACH_RESULTS, POST_ORDER_ACTIONS, RECORDING_DAYS

RESULTS = ("granted", "refused", "adjourned", "withdrawn")
KINDS = ("full", "interim", "variation", "renewal", "discharge")
RENEWAL_WINDOW_DAYS = 90
WORST = 5
GROUPINGS = ("court", "station")
NOT_RECORDED = "(not recorded)"


@dataclass(frozen=True)
class Window:
    """The reporting period, both ends included."""

    start: date
    end: date

    def holds(self, day: str | None) -> bool:
        """Whether an ISO date falls in the window."""
        return day is not None and self.start <= date.fromisoformat(day) <= self.end


def _days(start: str | None, end: str | None) -> int | None:
    if start is None or end is None:
        return None
    return (date.fromisoformat(end) - date.fromisoformat(start)).days


def percentile(values: list[int], share: float) -> int:
    """Nearest-rank percentile of a non-empty list."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def spread(pairs: Iterable[tuple[str, int | None]]) -> dict[str, Any]:
    """n, median, 90th percentile and the five longest (reference, days) of some intervals."""
    known = [(ref, days) for ref, days in pairs if days is not None]
    values = [days for _, days in known]
    if not values:
        return {"n": 0, "median": None, "p90": None, "worst": []}
    worst = sorted(known, key=lambda p: (-p[1], p[0]))[:WORST]
    return {"n": len(values), "median": statistics.median(values),
            "p90": percentile(values, 0.9),
            "worst": [{"reference": ref, "days": days} for ref, days in worst]}


def in_force(facts: list[CaseFacts], on: date) -> list[CaseFacts]:
    """Orders in force on `on` (see the module's definitions)."""
    ended = {f.changes_order: date.fromisoformat(f.decided_on) for f in facts
             if f.kind in ("discharge", "renewal") and f.result == "granted" and f.changes_order
             and f.decided_on}
    found = []
    for fact in facts:
        if fact.order_made_on is None or date.fromisoformat(fact.order_made_on) > on:
            continue
        if not fact.order_until_further_order and (
                fact.order_expires_on is None or date.fromisoformat(fact.order_expires_on) < on):
            continue
        if fact.order_reference and ended.get(fact.order_reference, date.max) <= on:
            continue
        found.append(fact)
    return found


def _month(day: str) -> str:
    return day[:7]


def _months(window: Window) -> list[str]:
    months, day = [], window.start.replace(day=1)
    while day <= window.end:
        months.append(day.isoformat()[:7])
        day = (day + timedelta(days=32)).replace(day=1)
    return months


def report(facts: list[CaseFacts], window: Window, by: str | None = None) -> dict[str, Any]:
    """Every figure of `spo report`, as plain data (the JSON format is exactly this)."""
    applied = [f for f in facts if window.holds(f.applied_on)]
    decided = [f for f in facts if window.holds(f.decided_on) and f.result]
    made = [f for f in facts if window.holds(f.order_made_on)]
    current = in_force(facts, window.end)
    result = {
        "window": {"from": window.start.isoformat(), "to": window.end.isoformat()},
        "headline": {},
        "applications": _applications(applied, window),
        "outcomes": _outcomes(decided, window),
        "orders_made": {"count": len(made),
                        "by_kind": {k: sum(f.order_kind == k for f in made)
                                    for k in ("full", "interim")},
                        "renewed": sum(f.kind == "renewal" for f in made)},
        "interim": {"sought": sum(f.interim_sought for f in applied),
                    "made": sum(f.order_kind == "interim" for f in made)},
        "orders_in_force": {"count": len(current),
                            "references": sorted(f.reference for f in current)},
        "times": _times(applied, made),
        "terms": _terms(made),
        "breaches": _breaches(facts, window, len(current)),
        "post_order": _post_order(current, window.end),
        "renewals_due": _renewals_due(current, window.end),
        "children": {"child_defendants": sum(f.child_defendant for f in applied),
                     "yjs_consulted": sum(f.child_defendant and f.yjs_consulted
                                          for f in applied)},
        "transfers": {"out": sum(window.holds(f.transfer_sent_on) for f in facts),
                      "in": sum(window.holds(f.transfer_received_on) for f in facts)},
    }
    if by:
        result["by"] = {"grouping": by, "groups": _groups(facts, window, by)}
    result["headline"] = _headline(result)
    return result


def _applications(applied: list[CaseFacts], window: Window) -> dict[str, Any]:
    by_month = {m: dict.fromkeys(KINDS, 0) for m in _months(window)}
    for fact in applied:
        if fact.kind in KINDS:
            by_month[_month(fact.applied_on or "")][fact.kind] += 1
    kinds = Counter(f.kind for f in applied)
    changes = {kind: {"applied": kinds[kind],
                      "granted": sum(f.kind == kind and f.result == "granted" for f in applied)}
               for kind in ("renewal", "variation", "discharge")}
    return {"total": len(applied), "by_kind": {k: kinds[k] for k in KINDS},
            "by_month": by_month, "changes": changes}


def _outcomes(decided: list[CaseFacts], window: Window) -> dict[str, Any]:
    by_month = {m: dict.fromkeys(RESULTS, 0) for m in _months(window)}
    for fact in decided:
        if fact.result in RESULTS:
            by_month[_month(fact.decided_on or "")][fact.result] += 1
    counts = Counter(f.result for f in decided)
    refused = [f for f in decided if f.result == "refused"]
    return {"by_result": {r: counts[r] for r in RESULTS}, "by_month": by_month,
            "refused": {"count": len(refused),
                        "reasons_recorded": sum(f.reasons_recorded for f in refused),
                        "references": sorted(f.reference for f in refused)}}


def _times(applied: list[CaseFacts], made: list[CaseFacts]) -> dict[str, Any]:
    return {
        "report_to_complaint": spread((f.reference, _days(f.first_reported_on, f.applied_on))
                                      for f in applied),
        "complaint_to_hearing": spread((f.reference, _days(f.applied_on, f.hearing_on))
                                       for f in applied),
        "hearing_to_order": spread((f.reference, _days(f.hearing_on, f.order_made_on))
                                   for f in made),
        "complaint_to_order": spread((f.reference, _days(f.applied_on, f.order_made_on))
                                     for f in made),
        "complaint_to_order_days": sorted(d for f in made
                                          if (d := _days(f.applied_on, f.order_made_on))
                                          is not None),
    }


def _terms(made: list[CaseFacts]) -> dict[str, Any]:
    full = [f for f in made if f.order_kind == "full" and f.kind == "full"]
    used = Counter(term for f in made for term in set(f.terms))
    return {"full_orders": len(full),
            "with_positive_requirement": sum(f.requirements > 0 for f in full),
            "share_with_positive_requirement": _share(sum(f.requirements > 0 for f in full),
                                                      len(full)),
            "most_used": [{"term": t, "orders": n} for t, n in
                          sorted(used.items(), key=lambda kv: (-kv[1], kv[0]))]}


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 3) if whole else None


def _breaches(facts: list[CaseFacts], window: Window, current: int) -> dict[str, Any]:
    found = [(f.reference, b) for f in facts for b in f.breaches if window.holds(b.date)]
    counts = Counter(b.result for _, b in found)
    return {"count": len(found), "by_result": {r: counts[r] for r in BREACH_RESULTS},
            "per_order_in_force": round(len(found) / current, 2) if current else None,
            "without_reassessment": sorted({ref for ref, b in found if not b.reassessed})}


def _post_order(current: list[CaseFacts], on: date) -> dict[str, Any]:
    due = [f for f in current if f.order_made_on and
           date.fromisoformat(f.order_made_on) + timedelta(days=RECORDING_DAYS) < on]
    missing = [f for f in due if f.missing_actions]
    return {"orders_checked": len(due), "orders_missing_actions": len(missing),
            "references": sorted(f.reference for f in missing),
            "by_action": {a: sum(a in f.missing_actions for f in missing)
                          for a in POST_ORDER_ACTIONS}}


def _renewals_due(current: list[CaseFacts], on: date) -> list[dict[str, str]]:
    last = on + timedelta(days=RENEWAL_WINDOW_DAYS)
    due = [f for f in current if not f.order_until_further_order and f.order_expires_on
           and on < date.fromisoformat(f.order_expires_on) <= last]
    return [{"reference": f.reference, "expires_on": f.order_expires_on or ""}
            for f in sorted(due, key=lambda f: (f.order_expires_on or "", f.reference))]


def _groups(facts: list[CaseFacts], window: Window, by: str) -> list[dict[str, Any]]:
    key: Callable[[CaseFacts], str] = (
        (lambda f: f.court or NOT_RECORDED) if by == "court"
        else (lambda f: f.station or NOT_RECORDED))
    grouped: dict[str, list[CaseFacts]] = defaultdict(list)
    for fact in facts:
        grouped[key(fact)].append(fact)
    rows = []
    for name, members in sorted(grouped.items()):
        applied = [f for f in members if window.holds(f.applied_on)]
        made = [f for f in members if window.holds(f.order_made_on)]
        decided = Counter(f.result for f in members if window.holds(f.decided_on))
        row = {"name": name, "applications": len(applied),
               **{r: decided[r] for r in RESULTS},
               "orders_in_force": len(in_force(members, window.end)),
               "median_days_complaint_to_order": spread(
                   (f.reference, _days(f.applied_on, f.order_made_on)) for f in made)["median"],
               "breaches": sum(window.holds(b.date) for f in members for b in f.breaches)}
        if row["applications"] or row["orders_in_force"] or any(decided.values()):
            rows.append(row)
    return rows


CSV_COLUMNS = (
    "reference", "kind", "applied_on", "court", "station", "interim_sought", "result",
    "decided_on", "order_kind", "order_made_on", "order_expires_on", "until_further_order",
    "in_force_on_to", "days_report_to_complaint", "days_complaint_to_hearing",
    "days_hearing_to_order", "days_complaint_to_order", "positive_requirements", "terms",
    "missing_post_order_actions", "breaches_in_window", "breaches_without_reassessment",
    "renewal_due_90_days", "child_defendant", "yjs_consulted", "transfer_sent_on",
    "transfer_received_on")


def case_rows(facts: list[CaseFacts], window: Window) -> list[dict[str, Any]]:
    """One row per case applied for in the window or with an order in force at its end, with
    the per-case measures (the CSV format)."""
    current = {id(f) for f in in_force(facts, window.end)}
    renew_by = window.end + timedelta(days=RENEWAL_WINDOW_DAYS)
    rows = []
    for f in sorted(facts, key=lambda f: (f.applied_on or "", f.reference)):
        if not (window.holds(f.applied_on) or id(f) in current):
            continue
        rows.append({
            "reference": f.reference, "kind": f.kind, "applied_on": f.applied_on,
            "court": f.court, "station": f.station, "interim_sought": f.interim_sought,
            "result": f.result, "decided_on": f.decided_on, "order_kind": f.order_kind,
            "order_made_on": f.order_made_on, "order_expires_on": f.order_expires_on,
            "until_further_order": f.order_until_further_order,
            "in_force_on_to": id(f) in current,
            "days_report_to_complaint": _days(f.first_reported_on, f.applied_on),
            "days_complaint_to_hearing": _days(f.applied_on, f.hearing_on),
            "days_hearing_to_order": _days(f.hearing_on, f.order_made_on),
            "days_complaint_to_order": _days(f.applied_on, f.order_made_on),
            "positive_requirements": f.requirements, "terms": ";".join(f.terms),
            "missing_post_order_actions": ";".join(f.missing_actions),
            "breaches_in_window": sum(window.holds(b.date) for b in f.breaches),
            "breaches_without_reassessment": sum(window.holds(b.date) and not b.reassessed
                                                 for b in f.breaches),
            "renewal_due_90_days": bool(
                id(f) in current and not f.order_until_further_order and f.order_expires_on
                and window.end < date.fromisoformat(f.order_expires_on) <= renew_by),
            "child_defendant": f.child_defendant, "yjs_consulted": f.yjs_consulted,
            "transfer_sent_on": f.transfer_sent_on,
            "transfer_received_on": f.transfer_received_on,
        })
    return rows


def _headline(result: dict[str, Any]) -> dict[str, Any]:
    outcomes = result["outcomes"]["by_result"]
    return {
        "applications": result["applications"]["total"],
        "orders_made": result["orders_made"]["count"],
        "refused": outcomes["refused"],
        "orders_in_force": result["orders_in_force"]["count"],
        "median_days_complaint_to_order": result["times"]["complaint_to_order"]["median"],
        "share_with_positive_requirement": result["terms"]["share_with_positive_requirement"],
        "breaches": result["breaches"]["count"],
        "orders_missing_post_order_actions": result["post_order"]["orders_missing_actions"],
        "renewals_due_90_days": len(result["renewals_due"]),
    }
