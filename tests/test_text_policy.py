"""Text that would hide or fake content on a court form is refused with its field and code
point (never the text); scripts that need joiners, and long CJK runs, are accepted."""

from __future__ import annotations

import pytest
from conftest import case_copy, spo

GIVEN = "name: {given: Daniel James, family: Harlow}"
CONDUCT = "description: Sat in his car opposite her home from 21:00 to 23:40."

HIDING = {
    "zero-width-joiner": "Dan\u200diel",
    "zero-width-non-joiner": "Dan\u200ciel",
    "word-joiner": "Dan\u2060iel",
    "hangul-filler-name": "\u3164",
    "halfwidth-hangul-filler": "Dan\uffa0",
    "tag-characters": "Daniel\U000E0041\U000E0042",
    "noncharacter": "Dan\ufdd0iel",
    "plane-noncharacter": "Dan\U0001FFFEiel",
    "interlinear-annotation": "Dan\ufff9iel\ufffb",
    "invisible-times": "Dan\u2062iel",
    "mongolian-vowel-separator": "Dan\u180eiel",
    "combining-grapheme-joiner": "Dan\u034fiel",
    "braille-blank": "Dan\u2800iel",
    "unassigned": "Dan\u0378iel",
}


@pytest.mark.parametrize("name", list(HIDING))
def test_characters_that_hide_content_are_refused_at_their_field(tmp_path, name):
    value = HIDING[name]
    case = case_copy(tmp_path, "full-with-interim.yaml",
                     (GIVEN, "name: {given: \"" + value + " James\", family: Harlow}"))
    result = spo("check", case)
    assert result.returncode == 1
    assert "defendant.name.given" in result.stdout and "U+" in result.stdout
    assert value not in result.stdout + result.stderr


@pytest.mark.parametrize("text", [
    "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645",         # Persian: ZWNJ inside a word
    "\u0915\u094d\u200d\u0937",                                  # Devanagari: ZWJ in a conjunct
    "\u5f20\u4f1f",                                              # a Chinese name
])
def test_scripts_that_need_joiners_are_accepted(tmp_path, text):
    case = case_copy(tmp_path, "full-with-interim.yaml",
                     (GIVEN, "name: {given: \"" + text + "\", family: Harlow}"))
    result = spo("check", case)
    assert " text defendant.name.given" not in result.stdout, result.stdout


def test_long_runs_of_cjk_text_without_spaces_are_accepted(tmp_path):
    long_run = "\u4ed6\u5750\u5728\u8f66\u91cc\u770b\u7740\u5979\u7684\u623f\u5b50" * 40
    case = case_copy(tmp_path, "full-with-interim.yaml",
                     (CONDUCT, f"description: {long_run}"))
    result = spo("check", case)
    assert "without a space" not in result.stdout, result.stdout
    (tmp_path / "l").mkdir()
    latin = case_copy(tmp_path / "l", "full-with-interim.yaml",
                      (CONDUCT, "description: " + "x" * 400))
    assert "without a space" in spo("check", latin).stdout
