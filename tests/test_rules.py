"""Rule behaviour at the edges: ages, the 2-year discharge window, 21 clear days, the
limitation warning, ranks, and the content hash that seals an authorisation."""

from __future__ import annotations

import copy
from datetime import date, timedelta

import pytest
from conftest import FIXTURES

from spo_cli.model import Case, content_hash
from spo_cli.rules import RULES, check_case
from spo_cli.yaml_io import load_case_file


def load(name):
    return load_case_file(FIXTURES / name).data


def rules_for(data, **case_kw):
    return {(i.rule, str(i.severity)) for i in check_case(Case(data, **case_kw))}


def edited(name, edit):
    data = copy.deepcopy(load(name))
    edit(data)
    return data


@pytest.mark.parametrize("born,fired", [
    (date(2016, 11, 3), {("defendant-age", "error")}),      # 9 on the application date
    (date(2016, 11, 2), {("yjs-consultation", "error")}),   # 10th birthday that day
    (date(2008, 11, 3), {("yjs-consultation", "error")}),   # 17, one day short of 18
    (date(2008, 11, 2), set()),                              # 18 that day: an adult
])
def test_age_boundaries_on_the_application_date(born, fired):
    def edit(d):
        d["defendant"]["date_of_birth"] = born
        d.pop("yjs_consultation")
    got = rules_for(edited("child-defendant-yjs.yaml", edit))
    assert got & {("defendant-age", "error"), ("yjs-consultation", "error")} == fired


@pytest.mark.parametrize("applied,fires", [
    (date(2027, 3, 9), True),     # last day of the 2 years beginning 10 March 2025
    (date(2027, 3, 10), False),
])
def test_discharge_consent_window(applied, fires):
    def edit(d):
        d["application"]["date"] = applied
        d["discharge"]["defendant_consents"] = False
    assert (("discharge-consent", "error") in rules_for(edited("discharge.yaml", edit))) is fires


@pytest.mark.parametrize("hearing,served,fires", [
    (date(2026, 12, 7), date(2026, 11, 16), True),    # 20 clear days
    (date(2026, 12, 7), date(2026, 11, 15), False),   # hearing minus 22: 21 clear days
    (date(2026, 12, 15), date(2026, 11, 24), True),   # "21 days before" is not 21 clear days
    (date(2026, 12, 15), date(2026, 11, 23), False),
    (date(2028, 3, 22), date(2028, 2, 29), False),    # across a leap day
    (date(2028, 3, 22), date(2028, 3, 1), True),
])
def test_hearsay_notice_needs_21_clear_days_and_only_warns(hearing, served, fires):
    def edit(d):
        d["application"]["hearing"]["date"] = hearing
        d["hearsay"] = [{"statement": "SP/4", "contested": True, "notice_served_on": served,
                         "filed_on": served}]
    issues = [i for i in check_case(Case(edited("full-with-interim.yaml", edit)))
              if i.rule == "hearsay-notice"]
    assert bool(issues) is fires
    for issue in issues:  # late notice goes to weight, not admissibility: never an error
        assert issue.severity == "warning"
        assert "r.3(2)" in issue.message and "s.2(4)" in issue.message
        assert (hearing - timedelta(days=22)).isoformat() in issue.message


def test_hearsay_court_direction_is_noted():
    def edit(d):
        d["hearsay"] = [{"statement": "SP/4", "notice_served_on": date(2026, 12, 10),
                         "filed_on": date(2026, 12, 10), "court_direction": "7 days allowed."}]
    [issue] = [i for i in check_case(Case(edited("full-with-interim.yaml", edit)))
               if i.rule == "hearsay-notice"]
    assert issue.severity == "warning" and "direction" in issue.message


@pytest.mark.parametrize("latest,fires", [(date(2026, 5, 19), True), (date(2026, 5, 20), False)])
def test_limitation_boundary_is_six_calendar_months(latest, fires):
    def edit(d):
        d["conduct"] = [dict(c, date=latest) for c in d["conduct"]]
    got = rules_for(edited("full-with-interim.yaml", edit))
    assert (("limitation", "warning") in got) is fires


@pytest.mark.parametrize("rank,ok", [
    ("Superintendent", True), ("Acting Superintendent", True), ("T/Superintendent", True),
    ("chief superintendent", True), ("Assistant Chief Constable", True),
    ("Chief Inspector", False), ("Acting Chief Inspector", False), ("Inspector", False),
])
def test_authorisation_rank(rank, ok):
    data = edited("full-authorised-hearsay.yaml",
                  lambda d: d["authorisation"]["officer"].update(rank=rank))
    assert (("authorisation-rank", "error") not in rules_for(data)) is ok


def test_content_hash_ignores_the_authorisation_and_key_order_but_not_values():
    data = load("full-authorised-hearsay.yaml")
    reordered = dict(reversed(list(data.items())))
    assert content_hash(reordered) == content_hash(data)
    assert content_hash({**data, "authorisation": {}}) == content_hash(data)
    changed = copy.deepcopy(data)
    changed["conduct"][0]["description"] += "."
    assert content_hash(changed) != content_hash(data)


def test_comment_change_keeps_authorisation_valid(tmp_path):
    text = (FIXTURES / "full-authorised-hearsay.yaml").read_text()
    path = tmp_path / "case.yaml"
    path.write_text("# a new comment\n" + text.replace("\nnecessity:\n", "\nnecessity:  # ok\n"))
    assert "# ok" in path.read_text()
    assert "authorisation-stale" not in {r for r, _ in rules_for(load_case_file(path).data)}


def test_interim_conflict_cites_s5():
    def edit(d):
        d["conditions"]["requirements"][0]["when"] = {"days": ["mon"], "from": "14:00",
                                                      "to": "16:00"}
    [issue] = [i for i in check_case(Case(edited("full-with-interim.yaml", edit)))
               if i.rule == "conflict-work"]
    assert issue.source == "SPA 2019 s.2(3)(b); s.5(4)(b) for the interim order"


def test_rules_survive_wrong_types_when_the_schema_already_objects():
    data = edited("full-with-interim.yaml", lambda d: d.update(conduct="lots", risk=[1]))
    issues = check_case(Case(data), frozenset({"conduct", "risk"}))
    assert not [i for i in issues if i.path.startswith(("conduct", "risk"))]


def test_every_rule_has_a_source_and_summary():
    for rule in RULES.values():
        assert rule.source and rule.summary, rule.id
    unverified = [r.id for r in RULES.values() if "UNVERIFIED" in r.source]
    assert {"discharge-consent", "vrd-necessity", "limitation"} <= set(unverified)
