"""Orchestration: load, validate and check case files (`spo check`, and the check before every
render, bundle, batch and authorisation)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from . import rules, schema
from .errors import CaseFileError
from .model import COMMITMENT_KINDS, Case, Issue, Severity, format_path
from .rules.reads import held_back
from .yaml_io import Document, Problem, load_case_file

LOAD_SOURCE = schema.LOAD_SOURCE


@dataclass
class CheckReport:
    """The result of checking one case file."""

    file: str
    issues: list[Issue] = field(default_factory=list)
    case: Case | None = None

    @property
    def ok(self) -> bool:
        """No errors (warnings allowed)."""
        return not any(i.severity is Severity.ERROR for i in self.issues)

    def to_dict(self) -> dict[str, Any]:
        """The contract's `spo check --json` object."""
        return {"file": self.file, "ok": self.ok, "issues": [i.to_dict() for i in self.issues]}


def check_files(paths: Iterable[Path], as_of: date | None = None) -> Iterator[CheckReport]:
    """Check each file in turn; one unreadable file does not stop the others."""
    for path in paths:
        yield check_file(path, as_of)


def check_file(path: Path, as_of: date | None = None) -> CheckReport:
    """Load, validate against the schema and run every rule, collecting all issues."""
    try:
        document = load_case_file(path)
    except CaseFileError as exc:
        return load_failure(path, exc)
    return check_document(path, document, as_of)


def load_failure(path: Path, exc: CaseFileError) -> CheckReport:
    """The report of a file that could not be read as YAML."""
    return CheckReport(str(path), [Issue("yaml", Severity.ERROR, "(file)", exc.line,
                                         exc.column, exc.message, LOAD_SOURCE)])


def check_document(path: Path, document: Document, as_of: date | None = None) -> CheckReport:
    """`check_file` on a document already loaded from `path` (a batch reads each file once)."""
    report = CheckReport(str(path))
    if document.problems:  # the data is not what the file says: don't reason about it
        report.issues += [_problem_issue(p) for p in document.problems]
        return report
    case = case_from_document(document, path, as_of)
    report.case = case
    found, hidden = schema.validate_with_hidden(case)
    skip = frozenset(i.path for i in found)
    held = held_back(hidden)  # a misspelt section: its one error, not every rule's echo of it
    too_much = _clash_work(case)  # one located error instead of millions of clash checks
    found += [too_much] if too_much else [
        i for i in rules.check_case(case, skip) if i.rule not in held]
    found += [_problem_issue(n, "yaml-comma", Severity.WARNING) for n in document.notices]
    report.issues = sorted(found, key=_order)
    return report


MAX_CLASH_PAIRS = 10_000  # conditions x commitments: 100 x 100 is far beyond any real case


def _clash_work(case: Case) -> Issue | None:
    """Every condition is checked against every commitment; past a bound that work (and the
    findings) would grow without limit, so the rules are not run and one located error says
    why."""
    conditions = sum(len(case.items("conditions", g)) for g in ("prohibitions", "requirements"))
    commitments = sum(len(case.items("defendant", "commitments", k)) for k in COMMITMENT_KINDS)
    if conditions * commitments <= MAX_CLASH_PAIRS:
        return None
    line, column = case.positions.get(("conditions",), (None, None))
    return Issue("limits", Severity.ERROR, "conditions", line, column,
                 f"{conditions} conditions x {commitments} commitments is more than "
                 f"{MAX_CLASH_PAIRS:,} pairs to check for clashes; no case needs so many, so "
                 "the rules were not run", LOAD_SOURCE)


def case_from_document(document: Document, path: Path, as_of: date | None = None) -> Case:
    """The Case, with the exhibit files that exist beside the case file."""
    return Case(document.data, document.positions,
                _present_files(document.data, path.parent), as_of)


def _problem_issue(problem: Problem, rule: str = "yaml",
                   severity: Severity = Severity.ERROR) -> Issue:
    return Issue(rule, severity, format_path(problem.path) or "(file)", problem.line,
                 problem.column, problem.message, LOAD_SOURCE)


def _present_files(data: Mapping[str, Any], folder: Path) -> frozenset[str]:
    """Exhibit `file` values naming a file inside the case file's folder."""
    present = set()
    root = folder.resolve()
    exhibits = data.get("exhibits")
    for exhibit in exhibits if isinstance(exhibits, list) else []:  # else the schema's error
        name = exhibit.get("file") if isinstance(exhibit, Mapping) else None
        if not isinstance(name, str) or "\x00" in name:  # a NUL is the text policy's error
            continue
        target = (root / name).resolve()
        if target.is_relative_to(root) and target.is_file():
            present.add(name)
    return frozenset(present)


def _order(issue: Issue) -> tuple[int, int, int, str]:
    return (issue.severity is not Severity.ERROR, issue.line or 0, issue.column or 0, issue.rule)


def check_text(text: str, path: Path, as_of: date | None = None) -> list[Issue]:
    """The issues `spo check` would report if `path` held `text` (nothing is written)."""
    from .yaml_io import load_case_text

    document = load_case_text(text)
    if document.problems:
        return [_problem_issue(p) for p in document.problems]
    case = case_from_document(document, path, as_of)
    found = schema.validate(case)
    return found + rules.check_case(case, frozenset(i.path for i in found))
