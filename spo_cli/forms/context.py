"""The context registry: each builder turns one part of a case into the plain values a
template prints. Builders return only str, bool, lists and dicts (never None, never a capable
object), so a template sees data, not code. No builder puts a protected person's address into
any context."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..model import Case

# A page cell left for `spo bundle` to write the range into once the pages are known: a
# no-break space (blank on the page), told apart from a cell that stays empty ("Not
# applicable" rows of the checklist).
BLANK_PAGES = "\u00a0"


@dataclass(frozen=True)
class Options:
    """How a form is being produced."""

    draft: bool = False
    title: str = ""
    form_id: str = ""
    bundle_rows: tuple[tuple[str, str, str], ...] = ()  # (item, included, pages)
    prepared_on: Any = None


Builder = Callable[[Case, Options], Any]
BUILDERS: dict[str, Builder] = {}


def builder(name: str) -> Callable[[Builder], Builder]:
    """Register a context group."""

    def register(func: Builder) -> Builder:
        BUILDERS[name] = func
        return func

    return register


def build_context(case: Case, groups: tuple[str, ...], options: Options) -> dict[str, Any]:
    """The template context: one entry per group, all plain values."""
    return {group: BUILDERS[group](case, options) for group in groups}

