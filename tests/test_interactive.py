"""The profile, `--edit SECTION` and the refusal to authorise a wrong case, on a real terminal
(pexpect). The sitting itself is in test_sitting.py."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
from conftest import FIXTURES, spo
from test_sitting import DONE, DOWN, ENTER, ENV, finish, line, play, spawn

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX terminal")

ESC_DONE = DONE  # Esc Enter ends a narrative
PROFILE = [
    ("Force name", line("Northshire Police")),
    ("Chief officer", line("Chief Constable Alex Morgan")),
    ("Police area", line("Northshire")),
    ("Magistrates' court", line("Northtown Magistrates' Court")),
    ("Court address", line("Court House, 12 Bridge Street, Northtown, NT1 2BB")),
    ("Local justice area", line("Northshire")),
    ("Legal services team", line("")),
    ("Officer in the case - name", line("Samira Patel")),
    ("Rank", line("Detective Constable")),
    ("Collar or warrant number", line("4521")),
    ("Station", line("Northtown Police Station")),
    ("Email", line("")),
    ("Phone", line("")),
]


def test_spo_profile_writes_the_profile_in_the_config_folder_then_offers_it(tmp_path):
    env = {**ENV, "XDG_CONFIG_HOME": str(tmp_path / "config")}
    child = spawn("profile", env=env)
    child.expect("1 of 2 - The force")
    play(child, PROFILE)
    child.expect("Profile saved")
    assert finish(child) == 0
    saved = tmp_path / "config" / "spo" / "profile.yaml"
    text = saved.read_text()
    assert "chief_officer: Chief Constable Alex Morgan" in text and 'number: "4521"' in text
    child = spawn("profile", env=env)               # again: the answers are offered
    play(child, [(p, ENTER) for p, _ in PROFILE[:7]] + [
        ("Officer in the case - name", "\x15" + line("Jo Reid"))] +   # Ctrl-U clears
        [(p, ENTER) for p, _ in PROFILE[8:]])
    assert finish(child) == 0
    assert "name: Jo Reid" in saved.read_text() and "Northshire Police" in saved.read_text()
    shown = spawn("profile", "--show", env=env)
    shown.expect("ok")
    assert finish(shown) == 0


def test_a_profile_the_schema_refuses_is_named_by_field(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("schema: spo-case/1\nforce:\n  name: [not, text]\ndefendant: {}\n")
    result = spo("interview", tmp_path / "case.yaml", "--profile", bad, "--no-input")
    assert result.returncode == 1
    assert "force.name" in result.stderr and "defendant" in result.stderr
    result = spo("interview", tmp_path / "case.yaml", "--profile", tmp_path / "none.yaml")
    assert result.returncode == 2


def test_edit_a_section_from_the_command_line(tmp_path):
    case = tmp_path / "case.yaml"
    shutil.copy(FIXTURES / "full-with-interim.yaml", case)
    shutil.copytree(FIXTURES / "exhibits", tmp_path / "exhibits")
    child = spawn("interview", str(case), "--edit", "risk", "--as-of", "2026-11-19")
    child.expect("The risk")
    play(child, [("Date of the risk assessment, then the tool", ENTER),  # both offered
                 ("Risk level", DOWN + ENTER),           # high -> wraps to standard
                 ("Risk factors", ENTER), ("Summary of the risk", ESC_DONE)])
    child.expect("What next?")
    child.send(ENTER)
    finish(child)
    text = case.read_text()
    assert "level: standard" in text and "tool: S-DASH" in text


def test_authorise_on_a_case_with_errors_refuses_before_asking(tmp_path):
    case = tmp_path / "case.yaml"
    shutil.copy(FIXTURES / "invalid" / "duration.yaml", case)
    shutil.copytree(FIXTURES / "invalid" / "exhibits", tmp_path / "exhibits")
    child = spawn("authorise", str(case))
    child.expect("must be fixed before it can be authorised")
    assert finish(child) == 1
    assert Path(case).read_text() == (FIXTURES / "invalid" / "duration.yaml").read_text()


def test_narratives_in_the_editor_start_from_the_current_text(tmp_path):
    case = tmp_path / "case.yaml"
    shutil.copy(FIXTURES / "full-with-interim.yaml", case)
    shutil.copytree(FIXTURES / "exhibits", tmp_path / "exhibits")
    editor = tmp_path / "editor.sh"  # an "editor" that keeps the text and adds a line
    editor.write_text('#!/bin/sh\nprintf "%s\\nReviewed with the SPOC.\\n" "$(cat "$1")" > "$1"\n')
    editor.chmod(0o700)
    env = {**ENV, "EDITOR": str(editor), "VISUAL": ""}
    child = spawn("interview", str(case), "--edit", "risk", "--editor", "--as-of",
                  "2026-11-19", env=env)
    play(child, [("Date of the risk assessment, then the tool", ENTER),
                 ("Risk level", ENTER), ("Risk factors", ENTER)])
    child.expect("What next?")
    child.send(ENTER)
    finish(child)
    text = case.read_text()
    assert "despite bail conditions. Risk of serious psychological harm.\n" \
           "    Reviewed with the SPOC." in text
