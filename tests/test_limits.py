"""Any case file under the size limit is checked quickly: one located error per list past its
length limit, and one when conditions x commitments would make clash checking explode."""

from __future__ import annotations

import copy
import re

import pytest
from conftest import FIXTURES, spo
from test_schema_types import dump

from spo_cli.yaml_io import MAX_BYTES, MAX_ITEMS, load_case_file


def base() -> dict:
    return load_case_file(FIXTURES / "full-with-interim.yaml").data


def errors(stdout: str) -> list[str]:
    return [line for line in stdout.splitlines() if ": error " in line]


@pytest.mark.parametrize("lists", [1, 3])
def test_each_list_past_the_limit_is_one_located_error(tmp_path, lists):
    data = base()
    for name in ("conduct", "exhibits", "hearsay")[:lists]:
        item = data[name][0] if data.get(name) else {"statement": "SP/1"}
        data[name] = [copy.deepcopy(item) for _ in range(MAX_ITEMS + 100)]
    case = tmp_path / "case.yaml"
    case.write_text(dump(data))
    assert case.stat().st_size < MAX_BYTES
    result = spo("check", case, timeout=60)
    assert result.returncode == 1
    found = errors(result.stdout)
    assert len(found) == lists, found
    assert all(re.search(r"case\.yaml:[1-9][0-9]*:[0-9]+: error yaml", e) for e in found)
    assert all(f"more than {MAX_ITEMS} items" in e for e in found)


def test_clash_work_is_bounded_with_one_located_error(tmp_path):
    data = base()
    prohibition = data["conditions"]["prohibitions"][0]
    commitment = data["defendant"]["commitments"]["work"][0]
    data["conditions"]["prohibitions"] = [copy.deepcopy(prohibition) for _ in range(400)]
    data["defendant"]["commitments"]["work"] = [copy.deepcopy(commitment) for _ in range(400)]
    case = tmp_path / "case.yaml"
    case.write_text(dump(data))
    assert case.stat().st_size < MAX_BYTES
    for command in (["check"], ["render", "--draft", "--out", tmp_path / "out"]):
        result = spo(command[0], case, *command[1:], timeout=60)
        assert result.returncode == 1 and "Traceback" not in result.stderr
    found = errors(spo("check", case, timeout=60).stdout)
    assert len(found) == 1 and " limits conditions: " in found[0]
    assert "commitments is more than" in found[0]
