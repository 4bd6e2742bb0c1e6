"""Schema messages name the field and what it expects, never the rejected value."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
from conftest import FIXTURES

from spo_cli.check import case_from_document
from spo_cli.model import Case
from spo_cli.schema import validate
from spo_cli.text_policy import text_problem
from spo_cli.yaml_io import load_case_file

BASE = load_case_file(FIXTURES / "full-with-interim.yaml")
SECRET = "Zebedee-Quartermaine"


def issues_after(edit):
    data = copy.deepcopy(BASE.data)
    edit(data)
    return validate(Case(data, BASE.positions))


@pytest.mark.parametrize("edit,path,words", [
    (lambda d: d["application"].update(kind=SECRET), "application.kind", "must be one of: full"),
    (lambda d: d["defendant"].update(nmae=SECRET), "defendant.nmae", "not a key"),
    (lambda d: d["applicant_officer"].update(number=4521), "applicant_officer.number",
     "put it in quotes"),
    (lambda d: d["application"].update(date=SECRET), "application.date", "YYYY-MM-DD"),
    (lambda d: d["defendant"].update(address=[SECRET, SECRET]), "defendant.address",
     "UK postcode"),
    (lambda d: d["application"]["order_sought"].update(duration=SECRET),
     "application.order_sought.duration", "{years: N}, {until: YYYY-MM-DD} or until_further_order"),
    (lambda d: d["application"]["order_sought"].update(duration={"years": True}),
     "application.order_sought.duration", "{years: N}"),
    (lambda d: d.update(schema="spo-case/2"), "schema", "spo-case/1"),
    (lambda d: d["application"].update(reference="../../etc/passwd"), "application.reference",
     "expected form"),
    (lambda d: d["defendant"]["name"].update(given=SECRET + "\u202e"), "defendant.name.given",
     "U+202E"),
    (lambda d: d["defendant"]["name"].update(given="x" * 301), "defendant.name.given", "300"),
    (lambda d: d["defendant"]["name"].update(given="   "), "defendant.name.given", "blank"),
    (lambda d: d.pop("conditions"), "conditions", "required for an application of kind"),
])
def test_schema_issue_names_the_field_not_the_value(edit, path, words):
    found = [i for i in issues_after(edit) if i.path == path]
    assert found, [i.path for i in issues_after(edit)]
    assert words in found[0].message
    assert SECRET not in found[0].message and "passwd" not in found[0].message


@pytest.mark.parametrize("value,prose,bad", [
    ("Smith & Sons <Ltd> \"hi\" 'bye'", False, False),
    ("محمد عبد الله", False, False), ("Łódź Żółć", False, False), ("王小明", False, False),
    ("Siân ŵ ŷ Ó", False, False), ("{{ 7*7 }} {% if %}", False, False),
    ("line one\nline two", True, False), ("line one\nline two", False, True),
    ("x\x00y", True, True), ("x\x0by", True, True), ("x\x1b[31my", True, True),
    ("x\ufffey", True, True), ("x\u202ey", True, True), ("x\u2066y", True, True),
    ("x\u200by", True, True), ("x\u00ady", True, True), ("{_{ x }_}", True, True),
    ("a" * 121, True, True), ("word " * 4000, True, False), ("x\ud800y", True, True),
])
def test_text_policy(value, prose, bad):
    assert (text_problem(value, prose) is not None) is bad


def test_unknown_key_at_top_level_and_case_from_document(tmp_path: Path):
    assert case_from_document(BASE, FIXTURES / "full-with-interim.yaml").present_files == \
        frozenset({"exhibits/sp5-map.pdf"})
    assert case_from_document(BASE, tmp_path / "x.yaml").present_files == frozenset()
