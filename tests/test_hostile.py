"""Hostile and broken YAML is refused with file:line:col, exit 1, no traceback, and nothing of
its content in any output."""

from __future__ import annotations

import json
import re

import pytest
from conftest import HOSTILE, ids, spo

from spo_cli.yaml_io import MAX_BYTES


def canaries(data: bytes) -> set[str]:
    return set(re.findall(r"CANARY-[A-Z0-9]+", data.decode("utf-8", "replace")))


def position(data: bytes) -> str:
    return re.search(rb"^# at: (\d+:\d+)$", data, re.M).group(1).decode()


@pytest.mark.parametrize("path", HOSTILE, ids=ids(HOSTILE))
@pytest.mark.parametrize("as_json", [False, True], ids=["human", "json"])
def test_hostile_file_is_refused_cleanly(path, as_json):
    data = path.read_bytes()
    result = spo("check", *(["--json"] if as_json else []), path)
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "Traceback" not in output
    for canary in canaries(data):
        assert canary not in output
    line, column = map(int, position(data).split(":"))
    if as_json:
        report = json.loads(result.stdout)
        issue = report["issues"][0]
        assert (report["ok"], issue["rule"], issue["line"], issue["column"]) == \
            (False, "yaml", line, column)
    else:
        assert f"{path}:{line}:{column}: error yaml" in result.stdout


def test_no_tag_was_ever_executed(tmp_path):
    spo("check", *HOSTILE)
    assert not (tmp_path / "spo-pwned").exists()
    assert not __import__("pathlib").Path("/tmp/spo-pwned").exists()


@pytest.mark.parametrize("name,data,where", [
    ("utf16.yaml", "schema: spo-case/1\nname: CANARY-UTF16\n".encode("utf-16"), "1:1"),
    ("huge.yaml", b"schema: spo-case/1\nx: CANARY-HUGE" + b"x" * MAX_BYTES + b"\n", "0:0"),
    ("nul.yaml", b"schema: spo-case/1\na: CANARY-NUL\x00\n", "2:14"),
], ids=["utf-16", "over-1-MiB", "raw-NUL"])
def test_unreadable_bytes_are_refused(tmp_path, name, data, where):
    path = tmp_path / name
    path.write_bytes(data)
    result = spo("check", path)
    assert result.returncode == 1
    assert f"{path}:{where}: error yaml" in result.stdout
    assert "CANARY" not in result.stdout + result.stderr


def test_missing_file_is_reported_and_the_others_still_checked(tmp_path):
    from conftest import VALID

    result = spo("check", "--json", tmp_path / "nope.yaml", VALID[0])
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert result.returncode == 1
    assert [r["ok"] for r in rows] == [False, True]
    assert rows[0]["issues"][0]["message"] == "the file does not exist"
