"""The interview: a workflow walked over a case file, section by section.

Every answer, typed or taken from an answers file, goes through the same schema and rules as
`spo check`, and is saved as soon as it is given, so an interrupted interview resumes at the
first unanswered question. Without a terminal nothing is assumed: a missing answer is listed,
never defaulted. The terminal is behind the `Asker` protocol (prompts.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from . import item_lists, schema
from .asking import _plain, ask_question, current_text, far_date
from .check import check_file
from .errors import CaseError, MissingAnswersError
from .item_lists import dotted
from .law import ADULT_AGE
from .model import Case, Issue, Path_, Severity, format_path
from .render import expression
from .review import plain
from .typed import overnight
from .workflow import (
    CONFLICT_RULES,
    SUPPLEMENTS,
    Asker,
    Question,
    Section,
    Workflow,
    catalogue,
    parse,
)
from .yaml_edit import RoundTrip
from .yaml_io import load_case_text, lookup

MISSING = "is required but missing"  # schema's word for a gap: the walk reports gaps itself


@dataclass
class Interview:
    """Walks a workflow over a case file."""

    document: RoundTrip
    asker: Asker | None                    # None: no terminal, nothing may be asked
    answers: dict[str, Any] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)
    kind: str = ""
    touched: set[Path_] = field(default_factory=set)  # owners filled in during this run
    editing: bool = False                  # re-ask answered questions, answers as defaults
    workflow: Workflow | None = None
    heading: str = ""                      # the section heading still to be shown
    later: tuple[Path_, ...] = ()          # owners of the sections after the current one
    original: str = ""                     # the file as it was before this run
    was_complete: bool = False             # it passed spo check when this run began
    today: date | None = None              # --as-of: what "today" is for doubts about dates
    skipped: set[str] = field(default_factory=set)  # fields left out at a `which` tick list
    ticked: set[str] = field(default_factory=set)   # lists ticked there: at least one item
    preset: dict[str, str] = field(default_factory=dict)  # catalogue -> term already chosen

    def __post_init__(self) -> None:
        self.original = self.document.text()

    def run(self, workflow: Workflow) -> None:
        """Ask (or take from the answers) every applicable question not yet answered."""
        self.workflow, self.kind = workflow, workflow.kind
        self.was_complete = (workflow.kind not in SUPPLEMENTS and self.document.path.exists()
                             and not any(i.severity is Severity.ERROR for i in self.issues()))
        self.merge(self.answers.get("__root__", {}), ())
        for number in range(len(workflow.sections)):
            self.walk_section(number)
        if self.missing:
            raise MissingAnswersError(self.missing)

    def walk_section(self, number: int, editing: bool = False) -> None:
        assert self.workflow is not None
        sections = self.workflow.sections
        section = sections[number]
        self.heading = _heading(number, len(sections), section)
        self.editing = editing
        rest = tuple(q.path for s in sections[number + 1:] for q in s.questions)
        for index, question in enumerate(section.questions):
            self.later = tuple(q.path for q in section.questions[index + 1:]) + rest
            self.visit(question, ())
        self.editing = False

    @property
    def tty(self) -> Asker:
        """The asker, once the section's heading is on the screen."""
        assert self.asker is not None
        if self.heading:
            self.asker.heading(self.heading)
            self.heading = ""
        return self.asker

    # -- answers files ---------------------------------------------------------------------

    def merge(self, given: Any, path: Path_) -> None:
        """Fill every gap the answers files cover, at any depth, each value checked like a
        typed answer. Every wrong value is named; nothing is written if one is wrong."""
        wrong: list[str] = []
        self._merge(given, path, wrong)
        if wrong:
            self.document = RoundTrip(self.document.path, self.original)
            raise CaseError("the answers file has wrong values:\n  " + "\n  ".join(wrong))
        if self.document.text() != self.original or not self.document.path.exists():
            self.document.save()

    def _merge(self, given: Any, path: Path_, wrong: list[str]) -> None:
        pairs = (given.items() if isinstance(given, dict) else
                 enumerate(given) if isinstance(given, list) else ())
        for key, value in pairs:
            here = (*path, key)
            current = self.document.get(here)
            if isinstance(current, dict) and isinstance(value, dict) or \
                    isinstance(current, list) and isinstance(value, list) and current and \
                    all(isinstance(v, dict) for v in (*current, *value)):
                self._merge(value, here, wrong)
            elif current in (None, "", []) and value not in (None, "", []):
                issue = self.issue_for(here, value, gaps=False)
                if issue:
                    wrong.append(f"{issue.path} {issue.message}")
                else:
                    self.document.set(here, value)

    def answers_at(self, path: Path_) -> Any:
        """The answers files' value for `path`."""
        return lookup(self.answers.get("__root__", {}), path)

    # -- walking ---------------------------------------------------------------------------

    def visit(self, question: Question, base: Path_, item: int | None = None) -> None:
        path = (*base, *question.path)
        if not self.applies(question, base, item) or dotted(path) in self.skipped:
            return
        if question.joined and self.asker is not None:
            return  # answered on the line of the question before it
        if question.type == "which":
            item_lists.which(self, question)
        elif question.type == "flags":
            item_lists.flags(self, question, base, item)
        elif question.type == "repeat":
            self.repeat(question, path)
        elif question.assign:
            if self.document.get(path) in (None, ""):
                self.store(path, self.assigned(question, base))
        elif self.asks_again(question):
            self.answer(question, path, item)
        else:
            self.unanswered(question, base, path, item)

    def unanswered(self, question: Question, base: Path_, path: Path_,
                   item: int | None) -> None:
        """Ask what is still wanted: a line shared with a partner question when both are,
        else whichever of the two is missing, alone."""
        own = self.document.get(path) in (None, "", []) and self.wanted(question, base)
        partner = question.partner if self.asker is not None else None
        there = (*base, *partner.path) if partner else ()
        empty = partner is not None and self.document.get(there) in (None, "", [])
        if own:  # the partner's own `when` may hang on this answer: it is offered anyway
            self.answer(question if empty else replace(question, partner=None), path, item)
        elif empty and partner is not None and self.wanted(partner, base) and \
                self.applies(partner, base, item):
            self.answer(replace(partner, joined=False), there, item)

    def repeat(self, question: Question, path: Path_) -> None:
        item_lists.repeat(self, question, path)

    def new_item(self, question: Question, path: Path_, index: int) -> bool:
        """One more item of a list (None typed at its first question: no more)."""
        return item_lists.new_item(self, question, path, index)

    def asks_again(self, question: Question) -> bool:
        """While editing, an answered question is asked again with its answer offered."""
        return self.editing and self.asker is not None and question.editable

    def wanted(self, question: Question, base: Path_) -> bool:
        """Optional questions are asked while their section or item is being filled in, not
        again on every resume of a case that already has it."""
        if question.required:
            return True
        owner = base or question.path[:1]
        return owner in self.touched or self.document.get(owner) is None

    def applies(self, question: Question, base: Path_, item: int | None) -> bool:
        if not question.when:
            return True
        return bool(expression(question.when)(self.facts(base, item)))

    def facts(self, base: Path_ = (), item: int | None = None) -> dict[str, Any]:
        """What `when` expressions can see."""
        data = self.plain()
        case = Case(data)
        age = case.defendant_age()
        node = self.document.get(base) if base else None
        return {
            "kind": self.kind, "case": data, "interim": case.interim_sought,
            "defendant_under_18": age is not None and age < ADULT_AGE,
            "child_protected": bool(case.children()),
            "item": _plain(node) if isinstance(node, dict) else {},
            "n": (item or 0) + 1,
        }

    def started_later(self) -> bool:
        """Whether a list here was finished in an earlier run: a later question holds an
        answer, or the case passed spo check before this run began."""
        if self.was_complete:
            return True
        return any(self.document.get(owner) not in (None, "", [], {}) for owner in self.later
                   if owner[0] not in ("force", "applicant_officer"))

    def assigned(self, question: Question, base: Path_) -> str:
        """The next free id: PP1, C3, SP/2 (never one already used in the list)."""
        siblings = self.document.get(base[:-1]) or []
        used = {str(s.get(question.field)) for s in siblings if isinstance(s, dict)}
        n = int(base[-1]) + 1
        while question.assign.replace("{n}", str(n)) in used:
            n += 1
        return question.assign.replace("{n}", str(n))

    def after_item(self, question: Question, path: Path_) -> None:
        """A clash with a commitment is shown the moment a condition creates it."""
        if not question.catalogue:
            return
        clashes = [i for i in self.issues() if i.rule in CONFLICT_RULES and
                   i.severity is Severity.ERROR and i.path == format_path(path)]
        for issue in clashes:
            self.tty.show(f"  {plain(issue.message, self.plain())} [{issue.source}]")
            choice = self.tty.choose(
                Question(field="clash", prompt="What do you want to do?"),
                [("change", "Change the condition"),
                 ("justify", "Record why avoiding the clash is not practicable")], "change")
            if choice == "change":
                self.editing = True
                for sub in question.questions:
                    self.visit(sub, path, int(path[-1]))
                self.editing = False
            else:
                self.justify(path, issue.message)

    def justify(self, path: Path_, message: str) -> None:
        commitment = re.search(r"((?:religion|work|education|family_court_orders)\[\d+\])",
                               message)
        reason = Question(field="reason", type="prose", prompt="Why can the clash not be "
                          "avoided? (s.2(3): so far as practicable)")
        entry = ("conditions", "conflict_justifications",
                 len(self.document.get(("conditions", "conflict_justifications")) or []))
        self.document.set((*entry, "condition"), self.document.get((*path, "id")))
        self.document.set((*entry, "commitment"), commitment.group(1) if commitment else "")
        self.store((*entry, "reason"), self.ask(reason, (*entry, "reason"), None))

    # -- one answer ------------------------------------------------------------------------

    def answer(self, question: Question, path: Path_, item: int | None) -> None:
        if self.asker is None:  # nobody to ask, and nothing is assumed
            if question.required:
                self.missing.append(format_path(path))
            return
        value = self.ask(question, path, item)
        if value is not None:
            self.store_value(question, path, value)
        elif self.editing and self.document.get(path) is not None:
            self.document.remove(path)  # an optional answer cleared while editing
            self.document.save()

    def ask(self, question: Question, path: Path_, item: int | None, gate: bool = False,
            number: int = 0, noun: str = "") -> Any:
        """What the officer answers (None: blank), checked as `spo check` would."""
        return ask_question(self, question, path, item, gate, number, noun)

    def store_value(self, question: Question, path: Path_, value: Any) -> None:
        """A parsed answer into the case: a date range fills `date` and `date_to`; a line
        shared with a partner question fills both."""
        if question.partner is not None:
            own, other = value
            self.store_value(replace(question, partner=None), path, own)
            there = (*path[:-len(question.path)], *question.partner.path)
            if other is not None:
                self.store_value(question.partner, there, other)
            elif self.document.get(there) is not None:
                self.document.remove(there)
                self.document.save()
            return
        if question.type == "daterange":
            start, end = value
            self.store(path, start)
            if end is not None:
                self.store((*path[:-1], "date_to"), end)
            else:
                self.document.remove((*path[:-1], "date_to"))
            return
        self.store(path, value)

    def problem(self, path: Path_, value: Any) -> str | None:
        """Why `value` cannot go at `path`, or None."""
        issue = self.issue_for(path, value)
        return issue.message if issue else None

    def issue_for(self, path: Path_, value: Any, gaps: bool = True) -> Any:
        """The first schema or text issue `value` would cause at or under `path` (with
        `gaps` false, a field still missing under it is not an issue: it is asked later)."""
        trial = RoundTrip(self.document.path, self.document.text())
        trial.set(path, value)
        where = format_path(path)
        try:
            data = load_case_text(trial.text()).data
        except Exception:  # a value ruamel cannot write back is refused, whatever it is
            return Issue("schema", Severity.ERROR, where, None, None,
                         "cannot be written to a case file", schema.SOURCE)
        for issue in schema.validate(Case(data)):
            if (issue.path == where or issue.path.startswith((where + ".", where + "["))) \
                    and (gaps or issue.message != MISSING):
                return issue
        return None

    def store(self, path: Path_, value: Any) -> None:
        self.touched.update(path[:end] for end in range(1, len(path)))
        self.document.set(path, value)
        self.document.save()

    def plain(self) -> dict[str, Any]:
        return load_case_text(self.document.text()).data

    def issues(self) -> list[Any]:
        """Every issue spo check reports for the case as saved (the same code path)."""
        return check_file(self.document.path).issues


def _heading(number: int, total: int, section: Section) -> str:
    lines = [f"{number + 1} of {total} - {section.title}"]
    if section.purpose:
        lines.append(f"  {section.purpose}")
    if section.source:
        lines.append(f"  Source: {section.source}")
    return "\n".join(lines)


__all__ = ["Interview", "catalogue", "current_text", "far_date", "overnight", "parse"]
