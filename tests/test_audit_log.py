"""The audit log proves what it claims: every kind of tampering named with its first bad line,
never "chain intact" for a log that could not be read; a log that cannot be written stops
the operation before any output is replaced; nothing unvalidated is recorded."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest
from conftest import FIXTURES, case_copy, spo


def filled(tmp_path: Path, runs: int = 4) -> tuple[Path, dict[str, str]]:
    log = tmp_path / "state" / "audit.jsonl"
    env = {**os.environ, "SPO_AUDIT_LOG": str(log)}
    for _ in range(runs):
        assert spo("check", FIXTURES / "full-with-interim.yaml", env=env).returncode == 0
    return log, env


def reforge(lines: list[bytes]) -> list[bytes]:
    """Rewrite every `prev` so the chain is consistent again (an attacker's edit)."""
    out, previous = [], "0" * 64
    for line in lines:
        row = json.loads(line)
        row["prev"] = previous
        new = json.dumps(row, sort_keys=True).encode()
        out.append(new)
        previous = hashlib.sha256(new).hexdigest()
    return out


def edit_entry(lines):
    row = json.loads(lines[1])
    row["outcome"] = "failed: CaseError"
    return [lines[0], json.dumps(row, sort_keys=True).encode(), *lines[2:]]


def edit_last(lines):
    row = json.loads(lines[-1])
    row["user"] = "someone-else"
    return [*lines[:-1], json.dumps(row, sort_keys=True).encode()]


TAMPERING = {
    "edited-entry": (lambda lines: edit_entry(lines), "line 3"),
    "edited-last-entry": (edit_last, "line 4"),
    "removed-entry": (lambda lines: lines[:1] + lines[2:], "line 2"),
    "truncated-tail": (lambda lines: lines[:-1], "line 4"),
    "re-forged-chain": (lambda lines: reforge(edit_entry(lines)), "line 4"),
    "re-forged-and-cut": (lambda lines: reforge(lines[:2]), "line 3"),
    "garbage-line": (lambda lines: [*lines[:2], b"not json at all", *lines[2:]], "line 3"),
    "json-but-not-an-entry": (lambda lines: [*lines[:2], b"[1, 2]", *lines[2:]], "line 3"),
    "added-entry": (lambda lines: [*lines, reforge(lines + lines[-1:])[-1]], "line 5"),
}


@pytest.mark.parametrize("name", list(TAMPERING))
def test_verify_names_the_first_bad_line(tmp_path, name):
    log, env = filled(tmp_path)
    intact = spo("audit", "--verify", env=env)
    assert intact.returncode == 0 and ": chain intact, 4 entries, last sha256:" in intact.stdout
    change, where = TAMPERING[name]
    lines = log.read_bytes().splitlines()
    log.write_bytes(b"\n".join(change(lines)) + b"\n")
    result = spo("audit", "--verify", env=env)
    assert result.returncode == 1, result.stdout
    assert f"({where})" in result.stdout and "chain intact" not in result.stdout
    assert "Traceback" not in result.stderr
    listing = spo("audit", env=env)  # the listing still works on a damaged log
    assert listing.returncode == 0 and "Traceback" not in listing.stderr


@pytest.mark.parametrize("state", ["missing", "folder", "empty-no-head", "cut-mid-line",
                                   "head-missing"])
def test_verify_never_says_intact_for_a_log_it_could_not_read(tmp_path, state):
    log, env = filled(tmp_path, runs=2)
    if state == "missing":
        log.unlink()
    elif state == "folder":
        log.unlink()
        log.mkdir()
    elif state == "empty-no-head":
        log.write_bytes(b"")
        log.with_name("audit.jsonl.head").unlink()
    elif state == "cut-mid-line":
        log.write_bytes(log.read_bytes()[:-10])
    else:
        log.with_name("audit.jsonl.head").unlink()
    result = spo("audit", "--verify", env=env)
    assert result.returncode == 1 and "chain intact" not in result.stdout


@pytest.mark.parametrize("target", ["under-a-file", "device", "folder"])
def test_an_unwritable_log_stops_the_operation_before_outputs_change(tmp_path, target):
    case = case_copy(tmp_path, "full-with-interim.yaml")
    out = tmp_path / "out"
    assert spo("render", case, "--draft", "--form", "summons", "--out", out).returncode == 0
    folder = out / "NS-SPO-2026-0143"
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    (tmp_path / "plain").write_text("x")
    (tmp_path / "dir.jsonl").mkdir()
    log = {"under-a-file": tmp_path / "plain" / "audit.jsonl", "device": Path("/dev/full"),
           "folder": tmp_path / "dir.jsonl"}[target]
    case.write_text(case.read_text().replace("Harlow", "Harlowe"))
    result = spo("render", case, "--draft", "--form", "summons", "--out", out,
                 env={**os.environ, "SPO_AUDIT_LOG": str(log)})
    assert result.returncode == 4, result.stderr
    assert "audit log" in result.stderr and "nothing was done" in result.stderr
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before


def test_check_never_writes_into_the_current_folder(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("SPO_AUDIT_LOG", "XDG_STATE_HOME")}
    env["HOME"] = str(tmp_path / "home")
    work = tmp_path / "work"
    work.mkdir()
    assert spo("check", FIXTURES / "full-with-interim.yaml", cwd=work, env=env).returncode == 0
    assert list(work.iterdir()) == []
    assert (tmp_path / "home" / ".local" / "state" / "spo" / "audit.jsonl").is_file()
    env["XDG_STATE_HOME"] = str(tmp_path / "xdg")
    assert spo("check", FIXTURES / "full-with-interim.yaml", cwd=work, env=env).returncode == 0
    assert (tmp_path / "xdg" / "spo" / "audit.jsonl").is_file() and list(work.iterdir()) == []


@pytest.mark.parametrize("reference", ["Daniel Harlow", "NS/SPO/2026/0143\u202e", "x" * 80,
                                       "../../etc"])
def test_an_invalid_reference_never_reaches_the_log(tmp_path, reference):
    case = case_copy(tmp_path, "full-with-interim.yaml",
                     ("reference: NS/SPO/2026/0143", f"reference: {json.dumps(reference)}"))
    log = tmp_path / "audit.jsonl"
    result = spo("check", case, env={**os.environ, "SPO_AUDIT_LOG": str(log)})
    assert result.returncode == 1
    assert reference.encode() not in log.read_bytes()
    assert json.loads(log.read_text().splitlines()[-1])["cases"][0]["reference"] == ""
