"""The safe loader: YAML 1.2 typing we control, positions for every field."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from spo_cli.errors import CaseFileError
from spo_cli.yaml_io import decode, load_case_text, resolve_scalar


@pytest.mark.parametrize("text,value", [
    ("no", "no"), ("yes", "yes"), ("on", "on"), ("NO", "NO"), ("12:30", "12:30"),
    ("true", True), ("False", False), ("~", None), ("null", None), ("", None),
    ("42", 42), ("-3", -3), ("0", 0), ("2.5", 2.5), ("1e3", 1000.0),
    ("2026-11-20", date(2026, 11, 20)), ("2028-02-29", date(2028, 2, 29)),
    ("NT1 1AA", "NT1 1AA"), ("Smith & Sons", "Smith & Sons"),
])
def test_plain_scalars_follow_yaml_1_2(text, value):
    assert resolve_scalar(text, plain=True) == (value, None)


@pytest.mark.parametrize("text", ["07700900123", "0800", "-012", "0o17", "0x1F", ".inf", ".nan",
                                  "2026-02-30", "2027-02-29", "2026-13-01", "2026-1-5",
                                  "2026-11-20T10:00:00", "2026-11-20 10:00"])
def test_ambiguous_plain_scalars_are_problems(text):
    value, problem = resolve_scalar(text, plain=True)
    assert problem and text not in problem


@pytest.mark.parametrize("text", ["07700900123", "true", "2026-11-20", "~"])
def test_quoted_scalars_are_always_text(text):
    assert resolve_scalar(text, plain=False) == (text, None)


def test_positions_point_at_keys_and_items():
    doc = load_case_text("a:\n  b: 1\n  c:\n    - x\n    - {d: 2}\n")
    assert doc.positions[("a", "b")] == (2, 3)
    assert doc.positions[("a", "c", 1)] == (5, 7)
    assert doc.positions[("a", "c", 1, "d")] == (5, 8)


def test_duplicate_key_keeps_the_first_value_and_reports_the_second():
    doc = load_case_text("a: 1\nb: 2\na: 3\n")
    assert doc.data == {"a": 1, "b": 2}
    [problem] = doc.problems
    assert (problem.line, problem.column) == (3, 1)
    assert "first given on line 1" in problem.message


def test_crlf_and_utf8_bom_are_accepted():
    assert load_case_text(decode(b"\xef\xbb\xbfa: 1\r\nb: x\r\n")).data == {"a": 1, "b": "x"}


@given(st.binary(max_size=300))
@example(b"a: &x [1]\nb: *x\n")
@example(b"a: !!python/object:os.system x\n")
@example(b"[" * 100)
def test_any_bytes_either_load_or_raise_our_error(data):
    try:
        load_case_text(decode(data))
    except CaseFileError as exc:
        assert exc.message
