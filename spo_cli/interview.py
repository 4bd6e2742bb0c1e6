"""The interview: a workflow walked over a case file.

Every answer, typed or taken from an answers file, goes through the same schema and rules as
`spo check`, and is saved as soon as it is given, so an interrupted interview resumes at the
first unanswered question. The terminal is behind the `Asker` protocol (prompts.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import schema
from .build import check_file
from .errors import CaseError, MissingAnswersError
from .law import ADULT_AGE
from .model import Case, Issue, Path_, Severity, format_path
from .render import expression
from .workflow import (
    CONFLICT_RULES,
    KINDS,
    Asker,
    Question,
    Workflow,
    catalogue,
    kind_of,
    load_answers,
    load_workflow,
    parse,
)
from .yaml_edit import RoundTrip
from .yaml_io import load_case_text, lookup


@dataclass
class Interview:
    """Walks a workflow over a case file."""

    document: RoundTrip
    asker: Asker | None                    # None: no terminal, nothing may be asked
    answers: dict[str, Any] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)
    kind: str = ""
    touched: set[Path_] = field(default_factory=set)  # owners filled in during this run

    def run(self, workflow: Workflow) -> None:
        """Ask (or take from the answers) every applicable question not yet answered."""
        self.kind = workflow.kind
        self.merge(self.answers.get("__root__", {}), ())
        for question in workflow.questions:
            self.visit(question, ())
        if self.missing:
            raise MissingAnswersError(self.missing)

    def merge(self, given: Any, path: Path_) -> None:
        """Fill every gap the answers file covers, each value checked like a typed answer."""
        if not isinstance(given, dict):
            return
        for key, value in given.items():
            here = (*path, key)
            current = self.document.get(here)
            if isinstance(current, dict) and isinstance(value, dict):
                self.merge(value, here)
            elif current in (None, "", []) and value not in (None, "", []):
                issue = self.issue_for(here, value)
                if issue:
                    raise CaseError(f"the answers file's {issue.path} {issue.message}")
                self.document.set(here, value)
        if not path:
            self.document.save()

    # -- walking ---------------------------------------------------------------------------

    def visit(self, question: Question, base: Path_, item: int | None = None) -> None:
        path = (*base, *question.path)
        if not self.applies(question, base, item):
            return
        if question.type == "repeat":
            self.repeat(question, path)
        elif self.document.get(path) in (None, "", []) and self.wanted(question, base):
            self.answer(question, path, item)

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

    def repeat(self, question: Question, path: Path_) -> None:
        existing = self.document.get(path)
        count = len(existing) if isinstance(existing, list) else 0
        given = self.answers_at(path)
        if isinstance(given, list) and count == 0:
            count = len(given)  # items come whole from the answers file
        for index in range(count):  # (and items left half-answered are finished)
            for sub in question.questions:
                self.visit(sub, (*path, index), index)
        if self.asker is None:
            if count < question.minimum:
                self.missing.append(format_path((*path, count)))
            return
        while count < question.minimum or self.more(question, path, count):
            for sub in question.questions:
                self.visit(sub, (*path, count), count)
            self.after_item(question, (*path, count))
            count += 1

    def more(self, question: Question, path: Path_, count: int) -> bool:
        if question.catalogue == "requirements" and count == 0 and self.kind == "full":
            self.asker.show("No positive requirement yet. The guidance encourages them (an "
                            "intervention programme, an assessment, device access): only a "
                            "minority of orders have one (HMICFRS 2024).")
        noun = question.item or "item"
        return self.asker.confirm(f"Add {'another' if count else 'a'} {noun}?",
                                  default=count == 0 and question.minimum == 0 and
                                  question.catalogue == "requirements")

    def after_item(self, question: Question, path: Path_) -> None:
        """A clash with a commitment is shown the moment a condition creates it."""
        if not question.catalogue:
            return
        clashes = [i for i in self.issues() if i.rule in CONFLICT_RULES and
                   i.severity is Severity.ERROR and i.path == format_path(path)]
        for issue in clashes:
            self.asker.show(f"{issue.message} [{issue.source}]")
            choice = self.asker.choose(
                Question(field="clash", prompt="What do you want to do?"),
                [("change", "Change the condition"),
                 ("justify", "Record why avoiding the clash is not practicable")], "change")
            if choice == "change":
                for sub in question.questions:
                    if sub.field in ("text", "when", "zone.postcodes", "zone.streets"):
                        self.document.remove((*path, *sub.path))
                for sub in question.questions:
                    self.visit(sub, path, path[-1])
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

    def answers_at(self, path: Path_) -> Any:
        """The answers file's value for `path`."""
        return lookup(self.answers.get("__root__", {}), path)

    def answer(self, question: Question, path: Path_, item: int | None) -> None:
        given = self.answers_at(path)
        if given is not None:
            issue = self.issue_for(path, given)
            if issue:
                raise CaseError(f"the answers file's {issue.path} {issue.message}")
            self.store(path, given)
            return
        if self.asker is None:  # nobody to ask: a default stands, else it is missing
            default = _default(question, self.facts(path[:-len(question.path)], item))
            if default is not None:
                self.store(path, parse(question.type, str(default))
                           if question.type not in ("bool", "multi") else default)
            elif question.required:
                self.missing.append(format_path(path))
            return
        value = self.ask(question, path, item)
        if value is not None:
            self.store(path, value)

    def ask(self, question: Question, path: Path_, item: int | None) -> Any:
        asker = self.asker
        assert asker is not None
        default = _default(question, self.facts(path[:-len(question.path)], item))
        if question.type == "bool":
            return asker.confirm(question.prompt, default=bool(default))
        if question.type == "choice":
            return asker.choose(question, [(c, c.replace("_", " ")) for c in question.choices],
                                default)
        if question.type == "multi":
            return asker.choose_many(question, list(question.choices), default or [])
        if question.type == "clause":
            default = self.clause(question) or default
        parsed: dict[str, Any] = {}

        def check(text: str) -> str | None:
            if not text.strip():
                return "an answer is needed" if question.required else None
            try:
                parsed["value"] = parse(question.type, text)
            except ValueError as exc:
                return str(exc)
            return self.problem(path, parsed["value"])

        text = asker.ask(question, None if default is None else str(default), check)
        if not text.strip():
            return None
        return parsed.get("value", parse(question.type, text))

    def clause(self, question: Question) -> str | None:
        """Offer the catalogue's clauses; fill in their placeholders."""
        assert self.asker is not None
        options = catalogue().get(question.catalogue) or []
        if not options:
            return None
        choice = self.asker.choose(question, [(o["key"], o["text"]) for o in options] +
                                   [("own", "Write my own")], options[0]["key"])
        chosen = next((o for o in options if o["key"] == choice), None)
        if chosen is None:
            return None
        text = chosen["text"]
        people = " and ".join(" ".join(str(v) for v in (p.get("name") or {}).values())
                              for _, p in Case(self.plain()).items("protected_persons"))
        for slot in dict.fromkeys(re.findall(r"\{(\w+)\}", text)):
            fill = people if slot == "protected" else None
            if fill is None:
                fill = self.asker.ask(Question(field=slot, prompt=f"Fill in: {slot}"), None,
                                      lambda t: None if t.strip() else "an answer is needed")
            text = text.replace("{" + slot + "}", fill)
        return text

    def problem(self, path: Path_, value: Any) -> str | None:
        """Why `value` cannot go at `path`, or None."""
        issue = self.issue_for(path, value)
        return issue.message if issue else None

    def issue_for(self, path: Path_, value: Any) -> Any:
        """The first schema or text issue `value` would cause at or under `path`."""
        trial = RoundTrip(self.document.path, self.document.text())
        trial.set(path, value)
        where = format_path(path)
        try:
            data = load_case_text(trial.text()).data
        except Exception:  # a value ruamel cannot write back is refused, whatever it is
            return Issue("schema", Severity.ERROR, where, None, None,
                         "cannot be written to a case file", schema.SOURCE)
        for issue in schema.validate(Case(data)):
            if issue.path == where or issue.path.startswith((where + ".", where + "[")):
                return issue
        return None

    def store(self, path: Path_, value: Any) -> None:
        self.touched.update(path[:end] for end in range(1, len(path)))
        self.document.set(path, value)
        self.document.save()

    def plain(self) -> dict[str, Any]:
        return load_case_text(self.document.text()).data

    def issues(self) -> list[Any]:
        """Every issue spo check reports for the case as saved (the same code path; the
        file always exists by now: the interview saves the kind before it asks anything)."""
        return check_file(self.document.path).issues


def _plain(node: Any) -> Any:
    if isinstance(node, dict):
        return {k: _plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_plain(v) for v in node]
    return node


def _default(question: Question, facts: dict[str, Any]) -> Any:
    """The question's default: "{n}" is the item's number (C{n} -> C3), "{force}" the force."""
    default = question.default
    if not isinstance(default, str):
        return default
    force = ((facts["case"].get("force") or {}).get("name")) or ""
    return default.replace("{n}", str(facts["n"])).replace("{force}", str(force))


def interview_case(path: Path, kind: str | None, answers: Path | None,
                   asker: Asker | None) -> list[Any]:
    """`spo interview`: ask what is missing, save each answer, end with a review. Returns the
    issues `spo check` would report."""
    document = RoundTrip.open(path)
    given = load_answers(answers)
    if kind is None and document.get(("application", "kind")) is None:
        kind = (given.get("__root__", {}).get("application") or {}).get("kind")
        if kind is None and asker is not None:
            kind = asker.choose(Question(field="application.kind",
                                         prompt="What is being applied for?"),
                                [(k, k) for k in KINDS if k != "transfer"], "full")
    chosen = kind_of(document, kind)
    if chosen != "transfer" and document.get(("application", "kind")) is None:
        document.set(("application", "kind"), chosen)
        document.save()
    elif not path.exists():
        document.save()  # the case file exists from here on; answers are saved into it
    interview = Interview(document, asker, given)
    interview.run(load_workflow(chosen))
    found = interview.issues()
    if asker is not None:
        asker.show(review(interview.plain(), found))
    return found


def review(data: dict[str, Any], issues: list[Any]) -> str:
    """The review screen: what the case holds (counts, never personal details) and every
    open issue."""
    case = Case(data)
    counts = [(len(case.items(*p)), what) for p, what in (
        (("protected_persons",), "protected person(s)"), (("conduct",), "act(s)"),
        (("conditions", "prohibitions"), "prohibition(s)"),
        (("conditions", "requirements"), "requirement(s)"), (("exhibits",), "exhibit(s)"))]
    lines = [f"Review: {case.kind or 'unknown kind'} application "
             f"{case.get('application', 'reference') or '(no reference)'}",
             "  " + ", ".join(f"{n} {what}" for n, what in counts)]
    errors = [i for i in issues if i.severity is Severity.ERROR]
    lines.append(f"  {len(errors)} error(s), {len(issues) - len(errors)} warning(s)")
    lines += [f"  {i.severity} {i.rule} {i.path}: {i.message} [{i.source}]" for i in issues]
    if not errors:
        lines.append("  Ready for the superintendent: spo authorise CASE")
    return "\n".join(lines)
