"""Orders over their life: the clocks across many case files (`spo due`) and the transfer pack
(`spo transfer`)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from .check import check_file
from .clocks import Clock, clocks
from .documents import Produced, render_case
from .errors import UsageError
from .law import transfer_acceptance_due
from .schema import is_reference


@dataclass(frozen=True)
class Due:
    """A clock of one case file; `overdue` when its date has passed and it still calls for
    action."""

    file: Path
    reference: str
    clock: Clock
    overdue: bool = False

    def to_dict(self) -> dict[str, str | bool]:
        """For `spo due --json`."""
        return {"file": str(self.file), "reference": self.reference, **self.clock.to_dict(),
                "overdue": self.overdue}


def case_files(folder: Path) -> list[Path]:
    """Every *.yaml / *.yml under `folder`, outside hidden folders, in a stable order."""
    if not folder.is_dir():
        raise UsageError("the folder does not exist")
    return sorted(p for p in folder.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file()
                  and not any(part.startswith(".") for part in p.relative_to(folder).parts))


def due(folder: Path, within: int, as_of: date | None = None) -> tuple[list[Due], list[Path]]:
    """Every clock already past that still calls for action (overdue, first), then the clocks
    falling between `as_of` and `as_of + within` days (both included), earliest first; and the
    files that could not be read as cases."""
    today = as_of or date.today()
    last = today + timedelta(days=min(within, (date.max - today).days))  # at most 9999-12-31
    found, unreadable = [], []
    for path in case_files(folder):
        case = check_file(path, today).case
        if case is None:
            unreadable.append(path)
            continue
        reference = case.get("application", "reference")
        reference = reference if is_reference(reference) else "(invalid reference)"
        for clock in clocks(case):
            if clock.due < today and clock.open_on(today):
                found.append(Due(path, reference, clock, overdue=True))
            elif today <= clock.due <= last:
                found.append(Due(path, reference, clock))
    order = sorted(found, key=lambda d: (not d.overdue, d.clock.due, d.reference, d.clock.what))
    return order, unreadable


def transfer_case(path: Path, to: str, out: Path, fmt: str, draft: bool,
                  templates: Path | None = None) -> tuple[Produced, str]:
    """The transfer form (APP (consultation draft 2026) 9.8) for the receiving force named by
    --to; returns what was written and the acceptance due date."""
    report = check_file(path)
    case = report.case
    receiving = str((case.get("transfer", "receiving_force") if case else None) or "")
    if not receiving:
        raise UsageError("the case has no transfer section naming the receiving force; "
                         "add it (spo interview CASE --kind transfer)")
    if receiving.casefold() != to.strip().casefold():
        raise UsageError("--to does not match the receiving force in the case's transfer "
                         "section")
    produced = render_case(path, ["transfer"], fmt, out, draft, templates)
    sent = case.date("transfer", "sent_on") if case else None
    due_by = transfer_acceptance_due(sent).isoformat() if sent else "unknown (no sent_on date)"
    return produced, due_by


def iter_rows(items: list[Due], within: int) -> Iterator[str]:
    """Human lines for `spo due`: overdue clocks first, marked; a sentence when none."""
    if not items:
        yield f"nothing due in the next {within} days, and nothing overdue"
    for item in items:
        clock = item.clock
        mark = "OVERDUE " if item.overdue else ""
        yield (f"{mark}{clock.due.isoformat()}  {item.reference:<22} {clock.what}: "
               f"{clock.action} [{clock.source}]  ({item.file})")
