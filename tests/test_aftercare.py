"""The post-order rules at their edges: 7 days after the order (APP (consultation draft 2026)
9.6), a risk reassessment on or after a breach (9.7), and which outcomes make an order."""

from __future__ import annotations

import copy
from datetime import date

import pytest
from conftest import FIXTURES

from spo_cli.model import Case
from spo_cli.rules import check_case
from spo_cli.yaml_io import load_case_file

BASE = load_case_file(FIXTURES / "transfer-ready.yaml").data  # order made 2025-06-30


def issues(data, today, rule):
    return [i for i in check_case(Case(data, today=today)) if i.rule == rule]


def without(actions):
    data = copy.deepcopy(BASE)
    data["outcome"]["recorded"] = [r for r in data["outcome"]["recorded"]
                                   if r["action"] not in actions]
    return data


@pytest.mark.parametrize("today,missing,fired", [
    (date(2025, 7, 7), {"visor"}, 0),            # 7 days after the order: still in time
    (date(2025, 7, 8), {"visor"}, 1),            # the 8th day: flagged
    (date(2025, 7, 8), set(), 0),                # everything recorded
    (date(2026, 1, 1), {"pnc", "marker"}, 2),    # one warning per action missing
])
def test_post_order_actions_after_seven_days(today, missing, fired):
    found = issues(without(missing), today, "post-order-actions")
    assert len(found) == fired
    assert all(i.severity == "warning" and i.path == "outcome.recorded" for i in found)
    assert all(i.source == "APP (consultation draft 2026) 9.6" for i in found)
    assert sorted(a for a in missing if any(f"'{a}'" in i.message for i in found)) == \
        sorted(missing if fired else ())


@pytest.mark.parametrize("result,kind,fires", [
    ("granted", "full", True), ("refused", "full", False), ("withdrawn", "full", False),
    ("granted", "variation", False),  # a variation changes an order; it makes no new one
])
def test_only_a_made_order_needs_post_order_actions(result, kind, fires):
    data = without({"pnc"})
    data["outcome"]["result"] = result
    data["application"]["kind"] = kind
    if result != "granted":
        data["outcome"].pop("order_made")
    assert bool(issues(data, date(2026, 1, 1), "post-order-actions")) is fires


@pytest.mark.parametrize("breach_on,reassessed_on,fires", [
    (date(2026, 10, 25), None, True),                  # after the latest assessment (20 Oct)
    (date(2026, 10, 25), date(2026, 10, 25), False),   # reassessed the same day
    (date(2026, 10, 25), date(2026, 10, 24), True),    # an assessment before it doesn't count
    (date(2026, 10, 20), None, False),                 # the transfer's assessment that day
])
def test_breach_needs_a_risk_reassessment_after_it(breach_on, reassessed_on, fires):
    data = copy.deepcopy(BASE)
    breach = {"date": breach_on, "term": "P1", "reported_on": breach_on, "result": "pending"}
    if reassessed_on:
        breach["risk_reassessed_on"] = reassessed_on
    data["breaches"] = [breach]
    found = issues(data, date(2026, 11, 20), "breach-reassessment")
    assert bool(found) is fires
    assert all(i.path == "breaches[0]" and i.severity == "warning" for i in found)


@pytest.mark.parametrize("edit,path", [
    (lambda d: d["outcome"]["recorded"].append({"action": "email", "date": date(2025, 7, 1)}),
     "outcome.recorded[6].action"),
    (lambda d: d["outcome"]["recorded"].append({"action": "pnc"}), "outcome.recorded[6].date"),
    (lambda d: d.update(breaches=[{"date": date(2026, 1, 1), "term": "P1",
                                   "reported_on": date(2026, 1, 1), "result": "dropped"}]),
     "breaches[0].result"),
    (lambda d: d.update(history={"first_reported_on": "last spring"}),
     "history.first_reported_on"),
])
def test_schema_refuses_malformed_post_order_keys(edit, path):
    from spo_cli.schema import validate

    data = copy.deepcopy(BASE)
    edit(data)
    found = [i for i in validate(Case(data)) if i.rule == "schema"]
    assert [i.path for i in found] == [path]
