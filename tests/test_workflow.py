"""The interview's logic with a scripted asker: which questions apply, defaults, validation
through the schema, clashes shown at once, answers files, missing answers, authorisation."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from conftest import FIXTURES, case_copy, spo

from spo_cli import sitting
from spo_cli.authorisation import authorise_case
from spo_cli.check import check_file
from spo_cli.errors import CaseInvalidError, MissingAnswersError
from spo_cli.workflow import Question, load_workflow, parse_answer, walk_questions
from spo_cli.yaml_io import load_case_file

TODAY = date(2026, 11, 23)  # the fixtures' complaint dates are doubted when far from "today"


def interview_case(*args, **kwargs):
    """The interview as of a fixed day: as the calendar moved on, a fixture's complaint date
    became "months ago", and a scripted "no" to that doubt asked the date again forever."""
    return sitting.interview_case(*args, **{"today": TODAY, **kwargs})


class ScriptedAsker:
    """Answers from a table of prompt fragments; records every prompt and every refusal."""

    def __init__(self, answers: dict[str, list], fallback: Callable[[Question], object]):
        self.answers = {k: list(v) for k, v in answers.items()}
        self.fallback = fallback
        self.asked: list[str] = []
        self.refused: list[str] = []
        self.shown: list[str] = []
        self.headings: list[str] = []

    def _next(self, question: Question):
        self._asked(question.prompt)
        for fragment, queue in self.answers.items():
            if fragment in question.prompt and queue:
                return queue.pop(0)
        return self.fallback(question)

    def ask(self, question, default, check):
        value = self._next(question)
        candidates = value if isinstance(value, list) else [value]
        for text in candidates:
            text = default if text is None else text
            problem = check(text or "")
            if problem is None:
                return text or ""
            self.refused.append(problem)
        raise AssertionError(f"every scripted answer to {question.prompt!r} was refused")

    def choose(self, question, choices, default):
        value = self._next(question)
        return default if value is None else value

    def choose_many(self, question, choices, default):
        value = self._next(question)
        return value if value is not None else default

    def confirm(self, prompt, default, help=""):
        self._asked(prompt)
        for fragment, queue in self.answers.items():
            if fragment in prompt and queue:
                return queue.pop(0)
        return default

    def _asked(self, prompt: str) -> None:
        self.asked.append(prompt)
        if self.asked.count(prompt) > 50:  # a loop in the interview fails, never hangs
            raise AssertionError(f"{prompt!r} asked over and over")

    def heading(self, text):
        self.headings.append(text)

    def show(self, text):
        self.shown.append(text)


def no_more(question):
    return None  # take the default, or leave an optional field empty


def test_every_workflow_loads_and_names_only_known_types():
    for kind in ("full", "interim", "variation", "renewal", "discharge", "transfer", "outcome"):
        workflow = load_workflow(kind)
        assert workflow.questions
        for question in walk_questions(workflow.questions):
            assert question.prompt or question.assign or (
                question.type == "repeat" and question.item), \
                question.field


@pytest.mark.parametrize("born,asked", [("2009-01-01", True), ("1990-01-01", False)])
def test_yjs_questions_only_for_a_child_defendant(tmp_path, born, asked):
    case = case_copy(tmp_path, "child-defendant-yjs.yaml",
                     ("date_of_birth: 2010-04-12", f"date_of_birth: {born}"),
                     ("yjs_consultation:\n  service: Westmere Youth Justice Service\n"
                      "  officer: Jo Whitfield, YJS case manager\n  date: 2026-10-28\n"
                      "  summary: Supports an order with a requirement to attend the healthy "
                      "relationships programme.\n", ""))
    asker = ScriptedAsker({"Youth Justice Service": ["Westmere YJS"],
                           "YJS officer": ["Jo Whitfield"], "Date of the consultation":
                           ["2026-10-28"], "YJS's views": ["Supports an order."]}, no_more)
    interview_case(case, None, None, asker)
    assert any("Youth Justice" in p for p in asker.asked) is asked
    assert ("yjs_consultation" in case.read_text()) is asked


@pytest.mark.parametrize("fixture,interim_asked", [("full-with-interim.yaml", False),
                                                   ("full-stranger-online.yaml", False)])
def test_a_complete_case_asks_nothing(tmp_path, fixture, interim_asked):
    case = case_copy(tmp_path, fixture)
    before = case.read_text()
    asker = ScriptedAsker({}, no_more)
    interview_case(case, None, None, asker)
    assert asker.asked == ["What next?"]  # only the review's menu
    assert case.read_text() == before  # nothing rewritten: comments and layout intact
    assert "0 error(s)" in asker.shown[-1]


def test_interim_questions_only_when_interim_is_sought(tmp_path):
    case = case_copy(tmp_path, "full-stranger-online.yaml",
                     ("  interim_sought: false\n", ""))
    asker = ScriptedAsker({"interim order at the same time": [True],
                           "immediate risk of harm": [True],
                           "Why is the risk immediate": ["He came to her door last night."],
                           "Interim period sought": ["8 weeks"]}, no_more)
    interview_case(case, None, None, asker)   # absent means not sought: nothing asked
    assert not any("Interim period" in p for p in asker.asked)
    interview_case(case, None, None, asker, edit="application")
    assert any("Interim period" in p for p in asker.asked)
    assert check_file(case).ok


def test_invalid_answers_are_refused_by_the_schema_and_re_asked(tmp_path):
    case = case_copy(tmp_path, "renewal.yaml", ("  date: 2026-10-01\n", ""),
                     (', number: "6502"}', '}'))
    asker = ScriptedAsker({"Date the complaint": [["2026/11/20", "2026-02-30", "2026-10-01"]],
                           "Collar or warrant number": [["SECRET-CANARY\u202e", "6502"]]},
                          no_more)
    interview_case(case, None, None, asker)
    assert asker.refused[:2] == ["write the date as 20/11/2026 or 2026-11-20",
                                 "30 February 2026 does not exist"]
    assert "U+202E" in asker.refused[2]
    assert not any("SECRET-CANARY" in r for r in asker.refused)
    assert check_file(case).ok


def test_a_clash_is_shown_when_the_condition_creates_it_and_can_be_justified(tmp_path):
    case = case_copy(tmp_path, "full-with-interim.yaml", (
        "    - id: R1\n      text: >-\n        To attend an assessment for, and if found suitable "
        "complete, the Northshire stalking\n        perpetrator intervention programme.\n"
        "      supervisor: Northshire Multi-Agency Stalking Intervention Programme\n"
        "      risk_addressed: Fixation and escalation.\n"
        "      when: {days: [tue], from: \"17:00\", to: \"19:00\"}\n", ""))
    asker = ScriptedAsker({
        "What next?": ["add", "finish"], "Add to which list?": ["conditions.requirements"],
        "The requirement": [None], "Fill in the programme": ["the Northshire programme"],
        "Who provides": ["Northshire MASIP"], "Which risk": ["Fixation."],
        "Days and times it takes place": ["Mon 14:00-16:00"],
        "What do you want to do": ["justify"],
        "Why can the clash not be avoided": ["The only sessions are on Monday afternoons."],
    }, no_more)
    interview_case(case, None, None, asker)
    assert any("R1 clashes in time or place with the defendant's work at" in s
               for s in asker.shown)
    assert not any("work[0]" in s for s in asker.shown)
    report = check_file(case)
    assert report.ok
    assert {(i.rule, i.severity) for i in report.issues} == {  # risk-tool: the base's S-DASH
        ("conflict-work", "warning"), ("risk-tool", "warning")}


def test_answers_file_with_a_field_missing_and_no_input_exits_3(tmp_path):
    answers = case_copy(tmp_path, "full-with-interim.yaml", ("  area_basis: resides\n", ""))
    result = spo("interview", tmp_path / "new.yaml", "--answers", answers, "--no-input")
    assert result.returncode == 3
    assert "defendant.area_basis" in result.stderr.splitlines()[1]
    assert "Harlow" not in result.stderr


def test_answers_file_with_a_complete_case_makes_a_case_that_passes(tmp_path):
    answers = FIXTURES / "full-with-interim.yaml"
    shutil.copytree(FIXTURES / "exhibits", tmp_path / "exhibits")
    result = spo("interview", tmp_path / "new.yaml", "--answers", answers, "--no-input")
    assert result.returncode == 0, result.stderr
    assert spo("check", tmp_path / "new.yaml").returncode == 0
    text = (tmp_path / "new.yaml").read_text()
    assert 'time: "10:00"' in text and 'number: "4521"' in text


def test_an_invalid_value_in_the_answers_file_is_refused_by_field(tmp_path):
    answers = case_copy(tmp_path, "full-with-interim.yaml",
                        ("duration: {years: 3}", "duration: {years: three}"))
    result = spo("interview", tmp_path / "new.yaml", "--answers", answers, "--no-input")
    assert result.returncode == 1
    assert "application.order_sought.duration" in result.stderr and "three" not in result.stderr


def authorisation_answers(tmp_path: Path, rank: str = "Superintendent") -> Path:
    path = tmp_path / "authorisation.yaml"
    path.write_text(
        "authorisation:\n"
        f"  officer: {{name: Helen Okafor, rank: {rank}, number: \"117\"}}\n"
        "  decision: authorised\n"
        "  date: 2026-11-19\n"
        "  considered:\n"
        "    necessary_and_proportionate: Escalation despite bail.\n"
        "    victim_views: Obtained on 12 November; she supports it.\n"
        "    application_justified: C1 to C3 and the assessment support every term.\n"
        "    risk_assessment: S-DASH high, reviewed with the SPOC.\n"
        "    rights: Article 8 of both weighed; terms avoid work and worship.\n")
    return path


def test_authorise_seals_the_case_comments_survive_and_any_change_is_seen(tmp_path):
    case = case_copy(tmp_path, "full-with-interim.yaml")
    sealed = authorise_case(case, authorisation_answers(tmp_path), None)
    assert sealed["content_hash"].startswith("sha256:")
    assert check_file(case).ok
    text = case.read_text()
    assert "# Every person, place and reference here is fictional." in text
    case.write_text(text.replace("risk:\n", "risk:  # reviewed 20 November\n"))
    assert check_file(case).ok  # a comment changes nothing
    case.write_text(case.read_text().replace("level: high", "level: medium"))
    rules = {i.rule for i in check_file(case).issues}
    assert "authorisation-stale" in rules
    assert spo("render", case, "--out", tmp_path / "out").returncode == 1


def test_authorise_refuses_while_errors_remain(tmp_path):
    case = case_copy(tmp_path, "full-with-interim.yaml", ("  area_basis: resides\n", ""))
    with pytest.raises(CaseInvalidError):
        authorise_case(case, authorisation_answers(tmp_path), None)
    assert "authorisation" not in case.read_text().split("exhibits:")[1]


def test_authorise_without_answers_and_no_terminal_lists_what_is_missing(tmp_path):
    case = case_copy(tmp_path, "full-with-interim.yaml")
    with pytest.raises(MissingAnswersError) as caught:
        authorise_case(case, None, None)
    assert "authorisation.considered.rights" in caught.value.paths
    result = spo("authorise", case, "--no-input")
    assert result.returncode == 3


def test_authorise_then_render_a_final_bundle_of_forms(tmp_path):
    case = case_copy(tmp_path, "full-with-interim.yaml")
    result = spo("authorise", case, "--answers", authorisation_answers(tmp_path), "--no-input")
    assert result.returncode == 0, result.stderr
    assert "authorised, sealed sha256:" in result.stdout
    render = spo("render", case, "--form", "authorisation", "--out", tmp_path / "out")
    assert render.returncode == 0, render.stderr


def test_sensitive_answers_never_reach_the_review_or_an_error(tmp_path):
    case = case_copy(tmp_path, "full-with-interim.yaml",
                     ("  name: {given: Daniel James, family: Harlow}\n", ""),
                     ("  date_of_birth: 1991-03-07\n", ""))
    canaries = {"CANARY-GIVEN", "CANARY-FAMILY"}
    asker = ScriptedAsker({"Defendant's name": ["CANARY-FAMILY, CANARY-GIVEN"],
                           "Defendant's date of birth": [["CANARY-DOB", "1991-03-07"]]},
                          no_more)
    interview_case(case, None, None, asker)
    said = "\n".join(asker.shown + asker.refused)
    assert "write the date as 20/11/2026 or 2026-11-20" in asker.refused
    for canary in (*canaries, "CANARY-DOB"):
        assert canary not in said
    assert "CANARY-GIVEN" in case.read_text()  # it was recorded, just never echoed
    sensitive = [q.field for kind in ("full", "transfer")
                 for q in walk_questions(load_workflow(kind).questions) if q.sensitive]
    assert "defendant.address" in sensitive and "description" in sensitive


class SequenceAsker:
    """Answers prompts strictly in order; each must contain the expected fragment. The
    number of steps is the number of prompts the officer sees."""

    def __init__(self, steps: list[tuple[str, object]]):
        self.steps = list(steps)
        self.asked: list[str] = []
        self.shown: list[str] = []

    def _next(self, prompt):
        self.asked.append(prompt)
        assert self.steps, f"unexpected prompt {prompt!r}"
        fragment, value = self.steps.pop(0)
        assert fragment in prompt, (fragment, prompt)
        return value

    def ask(self, question, default, check):
        value = self._next(question.prompt)
        assert check(value) is None, (question.prompt, check(value))
        return value

    def choose(self, question, choices, default):
        value = self._next(question.prompt)
        return default if value is None else value

    def choose_many(self, question, choices, default):
        return self._next(question.prompt)

    def confirm(self, prompt, default, help=""):
        return self._next(prompt)

    def heading(self, text):
        pass

    def show(self, text):
        self.shown.append(text)


def commitment(kind, what, when_where):
    return [(f"{kind} - What is it?", what), ("When and where?", when_where)]


FLAGS = ["victim_of_conduct", "address_confidential", "views.supports_application"]


def person(n, name, same=False):
    return [(f"Protected person PP{n} - Name", name), ("Date of birth", "21/09/1994"),
            ("Relationship", "former partner"),
            ("Their address", "PP1" if same else "14 Elm Grove, Northtown, NT2 5RF"),
            ("views obtained", "12/11/2026"), ("Their views", "Supports it."),
            ("Tick what is true", FLAGS)]


def act(n, when_where, what, evidence=None):
    return [(f"Act C{n} - Date of the act", when_where),
            ("What kind of behaviour", ["following"]), ("What happened?", what),
            ("Exhibit references", evidence or f"SP/{n}")]


CAMPAIGN = [  # the issue's 188-prompt run: 2 protected persons, 4 acts, 3 commitments,
    # 3 prohibitions, 1 requirement, 6 exhibits, a 14-month campaign; force from the profile
    ("reference", "NS/SPO/2026/0188"), ("Date the complaint", "20/11/2026"),
    ("interim order", False), ("Duration sought", "3"),
    ("Hearing date and time", "04/12/2026 10:00"),
    ("Defendant's name", "Harlow, Daniel James"),
    ("Defendant's date of birth, then the address", "07/03/1991, 27 Mill Lane, Northtown, NT4 7QD"),
    ("Why may your force apply", "resides"),
    ("Does the defendant have any of these",
     ["defendant.commitments.religion", "defendant.commitments.work"]),
    *commitment("Religious commitment 1", "Friday prayers",
                "Fri 12:30-14:00, Central Mosque, Northtown, NT1 4AA"),
    ("Religious commitment 2", ""),
    *commitment("Work commitment 1", "Warehouse",
                "Mon-Fri 07:00-15:30, Fenwick Logistics, Northtown, NT6 1LP"),
    *commitment("Work commitment 2", "Bar work", "Sat 18:00-23:00, The Crown, Northtown, NT1 1AA"),
    ("Work commitment 3", ""),
    *person(1, "Bennett, Laura"), *person(2, "Bennett, Amy", same=True),
    ("Protected person PP3", ""),
    *act(1, "01/09/2025 until 31/10/2026, Northtown", "Messages most days."),
    *act(2, "16/10/2026, Northtown", "Waited outside her work."),
    *act(3, "01/11/2026, Northtown", "Followed her."),
    *act(4, "16/11/2026, Northtown", "Watched the house.", "SP/4, SP/5"), ("Act C5", ""),
    ("Date of the risk assessment", "18/11/2026, S-DASH and SASH"),
    ("Risk level", "high"), ("Risk factors", "escalation"), ("Summary of the risk", "High."),
    ("Why is an order necessary", "Bail breached."),
    ("Other measures considered", ["Bail conditions"]), ("Why is it not enough", "Breached."),
    ("Prohibition P1", "no-contact"), ("Whom does it protect", ["PP1", "PP2"]),
    ("Which risk", "Contact (C1)."),
    ("Prohibition P2", "exclusion-zone"), ("Fill in the exhibit", "SP/6"),
    ("Fill in the places", "Riverside Park"), ("Whom does it protect", ["PP1", "PP2"]),
    ("Which risk", "Waiting near her work (C2)."), ("postcodes", "NT6 1LQ"),
    ("Prohibition P3", "surveillance"), ("Whom does it protect", ["PP1"]),
    ("Which risk", "Following (C3)."),
    ("Prohibition P4", "requirements:intervention"),  # a requirement ends the prohibitions
    ("Fill in the programme", "the programme"),
    ("Who provides", "Northshire MASIP"), ("Which risk", "Fixation."),
    ("Days and times", "Tue 17:00-19:00"), ("Requirement R2", "__done__"),
    ("Does any of these apply", []),  # no PDF files yet, no hearsay
    *[(f"Exhibit SP/{n} - What is it?", f"Exhibit {n}") for n in range(1, 7)],
]


def test_prompt_count_of_the_issue_s_188_prompt_campaign(tmp_path):
    profile = tmp_path / "profile.yaml"
    profile.write_text(
        "schema: spo-case/1\nforce:\n  name: Northshire Police\n  chief_officer: Chief "
        "Constable Alex Morgan\n  area: Northshire\n  courts:\n    main: {name: Northtown "
        "Magistrates' Court, local_justice_area: Northshire}\n"
        "applicant_officer: {name: Samira Patel, rank: Detective Constable, number: \"4521\"}\n")
    steps = [*CAMPAIGN, ("What next?", "finish")]
    asker = SequenceAsker(steps)
    interview_case(tmp_path / "case.yaml", "full", [profile], asker)
    assert asker.steps == []
    assert check_file(tmp_path / "case.yaml").ok, [
        (i.rule, i.path) for i in check_file(tmp_path / "case.yaml").issues]
    print(f"campaign prompts: {len(asker.asked) - 1}")  # the review menu excluded
    assert len(asker.asked) - 1 <= 81  # was 188 before the first round of changes, then 109


def _question(field: str, within: str = "") -> Question:
    top = {q.field: q for q in load_workflow("full").questions}
    return next(q for q in top[within].questions if q.field == field) if within else top[field]


@pytest.mark.parametrize("field,within,typed,expected", [
    ("date", "conduct", "16/10/2026, online", ((date(2026, 10, 16), None), "online")),
    ("date", "conduct", "01/09/2026 until 30/09/2026, her street, Northtown",
     ((date(2026, 9, 1), date(2026, 9, 30)), "her street, Northtown")),
    ("application.hearing.date", "", "04/12/2026 10:00", (date(2026, 12, 4), "10:00")),
    ("application.hearing.date", "", "04/12/2026", (date(2026, 12, 4), None)),
    ("when", "defendant.commitments.work", "Mon-Fri 07:00-15:30, Fenwick Logistics, NT6 1LP",
     ({"days": ["mon", "tue", "wed", "thu", "fri"], "from": "07:00", "to": "15:30"},
      {"name": "Fenwick Logistics", "address": ["NT6 1LP"]})),
    ("defendant.name", "", "Harlow, Daniel  James", {"given": "Daniel James", "family": "Harlow"}),
])
def test_a_shared_line_is_cut_where_both_answers_read_as_their_types(field, within, typed,
                                                                   expected):
    assert parse_answer(_question(field, within), typed) == expected


@pytest.mark.parametrize("field,within,typed,message", [
    ("date", "conduct", "16/10/2026 online", "put a comma after the date or range, then where"),
    ("date", "conduct", "16/10/2026", "add a comma, then where it happened"),
    ("date", "conduct", "31/02/2026, online", "31 February 2026 does not exist"),
    ("application.hearing.date", "", "04/12/2026 10am", "write the time as 10:00"),
    ("defendant.date_of_birth", "", "07/03/1991 Flat 3, Mill Lane",
     "put a comma after the date, then the address"),
    ("defendant.name", "", "Daniel James Harlow", "the family name, a comma, then the given"),
])
def test_a_shared_line_that_cannot_be_cut_says_how_without_repeating_it(field, within, typed,
                                                                       message):
    with pytest.raises(ValueError) as refused:
        parse_answer(_question(field, within), typed)
    assert message in str(refused.value)
    assert not any(part in str(refused.value) for part in ("1991", "Mill", "Harlow", "online"))


class ChoicesAsker(ScriptedAsker):
    """Also records the choices each select list offered."""

    def __init__(self, *args):
        super().__init__(*args)
        self.offered: dict[str, list[str]] = {}

    def choose(self, question, choices, default):
        self.offered[question.prompt] = [value for value, _ in choices]
        return super().choose(question, choices, default)


def test_editing_a_prohibition_never_offers_a_requirement_in_its_place(tmp_path):
    case = case_copy(tmp_path, "full-with-interim.yaml")
    shutil.copytree(FIXTURES / "exhibits", tmp_path / "exhibits", dirs_exist_ok=True)
    before = load_case_file(case).data["conditions"]
    asker = ChoicesAsker({"What next?": ["item", "finish"],
                          "Which item?": ["conditions.prohibitions:0"]}, no_more)
    interview_case(case, None, None, asker)
    offered = next(v for k, v in asker.offered.items() if "The term" in k)
    assert "no-contact" in offered and not any(":" in value for value in offered)
    after = load_case_file(case).data["conditions"]
    assert after["prohibitions"][0]["text"] == before["prohibitions"][0]["text"]  # Enter keeps
    assert len(after["prohibitions"]) == len(before["prohibitions"])
    assert len(after["requirements"]) == len(before["requirements"])


def test_review_menu_edits_one_item_and_deletes_another(tmp_path):
    case = case_copy(tmp_path, "full-with-interim.yaml")
    shutil.copytree(FIXTURES / "exhibits", tmp_path / "exhibits", dirs_exist_ok=True)
    asker = ScriptedAsker({
        "What next?": ["item", "delete", "finish"],
        "Which item?": ["conduct:1", "exhibits:3"],
        "Date of the act": ["15/07/2026 until 20/07/2026, outside her home"],
        "Delete it?": [True],
    }, no_more)
    interview_case(case, None, None, asker)
    data = load_case_file(case).data
    assert data["conduct"][1]["date_to"].isoformat() == "2026-07-20"
    assert [e["ref"] for e in data["exhibits"]] == ["SP/1", "SP/2", "SP/3", "SP/5"]
    menu = [text for text in asker.shown if text.startswith("Review:")]
    assert len(menu) == 3 and "C2: 15 July 2026 until 20 July 2026" in menu[-1]


def test_outcome_flow_records_post_order_actions_and_a_breach(tmp_path):
    case = case_copy(tmp_path, "full-with-interim.yaml")
    asker = ScriptedAsker({
        "What did the court decide": ["granted"], "Date of the decision": ["2026-12-15"],
        "Which order was made": ["full"], "Last day of the order": ["2029-12-14"],
        "Which action was done": ["pnc", "victim_informed", "__done__"],
        "Date it was done": ["2026-12-16", "2026-12-15"],
        "Date of the breach": ["2027-01-10", ""], "Id of the term breached": ["P1"],
        "Date it was reported": ["2027-01-10"], "Result so far": ["pending"],
    }, no_more)
    issues = interview_case(case, "outcome", None, asker)
    data = check_file(case).case.data
    assert [r["action"] for r in data["outcome"]["recorded"]] == ["pnc", "victim_informed"]
    assert data["breaches"][0]["term"] == "P1"
    assert data["application"]["kind"] == "full"  # a supplement never changes the kind
    assert "breach-reassessment" in {i.rule for i in issues}


@pytest.mark.parametrize("station,expected", [
    ("Northtown Police Station", "To report to Northtown Police Station every Tuesday"),
    ("Northtown", "To report to Northtown police station every Tuesday"),
])
def test_a_catalogue_term_names_the_officers_station_once(tmp_path, station, expected):
    case = case_copy(tmp_path, "full-with-interim.yaml",
                     ("station: Northtown Police Station", f"station: {station}"))
    shutil.copytree(FIXTURES / "exhibits", tmp_path / "exhibits", dirs_exist_ok=True)
    asker = ScriptedAsker({"What next?": ["item", "finish"],
                           "Which item?": ["conditions.requirements:0"],
                           "The requirement": ["report"], "Fill in the day": ["Tuesday"],
                           "Fill in the times": ["18:00 and 20:00"]}, no_more)
    interview_case(case, None, None, asker)
    text = load_case_file(case).data["conditions"]["requirements"][0]["text"]
    assert text == f"{expected} between 18:00 and 20:00."
