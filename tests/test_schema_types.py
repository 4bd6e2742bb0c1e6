"""Generated from schemas/: every key given every wrong type (list, string, number, mapping,
null) is exit 1 with a located message, from every command, never a traceback. Plus the odd
inputs: huge integers, year 1 and year 9999 dates, extreme --within/--as-of."""

from __future__ import annotations

import contextlib
import json
import os
import re
from datetime import date
from pathlib import Path

import pytest
from conftest import FIXTURES, spo

from spo_cli.check import check_file
from spo_cli.errors import SpoError
from spo_cli.model import Severity
from spo_cli.schema import _schemas
from spo_cli.yaml_io import load_case_file

BASE = FIXTURES / "full-with-interim.yaml"
WRONG = {"list": ["x"], "string": "x", "number": 7, "mapping": {"k": "x"}, "null": None}
RIGHT = {"list": {"list"}, "string": {"string"}, "number": {"integer", "number"},
         "mapping": {"dict"}, "null": set()}


def schema_paths() -> list[tuple[tuple, str | None]]:
    """(path, type) of every key the schema knows; list items as index 0."""
    found = []

    def walk(rules, path):
        if not isinstance(rules, dict):
            return
        found.append((path, rules.get("type")))
        if rules.get("type") == "list" and isinstance(rules.get("schema"), dict):
            walk(rules["schema"], (*path, 0))
        elif isinstance(rules.get("schema"), dict):
            for key, sub in rules["schema"].items():
                walk(sub, (*path, key))
        for alternative in (rules.get("anyof") or []) + (rules.get("oneof") or []):
            for key, sub in (alternative.get("schema") or {}).items():
                walk(sub, (*path, key))

    for key, rules in _schemas()[0].items():
        walk(rules, (key,))
    return list(dict.fromkeys(found))


def mutated(path: tuple, value) -> dict:
    data = load_case_file(BASE).data
    node = data
    for part, following in zip(path, path[1:], strict=False):
        child = node[part] if (isinstance(node, list) and len(node) > part) or \
            (isinstance(node, dict) and part in node) else None
        if not isinstance(child, (dict, list)) or (isinstance(child, list) and not child):
            child = [{}] if isinstance(following, int) else {}
            if isinstance(node, list):
                node.append(child)
            else:
                node[part] = child
        node = child
    if isinstance(node, list):
        node[:] = [value] + node[1:]
    else:
        node[path[-1]] = value
    return data


def dump(data: dict) -> str:
    """YAML 1.2 as indented JSON (one value a line), with dates as plain dates."""
    text = json.dumps(data, indent=1, default=lambda d: f"@DATE@{d.isoformat()}")
    return re.sub(r'"@DATE@([0-9-]+)"', r"\1", text) + "\n"


def dotted(path: tuple) -> str:
    return "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path).lstrip(".")


CASES = [(path, kind) for path, kind_of in schema_paths() for kind in WRONG
         if kind_of not in RIGHT[kind] and not (kind == "number" and kind_of == "number")]


@pytest.mark.parametrize("path,kind", CASES, ids=[f"{dotted(p)}={k}" for p, k in CASES])
def test_every_key_with_every_wrong_type_is_a_located_error(tmp_path, path, kind):
    case = tmp_path / "case.yaml"
    case.write_text(dump(mutated(path, WRONG[kind])))
    report = check_file(case)  # what every command runs first
    errors = [i for i in report.issues if i.severity is Severity.ERROR]
    if kind == "null" and not errors:
        return  # an optional field may be left empty
    assert errors, "accepted"
    target = dotted(path)
    located = [i for i in errors if (target + ".").startswith(i.path + ".")
               or (target + "[").startswith(i.path + "[") or i.path.startswith(target)]
    assert located and all((i.line or 0) >= 1 for i in located), \
        [(i.path, i.line) for i in errors]
    if len(path) <= 2:  # deeper keys reach the same code; the checks above cover them
        _library_commands(case)


def _library_commands(case: Path) -> None:
    """What render, bundle, due, authorise and the audit do with the case: a SpoError or
    success, never another exception."""
    from spo_cli.audit import case_facts
    from spo_cli.authorisation import authorise_case
    from spo_cli.documents import checked_case
    from spo_cli.lifecycle import due

    case_facts(case)
    due(case.parent, 30, date(2026, 11, 20))
    for call in (lambda: checked_case(case, True, None),
                 lambda: authorise_case(case, None, None)):
        with contextlib.suppress(SpoError):
            call()


TOP = sorted({path[0] for path, _ in schema_paths()})
COMMANDS = {
    "check": ["check", "CASE"],
    "render": ["render", "CASE", "--draft", "--out", "OUT"],
    "bundle": ["bundle", "CASE", "--draft", "--out", "OUT"],
    "transfer": ["transfer", "CASE", "--to", "X", "--out", "OUT"],
    "due": ["due", "DIR"],
    "authorise": ["authorise", "CASE", "--no-input"],
    "interview": ["interview", "CASE", "--no-input"],
}


# every section with one command, each command in turn (the library-level test above runs
# every key through what the commands share; this proves the CLI path of each command)
PAIRS = [(section, list(COMMANDS)[n % len(COMMANDS)]) for n, section in enumerate(TOP)] + \
    [("application", command) for command in COMMANDS]


@pytest.mark.parametrize("section,command", PAIRS, ids=[f"{c}-{s}" for s, c in PAIRS])
def test_every_command_refuses_a_wrong_type_cleanly(tmp_path, section, command):
    kind = list(WRONG)[TOP.index(section) % 4]  # list, string, number, mapping in turn
    if section in ("schema",) and kind == "string":
        kind = "list"
    case = tmp_path / "case.yaml"
    case.write_text(dump(mutated((section,), WRONG[kind])))
    args = [str(case) if a == "CASE" else str(tmp_path / "out") if a == "OUT"
            else str(tmp_path) if a == "DIR" else a for a in COMMANDS[command]]
    result = spo(*args)
    assert "Traceback" not in result.stderr, result.stderr
    if command == "due":
        assert result.returncode in (0, 1)
        return
    if command == "interview":  # 2: the kind cannot be read, so it must be given
        assert result.returncode in (1, 2, 3), result.stderr
        return
    assert result.returncode in (1, 2), result.stderr + result.stdout
    if command == "check":
        assert re.search(r"case\.yaml:[1-9][0-9]*:[0-9]+: error", result.stdout)


@pytest.mark.parametrize("text", [
    "application:\n  reference: NS/1\n  date: " + "9" * 5000 + "\n",
    "application:\n  date: 0001-01-01\n",
    "application:\n  date: 9999-12-31\n",
    "- " * 5000 + "x\n",
    "application: [x]\n",
    "application: {reference: " + "1" * 5000 + "}\n",
])
def test_odd_values_are_located_errors(tmp_path, text):
    case = tmp_path / "case.yaml"
    case.write_text("schema: spo-case/1\n" + text)
    for command in (["check"], ["render", "--draft", "--out", tmp_path / "out"]):
        result = spo(command[0], case, *command[1:])
        assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr


@pytest.mark.parametrize("value", ["0001-01-01", "9999-12-31"])
def test_every_date_at_the_ends_of_the_calendar(tmp_path, value):
    text = re.sub(r"\b20[0-9]{2}-[0-9]{2}-[0-9]{2}\b", value, BASE.read_text())
    case = tmp_path / "case.yaml"
    case.write_text(text)
    for args in (["check", case], ["due", tmp_path, "--as-of", value],
                 ["render", case, "--draft", "--out", tmp_path / "out"]):
        result = spo(*args)
        assert result.returncode in (0, 1) and "Traceback" not in result.stderr, result.stderr


@pytest.mark.parametrize("args", [["--within", "3000000"], ["--as-of", "9999-12-31"],
                                  ["--as-of", "0001-01-01"],
                                  ["--as-of", "9999-12-31", "--within", "3000000"]])
def test_extreme_due_windows(args):
    result = spo("due", FIXTURES, *args)
    assert result.returncode in (0, 1) and "Traceback" not in result.stderr, result.stderr
    if "--as-of" in args:
        result = spo("check", *sorted(FIXTURES.glob("*.yaml")), *args[:2])
        assert result.returncode in (0, 1) and "Traceback" not in result.stderr, result.stderr


def test_a_case_file_name_with_a_newline(tmp_path):
    case = tmp_path / "new\nline.yaml"
    case.write_text(BASE.read_text().replace("Harlow", "Harlow\u200b"))
    result = spo("check", case)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    for line in result.stdout.splitlines()[1:]:
        assert line.startswith("  ")  # no line of output can be faked by the name
    assert "new?line.yaml" in result.stdout
    assert not os.path.exists("new")
