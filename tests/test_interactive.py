"""The interview and the authorisation on a real terminal (pexpect): a full application from
an empty file, an interrupt and a resume that loses nothing, and an authorisation."""

from __future__ import annotations

import os
import re
import shutil
import sys
from pathlib import Path

import pexpect
import pytest
from conftest import FIXTURES

from spo_cli.build import check_file

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX terminal")

DOWN, SPACE, ENTER = "\x1b[B", " ", "\r"
ENV = {**os.environ, "TERM": "xterm", "PROMPT_TOOLKIT_NO_CPR": "1", "NO_COLOR": "1"}


def line(text: str) -> str:
    return text + ENTER


def pick(downs: int) -> str:
    return DOWN * downs + ENTER


def tick(*positions: int) -> str:
    """Checkbox: tick the options at these positions (0-based), then confirm."""
    keys, here = "", 0
    for position in positions:
        keys += DOWN * (position - here) + SPACE
        here = position
    return keys + ENTER


YES, NO = "y", "n"

FULL = [  # (prompt fragment, keys), in the order a full application asks them
    ("reference for this application", line("NS/SPO/2026/0300")),
    ("Date the complaint will be laid", line("2026-11-20")),
    ("interim order at the same time", NO),
    ("Duration sought", line("")),                       # default: 2 years
    ("Force name", line("Northshire Police")),
    ("Chief officer", line("Chief Constable Alex Morgan")),
    ("Police area", line("Northshire")),
    ("Magistrates' court that will hear it", line("Northtown Magistrates' Court")),
    ("Court address", line("Court House, 12 Bridge Street, Northtown, NT1 2BB")),
    ("Local justice area", line("Northshire")),
    ("Legal services team", line("")),
    ("Court for the hearing", line("")),                 # default: main
    ("Hearing date, if listed", line("")),
    ("Officer in the case - name", line("Samira Patel")),
    ("Rank", line("Detective Constable")),
    ("Collar or warrant number", line("4521")),
    ("Station", line("Northtown Police Station")),
    ("Email", line("")),
    ("Phone", line("")),
    ("Defendant's given names", line("Daniel James")),
    ("Defendant's family name", line("Harlow & Sons")),
    ("Other names or aliases", line("Danny Harlow")),
    ("Defendant's date of birth", line("1991-03-07")),
    ("Defendant's address", line("Flat 3, 27 Mill Lane, Northtown, NT4 7QD")),
    ("Why may your force apply", pick(0)),               # resides
    ("Add a religious commitment", NO),
    ("Add a work commitment", YES),
    ("What is it?", line("Warehouse operative")),
    ("Where? (name of the place)", line("Fenwick Logistics")),
    ("Address of the place", line("Unit 9, Riverside Park, Northtown, NT6 1LP")),
    ("Which days?", tick(0, 1, 2, 3, 4)),
    ("From (HH:MM)", line("07:00")),
    ("To (HH:MM)", line("15:30")),
    ("Add another work commitment", NO),
    ("Add a school, college or course", NO),
    ("Add a family court order about a child", NO),
    ("Identifier for this person", line("")),            # PP1
    ("Given names", line("Laura")),
    ("Family name", line("Bennett")),
    ("Date of birth", line("1994-09-21")),
    ("Relationship to the defendant", line("former partner")),
    ("Were they a victim of the acts", YES),
    ("Their address", line("14 Elm Grove, Northtown, NT2 5RF")),
    ("Keep this address confidential", YES),
    ("When were their views obtained", line("2026-11-12")),
    ("Their views on the risk", line("Supports the application.")),
    ("Do they support the application", YES),
    ("Add another protected person", NO),
    ("Identifier for this act", line("")),               # C1
    ("Date of the act", line("2026-11-16")),
    ("Where did it happen", line("Outside her workplace")),
    ("What kind of behaviour", tick(0, 4)),              # following, loitering
    ("What happened?", line("Waited outside her workplace and followed her.")),
    ("Exhibit references", line("SP/1")),
    ("Add another act associated with stalking", NO),
    ("Risk assessment tool", line("")),                  # S-DASH
    ("Date of the assessment", line("2026-11-18")),
    ("Risk level", pick(2)),                             # high
    ("Risk factors", line("escalation, fixation")),
    ("Summary of the risk", line("Escalating fixation; risk of psychological harm.")),
    ("Why is an order necessary", line("Bail conditions were breached twice.")),
    ("Add a other measure considered", NO),
    ("Add a prohibition", YES),
    ("Identifier for this term", line("")),              # P1
    ("The term, as it will read in the order", pick(0)),  # the no-contact clause
    ("The term, as it will read in the order", line("")),  # accept the filled-in text
    ("Protected person ids", line("")),                  # PP1
    ("Which risk does it address? (link", line("Unwanted contact (C1).")),
    ("its postcodes", line("")),
    ("Add another prohibition", NO),
    ("Add a positive requirement", YES),
    ("Identifier for this requirement", line("")),       # R1
    ("The requirement, as it will read", pick(0)),       # intervention programme
    ("Fill in: programme", line("the Northshire intervention programme")),
    ("The requirement, as it will read", line("")),
    ("Who provides or supervises it", line("Northshire MASIP")),
    ("Which risk does it address?", line("Fixation.")),
    ("Days it takes place", tick(1)),                    # tue
    ("From (HH:MM)", line("17:00")),
    ("To (HH:MM)", line("19:00")),
    ("Add another positive requirement", NO),
    ("Exhibit reference", line("SP/1")),
    ("Description", line("CCTV stills")),
    ("PDF file", line("")),
    ("Add another exhibit", NO),
    ("Add a hearsay statement relied on", NO),
]


def spawn(*args: str) -> pexpect.spawn:
    return pexpect.spawn(sys.executable, ["-m", "spo_cli", *args], env=ENV, encoding="utf-8",
                         timeout=20, dimensions=(50, 160))


def play(child: pexpect.spawn, script: list[tuple[str, str]]) -> None:
    for prompt, keys in script:
        child.expect(re.escape(prompt))
        child.expect(r"\S")  # let the prompt finish drawing before typing
        child.send(keys)


def finish(child: pexpect.spawn) -> int:
    child.expect(pexpect.EOF)
    child.close()
    return child.exitstatus


def test_full_application_from_an_empty_file(tmp_path):
    case = tmp_path / "case.yaml"
    child = spawn("interview", str(case), "--kind", "full")
    play(child, FULL)
    child.expect("Review: full application NS/SPO/2026/0300")
    child.expect(r"0 error\(s\)")
    assert finish(child) == 0
    report = check_file(case)
    assert report.ok, [(i.rule, i.message) for i in report.issues]
    text = case.read_text()
    assert 'number: "4521"' in text and "Harlow & Sons" in text
    assert "Not to contact Laura Bennett directly or indirectly" in text


def test_interrupt_then_resume_loses_nothing(tmp_path):
    case = tmp_path / "case.yaml"
    stop = [p for p, _ in FULL].index("Defendant's date of birth")
    child = spawn("interview", str(case), "--kind", "full")
    play(child, FULL[:stop])
    child.expect(re.escape(FULL[stop][0]))
    child.sendcontrol("c")
    child.expect("answers given so far are saved")
    assert finish(child) == 130
    saved = case.read_text()
    assert "family: Harlow & Sons" in saved and "date_of_birth" not in saved
    child = spawn("interview", str(case))  # the kind is in the file now
    play(child, FULL[stop:])               # the first prompt is the first unanswered one
    child.expect(r"0 error\(s\)")
    assert finish(child) == 0
    assert check_file(case).ok
    assert "given: Daniel James" in case.read_text()


AUTHORISE = [
    ("Authorising officer's name", line("Helen Okafor")),
    ("Rank (acting and temporary ranks qualify)", pick(0)),   # Superintendent
    ("Warrant or collar number", line("117")),
    ("1. Why is the order necessary", line("Escalation despite bail.")),
    ("2. How were the victim's views", line("She supports it.")),
    ("3. Is the application complete", line("C1 to C3 support every term.")),
    ("4. Risk assessment", line("S-DASH high, reviewed with the SPOC.")),
    ("5. How were the rights", line("Article 8 of both weighed.")),
    ("Decision", pick(0)),                                   # authorised
    ("Reasons or conditions", line("")),
]


def test_superintendent_authorises_on_the_terminal(tmp_path):
    case = tmp_path / "case.yaml"
    shutil.copy(FIXTURES / "full-with-interim.yaml", case)
    shutil.copytree(FIXTURES / "exhibits", tmp_path / "exhibits")
    child = spawn("authorise", str(case), "--as-of", "2026-11-19")
    child.expect("Review: full application NS/SPO/2026/0143")
    play(child, AUTHORISE)
    child.expect("authorised, sealed sha256:")
    assert finish(child) == 0
    report = check_file(case)
    assert report.ok and not [i for i in report.issues if i.rule.startswith("authorisation")]
    assert "date: 2026-11-19" in case.read_text()


def test_authorise_on_a_case_with_errors_refuses_before_asking(tmp_path):
    case = tmp_path / "case.yaml"
    shutil.copy(FIXTURES / "invalid" / "duration.yaml", case)
    shutil.copytree(FIXTURES / "invalid" / "exhibits", tmp_path / "exhibits")
    child = spawn("authorise", str(case))
    child.expect("must be fixed before it can be authorised")
    assert finish(child) == 1
    assert Path(case).read_text() == (FIXTURES / "invalid" / "duration.yaml").read_text()
