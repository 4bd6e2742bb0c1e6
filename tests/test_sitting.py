"""One sitting on a real terminal (pexpect): the standard full application with a force profile
and its prompt count, the Enter-after-yes/no trap, editing from the review, resuming a list
after Ctrl-C with context, and the authorisation's court view and its refusal to seal."""

from __future__ import annotations

import os
import re
import shutil
import sys

import pexpect
import pytest
from conftest import FIXTURES, spo

from spo_cli.check import check_file

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX terminal")

DOWN, SPACE, ENTER, DONE = "\x1b[B", " ", "\r", "\x1b\r"  # DONE: Esc Enter ends a narrative
ENV = {**os.environ, "TERM": "xterm", "PROMPT_TOOLKIT_NO_CPR": "1", "NO_COLOR": "1"}
PROFILE = """\
schema: spo-case/1
force:
  name: Northshire Police
  chief_officer: Chief Constable Alex Morgan
  area: Northshire
  courts:
    main:
      name: Northtown Magistrates' Court
      address: [Court House, 12 Bridge Street, Northtown, NT1 2BB]
      local_justice_area: Northshire
applicant_officer:
  name: Samira Patel
  rank: Detective Constable
  number: "4521"
  station: Northtown Police Station
"""


def line(text: str) -> str:
    return text + ENTER


def prose(text: str) -> str:
    return text + DONE


def pick(downs: int) -> str:
    return DOWN * downs + ENTER


def tick(*positions: int) -> str:
    keys, here = "", 0
    for position in positions:
        keys += DOWN * (position - here) + SPACE
        here = position
    return keys + ENTER


YES, NO = line("y"), line("n")
TODAY = ("--as-of", "2026-11-23")  # the dates below are questioned if far from "today"

STANDARD = [  # (prompt fragment, keys): one step per prompt, in the order they come
    ("reference for this application", line("NS/SPO/2026/0300")),
    ("Date the complaint is made", line("20/11/2026")),
    ("interim order at the same time", NO),
    ("Duration sought", line("3")),
    ("Hearing date and time", line("04/12/2026 10:00")),
    ("Defendant's name", line("Harlow, Daniel James")),
    ("Defendant's date of birth, then the address",
     line("07/03/1991, Flat 3, 27 Mill Lane, Northtown, NT4 7QD")),
    ("Why may your force apply", pick(0)),
    ("Does the defendant have any of these", tick(0, 1)),  # religion, work
    ("Religious commitment 1 - What is it?", line("Attends Friday prayers")),
    ("When and where?",
     line("Fri 12:30-14:00, Northtown Central Mosque, 4 Station Road, Northtown, NT1 4AA")),
    ("Religious commitment 2 - What is it?", line("")),
    ("Work commitment 1 - What is it?", line("Warehouse operative")),
    ("When and where?",
     line("Mon-Fri 07:00-15:30, Fenwick Logistics, Unit 9, Riverside Park, Northtown, NT6 1LP")),
    ("Work commitment 2 - What is it?", line("")),
    ("Protected person PP1 - Name", line("Bennett, Laura")),
    ("Date of birth", line("21/09/1994")),
    ("Relationship to the defendant", line("former partner")),
    ("Their address", line("14 Elm Grove, Northtown, NT2 5RF")),
    ("When were their views obtained", line("12/11/2026")),
    ("Their views on the risk", prose("Supports the application.")),
    ("Tick what is true", ENTER),  # victim, confidential address, supports: ticked already
    ("Protected person PP2 - Name", line("")),
    ("Act C1 - Date of the act", line("01/09/2026 until 30/09/2026, Outside her workplace")),
    ("What kind of behaviour", tick(0, 4)),
    ("What happened?", prose("Waited outside her workplace most evenings\nand followed her.")),
    ("Exhibit references", line("SP/1")),
    ("Act C2 - Date of the act", line("16/10/2026, Online")),
    ("What kind of behaviour", tick(1)),
    ("What happened?", prose("Sent 40 messages in one night.")),
    ("Exhibit references", line("SP/2")),
    ("Act C3 - Date of the act", line("16/11/2026, Her street")),
    ("What kind of behaviour", tick(6)),
    ("What happened?", prose("Watched her house from a parked car.")),
    ("Exhibit references", line("SP/3")),
    ("Act C4 - Date of the act", line("")),
    ("Date of the risk assessment", line("18/11/2026, S-DASH and SASH")),
    ("Risk level", pick(2)),
    ("Risk factors", line("escalation, fixation")),
    ("Summary of the risk", prose("Escalating fixation; risk of psychological harm.")),
    ("Why is an order necessary", prose("Bail conditions were breached twice.")),
    ("Other measures considered", tick(0)),                  # bail conditions
    ("Why is it not enough", prose("Breached twice in October.")),
    ("Prohibition P1 - The term", pick(0)),                  # no contact, filled in
    ("Which risk does it address", prose("Unwanted contact (C2).")),
    ("Prohibition P2 - The term", pick(2)),                  # exclusion zone
    ("Fill in the exhibit", line("SP/3")),
    ("Fill in the places", line("Riverside Park")),
    ("Which risk does it address", prose("Waiting near her work (C1).")),
    ("The zone's postcodes", line("NT6 1LQ, NT6 1LR")),
    ("Prohibition P3 - The term", pick(11)),                 # the first requirement:
    ("Fill in the programme", line("the Northshire stalking intervention programme")),  # R1
    ("Who provides or supervises it", line("Northshire MASIP")),
    ("Which risk does it address", prose("Fixation.")),
    ("Days and times it takes place", line("Tue 17:00-19:00")),
    ("Requirement R2 - The requirement", pick(0)),
    ("Does any of these apply", ENTER),  # no PDF files yet, no hearsay
    ("Exhibit SP/1 - What is it?", line("CCTV stills")),    # the cited ones, in turn
    ("Exhibit SP/2 - What is it?", line("Message log")),
    ("Exhibit SP/3 - What is it?", line("Map of the exclusion zone")),
]


def spawn(*args: str, env: dict[str, str] | None = None) -> pexpect.spawn:
    return pexpect.spawn(sys.executable, ["-m", "spo_cli", *args], env=env or ENV,
                         encoding="utf-8", timeout=30, dimensions=(50, 200))


def play(child: pexpect.spawn, script: list[tuple[str, str]]) -> None:
    for prompt, keys in script:
        child.expect(re.escape(prompt))
        child.expect(r"\S")  # let the prompt finish drawing before typing
        child.send(keys)


def finish(child: pexpect.spawn) -> int:
    child.expect(pexpect.EOF)
    child.close()
    return child.exitstatus


@pytest.fixture
def profiled(tmp_path):
    """A profile in the user's config folder, found without any option."""
    folder = tmp_path / "config" / "spo"
    folder.mkdir(parents=True)
    (folder / "profile.yaml").write_text(PROFILE)
    return {**ENV, "XDG_CONFIG_HOME": str(tmp_path / "config")}


def test_the_standard_application_in_one_sitting_with_its_prompt_count(tmp_path, profiled):
    case = tmp_path / "case.yaml"
    child = spawn("interview", str(case), "--kind", "full", *TODAY, env=profiled)
    play(child, STANDARD)
    child.expect("Review: full application NS/SPO/2026/0300")
    child.expect("What next?")
    review = child.before
    child.send(ENTER)                                       # Finish
    assert finish(child) == 0
    assert "Acts: C1: 1 September 2026 until 30 September 2026" in review
    assert f"Next: spo authorise {case}" in review
    assert len(STANDARD) <= 60  # the issue's standard application, with a profile
    report = check_file(case)
    assert report.ok, [(i.rule, i.path) for i in report.issues]
    text = case.read_text()
    assert "date_to: 2026-09-30" in text and "court: main" in text
    assert "Northshire Police" in text and 'number: "4521"' in text
    assert "from: \"07:00\"" in text and "id: PP1" in text and "ref: SP/3" in text
    assert "Not to contact Laura Bennett directly or indirectly" in text
    assert "protects: [PP1]" in text
    assert 'time: "10:00"' in text and "family: Harlow" in text and "tool: S-DASH" in text
    assert "victim_of_conduct: true" in text and "address_confidential: true" in text
    assert "measure: Bail conditions" in text and "supervisor: Northshire MASIP" in text
    assert "id: R1" in text and "id: P3" not in text and "ref: SP/4" not in text
    assert "file:" not in text and "hearsay" not in text and "education" not in text


def test_enter_after_yes_no_does_not_answer_the_next_question(tmp_path, profiled):
    case = tmp_path / "case.yaml"
    child = spawn("interview", str(case), "--kind", "full", *TODAY, env=profiled)
    play(child, STANDARD[:2])
    child.expect(re.escape("s.5(2) allows an interim application"))  # help for a yes/no too
    child.expect(re.escape("interim order at the same time"))
    child.expect(r"\S")
    child.send("n" + ENTER + ENTER + "x")  # an Enter and a letter typed ahead
    child.expect(re.escape("Duration sought"))
    child.expect(r"\S")
    child.send(line("3"))
    child.expect("Hearing date")
    child.sendcontrol("c")
    assert finish(child) == 130
    text = case.read_text()
    assert "years: 3\n" in text and "interim_sought: false" in text


@pytest.mark.parametrize("typed,refusal", [
    ("31/02/2026", "31 February 2026 does not exist"),
    ("2026-02-31", "31 February 2026 does not exist"),
])
def test_dates_the_way_people_type_them(tmp_path, profiled, typed, refusal):
    case = tmp_path / "case.yaml"
    child = spawn("interview", str(case), "--kind", "full", *TODAY, env=profiled)
    play(child, STANDARD[:1])
    child.expect("Date the complaint is made")
    child.expect(r"\S")
    child.send(line(typed))
    child.expect(refusal)
    child.sendcontrol("c")
    assert finish(child) == 130


def test_a_time_written_10am_is_refused_with_the_way_to_write_it(tmp_path, profiled):
    case = tmp_path / "case.yaml"
    child = spawn("interview", str(case), "--kind", "full", *TODAY, env=profiled)
    play(child, STANDARD[:4])
    child.expect("Hearing date and time")
    child.expect(r"\S")
    child.send(line("04/12/2026 10am"))
    child.expect(re.escape("write the time as 10:00"))
    child.sendcontrol("c")
    assert finish(child) == 130


def test_an_overnight_window_is_asked_about_and_printed_as_next_day(tmp_path, profiled):
    case = tmp_path / "case.yaml"
    stop = [p for p, _ in STANDARD].index("Work commitment 1 - What is it?")
    child = spawn("interview", str(case), "--kind", "full", *TODAY, env=profiled)
    play(child, STANDARD[:stop + 1])
    child.expect(re.escape("When and where?"))
    child.expect(r"\S")
    child.send(line("Mon-Fri 22:00-06:00, Fenwick Logistics"))
    child.expect(re.escape("22:00 to 06:00 (next day). Is it an overnight window?"))
    child.expect(r"\S")
    child.send(YES)
    child.expect("Work commitment 2")
    child.sendcontrol("c")
    assert finish(child) == 130
    assert 'to: "06:00"' in case.read_text()


def test_a_complaint_date_long_ago_is_questioned(tmp_path, profiled):
    case = tmp_path / "case.yaml"
    child = spawn("interview", str(case), "--kind", "full", *TODAY, env=profiled)
    play(child, STANDARD[:1])
    child.expect("Date the complaint is made")
    child.expect(r"\S")
    child.send(line("20/02/2025"))
    child.expect(r"months ago\. Is the date right\?")
    child.expect(r"\S")
    child.send(NO)
    child.expect("Date the complaint is made")  # asked again
    child.sendcontrol("c")
    assert finish(child) == 130
    assert "date:" not in case.read_text().split("application:")[-1].split("force:")[0]


def test_resume_after_ctrl_c_mid_list_shows_the_items_so_far(tmp_path, profiled):
    case = tmp_path / "case.yaml"
    stop = [p for p, _ in STANDARD].index("Act C2 - Date of the act")
    child = spawn("interview", str(case), "--kind", "full", *TODAY, env=profiled)
    play(child, STANDARD[:stop])
    child.expect(re.escape(STANDARD[stop][0]))
    child.sendcontrol("c")
    child.expect("answers given so far are saved")
    assert finish(child) == 130
    child = spawn("interview", str(case), *TODAY, env=profiled)
    child.expect("7 of 12 - The acts associated with stalking")
    child.expect(re.escape("Source: s.1(1)(a); Protection from Harassment Act 1997 s.2A(3)"))
    child.expect(re.escape("Acts so far: C1: 1 September 2026 until 30 September 2026"))
    play(child, STANDARD[stop:])                       # nothing finished is asked again
    child.expect("What next?")
    child.send(ENTER)
    assert finish(child) == 0
    assert check_file(case).ok


def test_edit_a_section_from_the_review_with_the_answers_as_defaults(tmp_path, profiled):
    case = tmp_path / "case.yaml"
    child = spawn("interview", str(case), "--kind", "full", *TODAY, env=profiled)
    play(child, STANDARD)
    child.expect("What next?")
    child.send(pick(1))                                 # Edit a section
    child.expect("Which section?")
    child.send(pick(0))                                 # 1. The application
    play(child, [("reference for this application", ENTER),       # kept
                 ("Date the complaint is made", ENTER),
                 ("interim order at the same time", ENTER),       # default: the answer, no
                 ("Duration sought", "\b" + line("5"))])
    child.expect("What next?")
    child.send(ENTER)
    assert finish(child) == 0
    text = case.read_text()
    assert "years: 5\n" in text and "reference: NS/SPO/2026/0300" in text
    assert check_file(case).ok


def test_a_partial_answers_file_at_depth_lists_every_missing_path(tmp_path):
    answers = tmp_path / "answers.yaml"
    text = (FIXTURES / "full-with-interim.yaml").read_text()
    for cut in ("  area_basis: resides\n", "  rank: Detective Constable\n"):
        assert cut in text
        text = text.replace(cut, "")
    answers.write_text(text.replace("tool: S-DASH, ", ""))
    more = tmp_path / "more.yaml"
    more.write_text("applicant_officer:\n  email: s.patel@northshire.police.example\n")
    case = tmp_path / "new.yaml"
    result = spo("interview", case, "--answers", answers, "--answers", more, "--no-input")
    assert result.returncode == 3, result.stderr
    listed = [ln.strip() for ln in result.stderr.splitlines()[1:4]]
    assert listed == ["applicant_officer.rank", "defendant.area_basis",
                      "risk.assessment.tool"]
    saved = case.read_text()
    assert "Harlow" not in result.stderr
    assert "given: Daniel James" in saved and "s.patel@northshire" in saved  # nothing dropped
    for unconfirmed in ("interim_sought: true\n  hearing: {court: main}",):
        assert unconfirmed not in saved


def test_no_input_never_writes_an_unconfirmed_default(tmp_path):
    answers = tmp_path / "answers.yaml"
    answers.write_text("application:\n  kind: full\n  reference: NS/SPO/2026/0301\n")
    case = tmp_path / "new.yaml"
    result = spo("interview", case, "--answers", answers, "--no-input")
    assert result.returncode == 3
    for path in ("application.hearing.court",
                 "protected_persons[0].victim_of_conduct", "risk.assessment.tool"):
        assert path in result.stderr
    saved = case.read_text()
    for default in ("interim_sought", "hearing", "S-DASH", "victim_of_conduct"):
        assert default not in saved


AUTHORISE = [
    ("Authorising officer's name", line("Helen Okafor")),
    ("Rank (acting and temporary ranks qualify)", pick(0)),
    ("Warrant or collar number", line("117")),
    ("1. Why is the order necessary", prose("Escalation despite bail.")),
    ("2. How were the victim's views", prose("She supports it.")),
    ("3. Is the application complete", prose("C1 to C3 support every term.")),
    ("4. Risk assessment", prose("S-DASH high, reviewed with the SPOC.")),
    ("5. How were the rights", prose("Article 8 of both weighed.")),
    ("Decision", pick(0)),
    ("Reasons or conditions", prose("")),
]


def authorisable(tmp_path):
    case = tmp_path / "case.yaml"
    shutil.copy(FIXTURES / "full-with-interim.yaml", case)
    shutil.copytree(FIXTURES / "exhibits", tmp_path / "exhibits")
    return case


def test_authorise_shows_the_terms_then_asks_to_seal(tmp_path):
    case = authorisable(tmp_path)
    child = spawn("authorise", str(case), "--as-of", "2026-11-19")
    child.expect("Grounds - acts associated with stalking")
    child.expect("Terms sought:")
    child.expect(r"Prohibition P1: Not to contact")
    child.expect(r"protects Laura Bennett; risk addressed:")
    child.expect("Duration sought: 3 years")
    play(child, AUTHORISE)
    child.expect(re.escape("Seal this authorisation for NS/SPO/2026/0143?"))
    child.expect(r"\S")
    child.send(YES)
    child.expect("authorised, sealed sha256:")
    assert finish(child) == 0
    assert check_file(case).ok
    # re-authorising offers the previous answers: Enter keeps each one
    child = spawn("authorise", str(case), "--as-of", "2026-11-19")
    play(child, [(p, DONE if k.endswith(DONE) else ENTER) for p, k in AUTHORISE])
    child.expect("Seal this authorisation")
    child.expect(r"\S")
    child.send(NO)
    child.expect("not sealed; nothing was written")
    assert finish(child) == 1
    assert "name: Helen Okafor" in case.read_text()


def test_authorise_refuses_to_seal_what_spo_check_would_then_fail(tmp_path):
    case = authorisable(tmp_path)
    before = case.read_text()
    child = spawn("authorise", str(case), "--as-of", "2027-06-01")  # after the complaint
    play(child, AUTHORISE)
    child.expect("not sealed: the case would then fail spo check")
    assert finish(child) == 1
    assert case.read_text() == before
