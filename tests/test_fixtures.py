"""Every fixture gives exactly the issues it declares; every contract rule has an invalid
fixture that makes it (and only it) fire."""

from __future__ import annotations

import importlib.util
import re

import pytest
from conftest import FIXTURES, HOSTILE, INVALID, SHARED, VALID, expected, ids

from spo_cli.check import check_file
from spo_cli.rules import RULES

CONTRACT_RULES = {
    "schema", "criteria-acts", "criteria-risk", "criteria-necessity", "area-basis",
    "condition-necessity", "condition-protects", "conflict-religion", "conflict-work",
    "conflict-education", "conflict-family-court", "zone-unverifiable", "duration",
    "interim-grounds", "interim-period", "interim-main-application", "existing-order",
    "discharge-consent", "vrd-necessity", "renewal-expired", "defendant-age", "yjs-consultation",
    "child-safeguarding", "victim-views", "confidential-address", "positive-requirements",
    "hearsay-notice", "limitation", "requirement-supervisor", "existing-spo",
    "exhibit-reference", "date-order", "authorisation-rank", "authorisation-points",
    "authorisation-stale", "transfer-contents", "risk-tool", "renewal-late",
    "confidential-area", "necessity-alternatives", "victim-of-conduct",
}
# additions, documented in README
OUR_RULES = {"yaml", "yaml-comma", "text", "court-details", "renewal-terms", "zone-undefined",
             "post-order-actions", "breach-reassessment", "ids-unique"}


@pytest.mark.parametrize("path", VALID, ids=ids(VALID))
def test_valid_fixture_has_exactly_its_declared_warnings(path):
    report = check_file(path)
    assert report.ok, [(i.rule, i.path, i.message) for i in report.issues]
    assert sorted({i.rule for i in report.issues}) == expected(path)
    assert all(i.severity == "warning" for i in report.issues)


@pytest.mark.parametrize("path", INVALID, ids=ids(INVALID))
def test_invalid_fixture_fires_exactly_its_rule(path):
    report = check_file(path)
    rules = sorted({i.rule for i in report.issues})
    assert rules == expected(path), [(i.rule, i.path, i.message) for i in report.issues]
    for issue in report.issues:
        assert issue.line and issue.column, issue
        assert issue.source


def test_every_contract_rule_is_implemented_and_has_an_invalid_fixture():
    covered = {rule for path in INVALID + HOSTILE for rule in expected(path)}
    assert set(RULES) | {"schema"} >= CONTRACT_RULES
    assert covered >= CONTRACT_RULES | OUR_RULES


def test_valid_fixtures_cover_every_kind():
    kinds = {re.search(r"^  kind: (\w+)", p.read_text(), re.M).group(1) for p in VALID}
    assert kinds == {"full", "interim", "variation", "renewal", "discharge"}
    assert len(VALID) >= 12


@pytest.mark.skipif(not (SHARED / "spec").exists(), reason="shared/ is not beside the checkout")
def test_contract_rule_table_matches_and_example_is_our_copy():
    spec = (SHARED / "spec" / "case-file.md").read_text()
    table = set(re.findall(r"^\| `([a-z-]+)` \| (?:error|warning)", spec, re.M))
    assert table == CONTRACT_RULES
    example = SHARED / "spec" / "example-full-with-interim.yaml"
    assert example.read_bytes() == (FIXTURES / "contract-example.yaml").read_bytes()
    report = check_file(example)
    assert report.ok and report.issues
    assert {i.severity for i in report.issues} == {"warning"}


def test_generated_invalid_fixtures_are_up_to_date():
    spec = importlib.util.spec_from_file_location("generate", FIXTURES / "invalid" / "generate.py")
    generate = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generate)
    for rule in generate.MUTATIONS:
        committed = (FIXTURES / "invalid" / f"{rule}.yaml").read_text(encoding="utf-8")
        assert committed == generate.render(rule), f"run fixtures/invalid/generate.py ({rule})"


def test_spo_rules_lists_every_rule_id():
    import json

    from conftest import spo

    listed = [json.loads(line)["rule"] for line in spo("rules", "--json").stdout.splitlines()]
    assert len(listed) == len(set(listed))
    assert set(listed) == set(RULES) | {"schema", "yaml", "yaml-comma", "text"}
    assert set(listed) >= CONTRACT_RULES | OUR_RULES
