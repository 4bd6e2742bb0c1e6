"""The legal checks. `check_case` runs every rule; each lives in the module of its subject."""

from __future__ import annotations

from ..model import Case, Issue
from . import (  # noqa: F401  (registration)
    aftercare,
    conditions,
    existing_orders,
    grounds,
    people,
    privacy,
    procedure,
)
from .registry import RULES, Finding, Rule, rule, run

__all__ = ["RULES", "Finding", "Rule", "check_case", "rule"]


def check_case(case: Case, skip_paths: frozenset[str] = frozenset()) -> list[Issue]:
    """Every rule's issues. Rules tolerate malformed data; a rule that still fails on data
    the schema already rejected is skipped, since the schema issue says what to fix."""
    issues: list[Issue] = []
    for rule_ in RULES.values():
        try:
            found = run(rule_, case)
        except (TypeError, ValueError, AttributeError, KeyError):
            if skip_paths:
                continue
            raise
        issues += [i for i in found if not _under(i.path, skip_paths)]
    return issues


def _under(path: str, parents: frozenset[str]) -> bool:
    return any(path == p or path.startswith((p + ".", p + "[")) for p in parents)
