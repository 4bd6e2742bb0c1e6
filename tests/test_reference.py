"""The case-file reference (docs/case-file.md, spo explain), errors that teach, and help."""

from __future__ import annotations

import copy
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURES, INVALID, ROOT, expected, ids, spo

from spo_cli.check import check_file
from spo_cli.forms import BUILDERS
from spo_cli.forms.reads import GROUP_READS
from spo_cli.model import Case
from spo_cli.reference import EXAMPLES, NOTES, keys
from spo_cli.reference_text import markdown
from spo_cli.rules import RULES
from spo_cli.rules.reads import READS
from spo_cli.schema import node_at, validate
from spo_cli.yaml_io import load_case_file

BASE = load_case_file(FIXTURES / "full-with-interim.yaml")
SECRET = "Zebedee_Quartermaine"


def test_committed_reference_is_current():
    committed = (ROOT / "docs" / "case-file.md").read_text(encoding="utf-8")
    assert committed == markdown(), "docs/case-file.md is stale: run `nox -s docs`"
    assert "shared/" not in committed


@pytest.mark.parametrize("document", ["README.md", "docs/case-file.md",
                                      "templates/forms/README.md", "workflows/README.md"])
def test_user_documents_point_only_inside_the_repository(document):
    text = (ROOT / document).read_text(encoding="utf-8")
    for outside in ("shared/", "../", "design/", "domain/", "spec/case-file"):
        assert outside not in text, f"{document} points outside the repository: {outside}"


def test_every_rule_and_group_declares_what_it_reads_and_the_paths_exist():
    assert set(READS) == set(RULES)
    assert set(GROUP_READS) >= set(BUILDERS)
    for path in {p for paths in [*READS.values(), *GROUP_READS.values()] for p in paths}:
        assert node_at(tuple(path.split("."))) is not None, path


RULE_FIXTURES = [p for p in INVALID if expected(p)[0] in READS]


def test_notes_and_examples_name_real_keys():
    paths = {key.path for key in keys()}
    assert set(NOTES) <= paths and set(EXAMPLES) <= paths


@pytest.mark.parametrize("path", RULE_FIXTURES, ids=ids(RULE_FIXTURES))
def test_each_rule_fires_inside_what_it_declares_it_reads(path: Path):
    rule = expected(path)[0]
    report = check_file(path)
    found = [i.path for i in report.issues if i.rule == rule]
    assert found
    bare = [p.split("[")[0] if "[" in p else p for p in found]
    assert all(any(b == r or b.startswith(r + ".") or f.startswith(r)
                   for r in READS[rule]) for b, f in zip(bare, found, strict=True)), found


@pytest.mark.parametrize("topic,words", [
    ("defendant.commitments", ["religion, work, education", "conflict-work"]),
    ("conditions.prohibitions[].zone", ["centre_name", "radius_m", "draft-order"]),
    ("conditions.prohibitions[0].zone", ["map_exhibit"]),
    ("force.courts.northtown.local_justice_area", ["required: no"]),
    ("existing_order.served_on", ["s.9(1)(a)"]),
    ("application.order_sought.duration", ["until_further_order", "{years: 2}"]),
    ("hearsay[].maker", ["r.3(4)"]),
    ("conflict-work", ["(error)", "s.2(3)(b)", "defendant.commitments"]),
    ("yaml-comma", ["(warning)"]),
    ("draft-order", ["Draft Stalking Protection Order", "kinds: full"]),
])
def test_explain_prints_one_entry(topic, words):
    result = spo("explain", topic)
    assert result.returncode == 0, result.stderr
    for word in words:
        assert word in result.stdout


@pytest.mark.parametrize("topic,mean", [
    ("conflict-wrok", "conflict-work"), ("defendant.comitments", "defendant.commitments"),
    (SECRET, None),
])
def test_explain_unknown_topic_is_a_usage_error(topic, mean):
    result = spo("explain", topic)
    assert result.returncode == 2
    assert (f"did you mean {mean}" in result.stderr) if mean else "did you mean" not in \
        result.stderr
    assert SECRET not in result.stderr


def issues_after(edit):
    data = copy.deepcopy(BASE.data)
    edit(data)
    return validate(Case(data, BASE.positions))


@pytest.mark.parametrize("edit,path,words", [
    (lambda d: d.update(protected_person=d.pop("protected_persons")), "protected_person",
     ["did you mean `protected_persons`?", "the keys at the top level are: schema, "]),
    (lambda d: d["defendant"].update(date_of_brith=d["defendant"].pop("date_of_birth")),
     "defendant.date_of_brith", ["did you mean `date_of_birth`?", "keys in defendant"]),
    (lambda d: d["application"]["hearing"].update({SECRET: 1}), "application.hearing." + SECRET,
     ["the keys in application.hearing are: court, date, time"]),
    (lambda d: d["conditions"]["prohibitions"][0].update(when="weekdays"),
     "conditions.prohibitions[0].when", ["must be a mapping: {days, from, to}"]),
])
def test_schema_errors_teach(edit, path, words):
    found = issues_after(edit)
    here = [i for i in found if i.path == path]
    assert here, [i.path for i in found]
    for word in words:
        assert word in here[0].message
    assert SECRET not in here[0].message


@pytest.mark.parametrize("old,new,section", [
    ("\nprotected_persons:", "\nprotected_person:", "protected_persons"),
    ("\nconditions:", "\ncondition:", "conditions"),
    ("\n  date_of_birth: 1991", "\n  date_of_brith: 1991", "defendant.date_of_birth"),
])
def test_a_misspelt_key_is_one_error_not_a_cascade(tmp_path: Path, old, new, section):
    text = (FIXTURES / "full-with-interim.yaml").read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    shutil.copytree(FIXTURES / "exhibits", tmp_path / "exhibits")
    case = tmp_path / "case.yaml"
    case.write_text(text.replace(old, new), encoding="utf-8")
    report = json.loads(spo("check", "--json", "--as-of", "2026-11-23", case).stdout)
    errors = [i for i in report["issues"] if i["severity"] == "error"]
    assert len(errors) == 1, errors
    assert errors[0]["rule"] == "schema" and "did you mean" in errors[0]["message"]


def test_human_messages_end_with_the_explain_command():
    result = spo("check", "--as-of", "2026-11-23", FIXTURES / "invalid" / "conflict-work.yaml",
                 FIXTURES / "invalid" / "text.yaml", FIXTURES / "invalid" / "schema.yaml")
    lines = [line for line in result.stdout.splitlines() if line.startswith("  ")]
    assert [line.rsplit("(spo explain ", 1)[1] for line in lines] == \
        ["conflict-work)", "conduct[].description)", "application.hearing)"]
    for line in lines:
        topic = line.rsplit("(spo explain ", 1)[1].rstrip(")")
        assert spo("explain", topic).returncode == 0, topic


CUT = re.compile(r"[A-Za-z,;:] ?\.\.\.(?! <)")  # a description cut short ([ARGS]... is not)
COMMANDS = ["check", "interview", "authorise", "render", "bundle", "transfer", "due", "batch",
            "audit", "rules", "forms", "explain", "report", "templates", "templates check"]


def test_main_help_lists_whole_descriptions_and_completion():
    result = spo("--help", env={**os.environ, "COLUMNS": "60"})
    assert not CUT.search(result.stdout)
    assert "--install-completion" in result.stdout
    for command in COMMANDS[:-1]:
        assert f"  {command} " in result.stdout


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_help_has_an_example(command):
    result = spo(*command.split(), "--help")
    assert result.returncode == 0
    assert "Example" in result.stdout and not CUT.search(result.stdout)


@pytest.mark.parametrize("args,words", [
    (["due", "{empty}"], "nothing due in the next 30 days"),
    (["audit", "--log", "{empty}/audit.jsonl"], "no audit entries"),
])
def test_commands_with_nothing_to_report_say_so(tmp_path: Path, args, words):
    result = spo(*[a.format(empty=tmp_path) for a in args])
    assert result.returncode == 0 and words in result.stdout


def test_shell_completion_completes_commands():
    script = Path(sys.executable).parent / "spo"  # completion is keyed by the program's name
    env = {**os.environ, "_SPO_COMPLETE": "complete_bash", "COMP_WORDS": "spo expl",
           "COMP_CWORD": "1"}
    result = subprocess.run([script], env=env, capture_output=True, text=True, timeout=60)
    assert result.stdout.split() == ["explain"]
    assert "--install-completion" in spo("--help").stdout
