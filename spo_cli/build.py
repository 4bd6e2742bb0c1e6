"""Orchestration: load, validate and check case files (later: render, bundle, batch)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from . import rules, schema
from .errors import CaseFileError
from .model import Case, Issue, Severity, format_path
from .yaml_io import Document, Problem, load_case_file

LOAD_SOURCE = "spo case-file contract: UTF-8 YAML 1.2, one mapping, no tags or aliases"


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
    report = CheckReport(str(path))
    try:
        document = load_case_file(path)
    except CaseFileError as exc:
        report.issues.append(Issue("yaml", Severity.ERROR, "(file)", exc.line, exc.column,
                                   exc.message, LOAD_SOURCE))
        return report
    if document.problems:  # the data is not what the file says: don't reason about it
        report.issues += [_problem_issue(p) for p in document.problems]
        return report
    case = case_from_document(document, path, as_of)
    report.case = case
    found = schema.validate(case)
    skip = frozenset(i.path for i in found)
    found += rules.check_case(case, skip)
    found += [_problem_issue(n, "yaml-comma", Severity.WARNING) for n in document.notices]
    report.issues = sorted(found, key=_order)
    return report


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
    for exhibit in data.get("exhibits") or []:
        name = exhibit.get("file") if isinstance(exhibit, Mapping) else None
        if not isinstance(name, str):
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
