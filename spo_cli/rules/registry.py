"""Rule registration: each rule is a small pure function that yields findings."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ..model import Case, Issue, Path_, Severity, format_path


@dataclass(frozen=True)
class Finding:
    """What a rule found: where, and why. Severity and source default to the rule's."""

    path: Path_
    message: str
    severity: Severity | None = None
    source: str | None = None


Check = Callable[[Case], Iterable[Finding]]


@dataclass(frozen=True)
class Rule:
    """A legal or procedural check with a stable id and the provision it comes from."""

    id: str
    severity: Severity
    source: str
    summary: str
    check: Check


RULES: dict[str, Rule] = {}


def rule(rule_id: str, severity: Severity, source: str, summary: str) -> Callable[[Check], Check]:
    """Register `check` under `rule_id`."""

    def register(check: Check) -> Check:
        if rule_id in RULES:
            raise ValueError(f"rule {rule_id} registered twice")
        RULES[rule_id] = Rule(rule_id, severity, source, summary, check)
        return check

    return register


def run(rule_: Rule, case: Case) -> list[Issue]:
    """The rule's findings as located issues."""
    issues = []
    for finding in rule_.check(case):
        line, column = case.position(finding.path)
        issues.append(Issue(rule_.id, finding.severity or rule_.severity,
                            format_path(finding.path) or "(file)", line, column,
                            finding.message, finding.source or rule_.source))
    return issues
