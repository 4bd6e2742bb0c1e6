"""The command line: the --json contract, exit codes, output streams, start-up weight."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from conftest import FIXTURES, INVALID, VALID, spo

ISSUE_KEYS = ["rule", "severity", "path", "line", "column", "message", "source"]


def test_json_is_one_contract_object_per_file():
    result = spo("check", "--json", *VALID, *INVALID)
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["file"] for r in rows] == [str(p) for p in (*VALID, *INVALID)]
    for row in rows:
        assert list(row) == ["file", "ok", "issues"]
        assert isinstance(row["ok"], bool)
        for issue in row["issues"]:
            assert list(issue) == ISSUE_KEYS
            assert issue["severity"] in ("error", "warning")
            assert isinstance(issue["line"], int) and isinstance(issue["column"], int)
            assert all(isinstance(issue[k], str) and issue[k] for k in
                       ("rule", "path", "message", "source"))
    assert result.returncode == 1
    assert result.stderr == ""


@pytest.mark.parametrize("args,code", [
    (["check", FIXTURES / "full-with-interim.yaml"], 0),
    (["check", FIXTURES / "justified-conflict.yaml"], 0),          # warnings only
    (["check", FIXTURES / "invalid" / "duration.yaml"], 1),
    (["check", FIXTURES / "full-with-interim.yaml", FIXTURES / "invalid" / "text.yaml"], 1),
    (["check"], 2),
    (["check", "--no-such-flag", FIXTURES / "full-with-interim.yaml"], 2),
    (["check", "--as-of", "23/11/2026", FIXTURES / "full-with-interim.yaml"], 2),
    (["frobnicate"], 2),
])
def test_exit_codes(args, code):
    result = spo(*args)
    assert result.returncode == code, result.stdout + result.stderr
    assert "Traceback" not in result.stderr


def test_an_output_that_cannot_be_written_is_a_tool_failure_not_a_wrong_case(tmp_path):
    blocked = tmp_path / "out"
    blocked.write_text("a file where the output folder should be\n")
    result = spo("render", FIXTURES / "full-with-interim.yaml", "--draft", "--format", "docx",
                 "--out", blocked)
    assert result.returncode == 4, result.stderr
    assert "Traceback" not in result.stderr and result.stderr.startswith("spo: ")


def _spo_errors() -> list[type]:
    """Every exception class spo defines, wherever it is defined."""
    import importlib
    import pkgutil

    import spo_cli
    from spo_cli.errors import SpoError

    for module in pkgutil.walk_packages(spo_cli.__path__, "spo_cli."):
        if not module.name.startswith(("spo_cli.cli", "spo_cli.__main__")):  # they add none
            importlib.import_module(module.name)
    found, todo = [], [SpoError]
    while todo:
        kind = todo.pop()
        found.append(kind)
        todo += kind.__subclasses__()
    return found


def test_every_error_kind_is_defined_in_errors_with_a_documented_exit_code():
    from spo_cli.errors import EXIT_CODES

    documented = {code for code, _ in EXIT_CODES}
    kinds = _spo_errors()
    assert len(kinds) >= 12
    for kind in kinds:
        assert kind.__module__ == "spo_cli.errors", kind
        assert kind.exit_code in documented, kind
    by_name = {kind.__name__: kind.exit_code for kind in kinds}
    assert by_name["OutputError"] == by_name["ConversionError"] == by_name["AuditError"] == 4
    assert by_name["CaseInvalidError"] == 1 and by_name["UsageError"] == 2
    assert by_name["MissingAnswersError"] == 3 and by_name["Interrupted"] == 130


def test_human_output_groups_errors_before_warnings_with_location_and_source():
    path = FIXTURES / "invalid" / "zone-unverifiable.yaml"
    mixed = FIXTURES / "invalid" / "duration.yaml"
    result = spo("check", path, mixed)
    lines = result.stdout.splitlines()
    assert lines[0] == f"{path}: ok (0 error(s), 1 warning(s))"
    assert lines[1].startswith(f"  {path}:")
    assert " warning zone-unverifiable conditions.prohibitions[1].zone: " in lines[1]
    assert lines[1].endswith("(clashes with commitments cannot be checked)] "
                             "(spo explain zone-unverifiable)")
    assert lines[2] == f"{mixed}: FAILED (1 error(s), 0 warning(s))"


def test_as_of_moves_today():
    path = FIXTURES / "invalid" / "date-order.yaml"
    assert spo("check", path).returncode == 1
    assert spo("check", "--as-of", "2100-01-01", path).returncode == 0


def test_rules_and_forms_listings():
    rules = [json.loads(line) for line in spo("rules", "--json").stdout.splitlines()]
    assert {"criteria-acts", "transfer-contents"} <= {r["rule"] for r in rules}
    assert all(r["source"] for r in rules)
    forms = [json.loads(line)["form"] for line in spo("forms", "--json").stdout.splitlines()]
    assert forms == ["complaint", "complaint-vary-renew-discharge", "summons", "notification",
                     "mg11", "authorisation", "bundle-checklist", "transfer", "draft-order",
                     "draft-interim-order", "draft-order-vary-renew-discharge", "hearsay-notice"]


def test_help_imports_no_heavy_library():
    code = ("import sys; from spo_cli import cli; "
            "print(sorted(m for m in ('cerberus', 'docxtpl', 'pypdf', 'ruamel', 'questionary', "
            "'jinja2', 'docx', 'rich') if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "[]", result.stderr
    assert spo("--help").returncode == 0


@pytest.mark.parametrize("encoding", ["ascii", "cp1252"])
def test_output_survives_a_narrow_stdout_encoding(encoding):
    import os

    env = {**os.environ, "PYTHONIOENCODING": encoding}
    result = spo("check", FIXTURES / "contract-example.yaml", env=env, encoding=encoding)
    assert result.returncode == 0, result.stderr


def test_audit_has_one_entry_per_operation_of_the_quick_start_run(tmp_path):
    import os

    env = {k: v for k, v in os.environ.items() if k != "SPO_AUDIT_LOG"}
    env["XDG_STATE_HOME"] = str(tmp_path / "state")
    cases = sorted((FIXTURES).glob("*.yaml"))
    assert spo("check", *cases, cwd=tmp_path, env=env).returncode == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["state"]  # nothing in the cwd
    for case in cases:  # what `nox -s demo` runs
        assert spo("render", case, "--draft", "--out", "out", cwd=tmp_path, env=env).returncode == 0
    log = tmp_path / "state" / "spo" / "audit.jsonl"
    assert oct(log.stat().st_mode & 0o777) == "0o600"
    rows = [json.loads(line) for line in log.read_text().splitlines()]
    assert [r["command"] for r in rows] == ["check"] + ["render"] * len(cases)
    assert all(r["outcome"] == "ok" and r["user"] and r["time"] for r in rows)
    assert len(rows[0]["cases"]) == len(cases) and all(len(r["outputs"]) >= 6 for r in rows[1:])
    listing = spo("audit", cwd=tmp_path, env=env)
    assert len(listing.stdout.splitlines()) == len(rows)
    assert ": chain intact, " in spo("audit", "--verify", cwd=tmp_path, env=env).stdout
    lines = log.read_text().splitlines()
    log.write_text("\n".join(lines[:3] + lines[4:]) + "\n")  # a line removed
    tampered = spo("audit", "--verify", cwd=tmp_path, env=env)
    assert tampered.returncode == 1 and "(line 4)" in tampered.stdout
    text = log.read_text()
    for personal in ("Harlow", "Bennett", "Elm Grove", "Sat in his car"):
        assert personal not in text
