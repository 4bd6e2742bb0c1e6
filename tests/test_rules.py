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

D = date


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


def issues_of(data, rule, **case_kw):
    return [i for i in check_case(Case(data, **case_kw)) if i.rule == rule]


def put(data, path, value):
    """Set `value` at a dotted path, creating mappings and list items on the way."""
    node = data
    parts = [int(p) if p.isdigit() else p for p in path.split(".")]
    for part, nxt in zip(parts, parts[1:], strict=False):
        if isinstance(part, int):
            while len(node) <= part:
                node.append({} if not isinstance(nxt, int) else [])
            node = node[part]
        else:
            node = node.setdefault(part, [] if isinstance(nxt, int) else {})
    if isinstance(parts[-1], int):
        while len(node) <= parts[-1]:
            node.append(None)
    node[parts[-1]] = value


SERVED_FIELDS = [  # every field a served form prints, as the contract lists them
    "conduct.0.location", "conduct.0.description", "protected_persons.0.views.summary",
    "risk.summary", "necessity.summary", "application.interim_grounds.summary",
    "application.interim_grounds.further_information_needed",
    "conditions.prohibitions.0.text", "conditions.prohibitions.1.zone.includes.0",
    "conditions.prohibitions.1.zone.streets.0", "conditions.requirements.0.text",
    "conditions.requirements.0.supervisor", "exhibits.0.description",
    "necessity.other_measures.0.measure", "necessity.other_measures.0.why_insufficient",
    "risk.factors.0", "yjs_consultation.summary", "child_safeguarding.contact_exceptions",
    "defendant.area_note", "hearsay.0.maker_not_called_reason",
]


@pytest.mark.parametrize("field", SERVED_FIELDS)
def test_confidential_address_in_every_served_field(field):
    data = edited("full-with-interim.yaml", lambda d: put(d, field, "Seen near 14 Elm Grove."))
    [issue] = issues_of(data, "confidential-address")
    assert issue.path == field.replace(".0", "[0]").replace(".1", "[1]")
    assert "Elm" not in issue.message and "14" not in issue.message


@pytest.mark.parametrize("field", ["variation.grounds", "variation.changes.0.reason",
                                   "existing_order.conditions.0"])
def test_confidential_address_in_change_fields(field):
    data = edited("variation.yaml", lambda d: put(d, field, "Not to go to 3 Larch Close."))
    assert issues_of(data, "confidential-address")


@pytest.mark.parametrize("text,rule", [
    ("Outside No. 14, Elm-Grove.", "confidential-address"),      # "No.", comma, hyphen
    ("OUTSIDE 14 ELM GROVE", "confidential-address"),             # case
    ("at number 14 elm grove", "confidential-address"),
    ("postcode nt2 5rf", "confidential-address"),                 # postcode spacing and case
    ("postcode NT25RF", "confidential-address"),
    ("postcode NT2   5RF", "confidential-address"),
    ("Walked down Elm Grove.", "confidential-area"),               # the street without number
    ("Anywhere in NT2.", "confidential-area"),                     # the postcode district
    ("At 114 Elm Grove Road", "confidential-area"),                # another number: the street
    ("Outside 15 Oak Road, Northtown", None),                      # the town, not in a term
])
def test_confidential_address_is_normalised(text, rule):
    data = edited("full-with-interim.yaml", lambda d: d["conduct"][0].update(location=text))
    fired = {i.rule for i in check_case(Case(data))} & {"confidential-address",
                                                        "confidential-area"}
    assert fired == ({rule} if rule else set())


@pytest.mark.parametrize("where,fires", [
    ("conditions.prohibitions.0.text", True),            # a term naming the town
    ("conditions.prohibitions.1.zone.includes.0", True),  # a zone naming it
    ("conduct.0.location", False),                        # elsewhere the town alone is fine
])
def test_confidential_area_town_in_a_term_or_zone(where, fires):
    data = edited("full-with-interim.yaml", lambda d: put(d, where, "Not to enter Northtown."))
    assert bool(issues_of(data, "confidential-area")) is fires


def test_non_confidential_address_may_be_printed():
    def edit(d):
        d["protected_persons"][0]["address_confidential"] = False
        d["conduct"][0]["location"] = "Outside 14 Elm Grove"
    assert not issues_of(edited("full-with-interim.yaml", edit), "confidential-address")


@pytest.mark.parametrize("tool,fires", [("S-DASH", True), ("s dash", True), ("DASH RIC", True),
                                        ("S-DASH and SASH", False), ("SASH", False),
                                        (None, True)])
def test_risk_tool_is_a_warning_and_not_criteria_risk(tool, fires):
    def edit(d):
        if tool is None:
            d["risk"]["assessment"].pop("tool")
        else:
            d["risk"]["assessment"]["tool"] = tool
    got = rules_for(edited("full-with-interim.yaml", edit))
    assert (("risk-tool", "warning") in got) is fires
    assert not {r for r in got if r[0] == "criteria-risk"}


def test_criteria_risk_needs_the_risk_summary():
    got = rules_for(edited("full-with-interim.yaml", lambda d: d["risk"].pop("summary")))
    assert ("criteria-risk", "error") in got


@pytest.mark.parametrize("grounds,expected", [
    ({"immediate_risk_of_harm": False, "summary": "Risk now."}, {("interim-grounds", "warning")}),
    ({"immediate_risk_of_harm": True}, {("interim-grounds", "warning")}),
    ({"immediate_risk_of_harm": True, "summary": "Risk now."}, set()),
])
def test_interim_grounds_is_a_warning(grounds, expected):
    got = rules_for(edited("full-with-interim.yaml",
                           lambda d: d["application"].update(interim_grounds=grounds)))
    assert {r for r in got if r[0] == "interim-grounds"} == expected


@pytest.mark.parametrize("expires,hearing,applied,rule", [
    (D(2026, 11, 19), D(2026, 11, 19), D(2026, 10, 1), None),                # heard on the last day
    (D(2026, 11, 19), D(2026, 11, 20), D(2026, 10, 1), "renewal-expired"),   # heard after it
    (D(2026, 9, 30), D(2026, 11, 12), D(2026, 10, 1), "renewal-expired"),    # ended before
    (D(2026, 11, 19), None, D(2026, 10, 1), "renewal-late"),                 # 49 days, unlisted
    (D(2026, 11, 27), None, D(2026, 10, 1), None),                           # 57 days
    (D(2026, 11, 26), None, D(2026, 10, 1), "renewal-late"),                 # 56 days
])
def test_renewal_expired_and_late(expires, hearing, applied, rule):
    def edit(d):
        d["existing_order"]["expires_on"] = expires
        d["application"]["date"] = applied
        if hearing:
            d["application"]["hearing"]["date"] = hearing
        else:
            d["application"]["hearing"].pop("date")
    got = {r for r, _ in rules_for(edited("renewal.yaml", edit), today=applied)}
    assert got & {"renewal-expired", "renewal-late"} == ({rule} if rule else set())


def test_renewal_with_no_terms_is_an_error_but_keeps_the_existing_ones():
    assert ("renewal-terms", "error") not in rules_for(load("renewal.yaml"))
    data = edited("renewal.yaml", lambda d: d["existing_order"].pop("conditions"))
    assert ("renewal-terms", "error") in rules_for(data)
    data["conditions"] = {"prohibitions": [{"id": "P1", "text": "Not to contact PP1.",
                                            "protects": ["PP1"], "risk_addressed": "Contact."}]}
    assert ("renewal-terms", "error") not in rules_for(data)


@pytest.mark.parametrize("fixture,fires", [("full-with-interim.yaml", True),
                                           ("interim-alone.yaml", True),
                                           ("variation.yaml", False), ("renewal.yaml", False),
                                           ("discharge.yaml", False)])
def test_area_basis_only_for_new_orders(fixture, fires):
    data = edited(fixture, lambda d: d["defendant"].pop("area_basis", None))
    assert (("area-basis", "error") in rules_for(data)) is fires


@pytest.mark.parametrize("fixture,fires", [("full-with-interim.yaml", False),
                                           ("full-authorised-hearsay.yaml", True),
                                           ("variation.yaml", False)])
def test_necessity_alternatives(fixture, fires):
    assert (("necessity-alternatives", "warning") in rules_for(load(fixture))) is fires


@pytest.mark.parametrize("value,fires", [(True, False), (False, False), (None, True),
                                         ("yes", True)])
def test_victim_of_conduct_must_be_stated(value, fires):
    def edit(d):
        d["protected_persons"][0]["victim_of_conduct"] = value
        if value is None:
            d["protected_persons"][0].pop("victim_of_conduct")
    assert (("victim-of-conduct", "error") in rules_for(
        edited("full-with-interim.yaml", edit))) is fires


@pytest.mark.parametrize("applied,hearing,fires", [
    (D(2027, 3, 1), None, True),               # within 2 years of 10 March 2025
    (D(2027, 3, 1), D(2027, 3, 10), False),    # heard when the 2 years are over
    (D(2027, 3, 1), D(2027, 3, 9), True),      # heard on their last day
])
def test_discharge_consent_uses_the_hearing_date(applied, hearing, fires):
    def edit(d):
        d["application"]["date"] = applied
        d["discharge"]["defendant_consents"] = False
        if hearing:
            d["application"]["hearing"]["date"] = hearing
    issues = issues_of(edited("discharge.yaml", edit), "discharge-consent")
    assert bool(issues) is fires
    assert all("UNVERIFIED" in i.message and "UNVERIFIED" in i.source for i in issues)


@pytest.mark.parametrize("courts,hearing_court,path", [
    ({"northtown": {"name": "Northtown Magistrates' Court"}}, "northtown",
     "force.courts.northtown"),
    ({"northtown": {"name": "N", "local_justice_area": "Northshire"}}, "elsewhere",
     "application.hearing.court"),
    ({"northtown": {"name": "N", "local_justice_area": "Northshire"}}, "northtown", None),
])
def test_court_details_never_invents_a_local_justice_area(courts, hearing_court, path):
    def edit(d):
        d["force"]["courts"] = courts
        d["application"]["hearing"]["court"] = hearing_court
    issues = issues_of(edited("full-with-interim.yaml", edit), "court-details")
    assert [i.path for i in issues] == ([path] if path else [])


@pytest.mark.parametrize("text,zone,fires", [
    ("Not to enter the exclusion zone.", None, True),
    ("Not to enter the area shown on the map.", None, True),
    ("Not to enter the area shown on the map.", {"map_exhibit": "SP/5"}, False),
    ("Not to enter the zone.", {"postcodes": ["NT4"]}, False),
    ("Not to enter the zone.", {"radius_m": 200}, True),      # a radius with no centre
    ("Not to contact her.", None, False),
])
def test_zone_undefined(text, zone, fires):
    def edit(d):
        p1 = d["conditions"]["prohibitions"][0]
        p1["text"] = text
        if zone:
            p1["zone"] = zone
    issues = issues_of(edited("full-with-interim.yaml", edit), "zone-undefined")
    assert bool(issues) is fires
    assert all(i.severity == "warning" for i in issues)


@pytest.mark.parametrize("kind,duration,severity", [
    ("full", {"until": D(2028, 12, 13)}, "error"),     # under 2 years from 15 Dec 2026
    ("full", {"until": D(2028, 12, 14)}, None),        # hearing 15 Dec 2026 + 2 years - 1 day
    ("full", {"years": 1}, "error"),
    ("renewal", {"years": 1}, "warning"),              # UNVERIFIED for a renewal
])
def test_duration_minimum(kind, duration, severity):
    base = "full-with-interim.yaml" if kind == "full" else "renewal.yaml"
    data = edited(base, lambda d: d["application"]["order_sought"].update(duration=duration))
    issues = issues_of(data, "duration")
    assert [str(i.severity) for i in issues] == ([severity] if severity else [])


def test_sources_cite_the_app_as_a_draft_and_complaints_are_not_laid():
    import re

    for rule in RULES.values():
        for app in re.finditer(r"\bAPP\b", rule.source):
            assert rule.source[app.start():].startswith("APP (consultation draft 2026)"), \
                rule.id
        assert "laid" not in (rule.source + rule.summary).lower(), rule.id
    data = edited("full-with-interim.yaml", lambda d: d.update(conduct=[]))
    assert all("laid" not in i.message for i in check_case(Case(data)))


@pytest.mark.parametrize("key,value,fires", [
    ("centre_name", "her home", True),
    ("centre_name", "Northtown Central Mosque", False),
    ("includes", "home", False),     # a zone that includes the home among other places
])
def test_zone_centre_named_as_the_home(key, value, fires):
    def edit(d):
        zone = d["conditions"]["prohibitions"][1]["zone"]
        zone[key] = [value] if key == "includes" else value
    # the schema may not know centre_name: the rule scans every key under a zone all the same
    assert bool(issues_of(edited("full-with-interim.yaml", edit), "confidential-address")) \
        is fires


@pytest.mark.parametrize("address,text,rule", [
    (["Flat 3, 27 Mill Lane", "Northtown", "NT4 7QD"], "Outside 27 Mill Lane.", "address"),
    (["Flat 3, 27 Mill Lane", "Northtown", "NT4 7QD"], "He broke into flat 3.", None),
    (["Flat 3", "27 Mill Lane", "Northtown", "NT4 7QD"], "Outside 27 Mill Lane.", "address"),
    (["Rose Cottage", "Church Lane", "Littlebrook", "NT9 1AB"], "Went to Rose Cottage.",
     "address"),                                        # a house name is the address
    (["Rose Cottage", "Church Lane", "Littlebrook", "NT9 1AB"], "Walked along Church Lane.",
     "area"),
    (["27 Mill Lane", "Northtown", "NT4 7QD"], "Outside 27, Mill-Lane", "address"),
])
def test_confidential_address_shapes(address, text, rule):
    def edit(d):
        d["protected_persons"][0]["address"] = address
        d["conduct"][0]["location"] = text
    fired = {i.rule for i in check_case(Case(edited("full-with-interim.yaml", edit)))}
    got = {r.removeprefix("confidential-") for r in fired if r.startswith("confidential-")}
    assert got == ({rule} if rule else set())


@pytest.mark.parametrize("today,direction", [(D(2026, 11, 23), False), (D(2026, 11, 24), True)])
def test_unserved_hearsay_notice_after_the_last_day_suggests_a_direction(today, direction):
    def edit(d):
        d["hearsay"] = [{"statement": "SP/4", "contested": True}]
    [issue] = issues_of(edited("full-with-interim.yaml", edit), "hearsay-notice", today=today)
    assert issue.severity == "warning"
    assert ("r.3(2)" in issue.message) is direction
