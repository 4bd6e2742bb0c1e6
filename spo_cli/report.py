"""`spo report`: read a folder of case files (through the fact index), compute the figures,
write the report as HTML, CSV or JSON (0600, atomically).

A file that cannot be read or breaks the schema is counted and named (by its path inside the
folder), never fatal. Facts are extracted once per file content and cached beside the report.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from . import __version__, schema
from .check import case_from_document
from .errors import CaseFileError, UsageError
from .facts import FACTS_VERSION, OTHER_TERM, CaseFacts, Clause, extract
from .model import Severity
from .outputs import private_dir, write_atomic
from .performance import CSV_COLUMNS, GROUPINGS, Window, case_rows, report
from .report_index import Entry, FactIndex
from .workflow import catalogue
from .yaml_io import decode, load_case_text, read_case_bytes

FORMATS = ("html", "csv", "json")
INDEX_NAME = ".spo-report-index.sqlite"
DEFAULT_MARKING = "OFFICIAL-SENSITIVE"  # as on the forms when the force sets none


@dataclass
class Gathered:
    """Every case file's facts, and the files that could not be counted."""

    facts: list[CaseFacts] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)
    invalid: list[str] = field(default_factory=list)
    reused: int = 0   # taken from the index
    read: int = 0     # parsed this run


def index_version() -> str:
    """Cached facts are valid for one extractor and one release (schemas and rules)."""
    return f"{FACTS_VERSION}:{__version__}"


def gather(folder: Path, index_path: Path) -> Gathered:
    """Facts of every case file under `folder`, re-using the index where the content is
    unchanged (see report_index for the decision on sha256)."""
    root = folder.resolve()
    clauses = Clause.from_catalogue(catalogue())
    found, seen = Gathered(), set()
    with FactIndex.open(index_path, index_version()) as index:
        known = index.entries()
        for name, info in _case_files(root):
            key = f"{root}/{name}"
            seen.add(key)
            cached = known.get(key)
            entry, parsed = _entry(root / name, info, cached, clauses)
            if entry != cached:  # new, changed, or only touched (its stat is refreshed)
                index.put(key, entry)
            found.read += parsed
            found.reused += not parsed
            if entry.status == "ok" and entry.facts is not None:
                found.facts.append(CaseFacts.from_dict(entry.facts))
            else:
                (found.unreadable if entry.status == "unreadable" else found.invalid).append(name)
        index.keep_only(seen, str(root))
    return found


def _case_files(root: Path) -> list[tuple[str, os.stat_result | None]]:
    """(path inside `root` with /, its stat) of every *.yaml / *.yml outside hidden folders,
    sorted: the files `spo due` reads, walked with one stat per file."""
    found: list[tuple[str, os.stat_result | None]] = []
    pending = [("", root)]
    while pending:
        prefix, folder = pending.pop()
        with os.scandir(folder) as entries:
            for item in entries:
                if item.name.startswith("."):
                    continue
                try:
                    if item.is_dir(follow_symlinks=False):  # no symlink loops
                        pending.append((f"{prefix}{item.name}/", Path(item.path)))
                    elif item.name.endswith((".yaml", ".yml")) and item.is_file():
                        found.append((prefix + item.name, item.stat()))
                except OSError:
                    found.append((prefix + item.name, None))
    return sorted(found)


def _entry(path: Path, stat: os.stat_result | None, cached: Entry | None,
           clauses: tuple[Clause, ...]) -> tuple[Entry, bool]:
    """(the file's entry, whether it was parsed this run rather than taken from the index)."""
    try:
        if stat is None:
            raise CaseFileError("the file cannot be read")
        raw = read_case_bytes(path)
    except (CaseFileError, OSError):
        return Entry(0, 0, "", "unreadable", None), False
    digest = hashlib.sha256(raw).hexdigest()
    if cached is not None and cached.sha256 == digest:  # a touched or copied file too
        return Entry(stat.st_size, stat.st_mtime_ns, digest, cached.status, cached.facts), False
    status, facts = _extract(raw, path, clauses)
    return Entry(stat.st_size, stat.st_mtime_ns, digest, status, facts), True


def _extract(raw: bytes, path: Path,
             clauses: tuple[Clause, ...]) -> tuple[str, dict[str, Any] | None]:
    try:
        document = load_case_text(decode(raw))
    except CaseFileError:
        return "unreadable", None
    if document.problems:
        return "unreadable", None
    case = case_from_document(document, path)
    if any(i.severity is Severity.ERROR for i in schema.validate(case)):
        return "invalid", None
    return "ok", extract(case, clauses).to_dict()


def term_labels() -> dict[str, str]:
    """Readable names for the catalogue's clause keys (and for terms outside it)."""
    labels = {OTHER_TERM: "Other (own wording)"}
    for group, suffix in (("prohibitions", ""), ("requirements", " (requirement)")):
        for entry in catalogue().get(group) or []:
            key = str(entry.get("key", ""))
            labels[key] = key.replace("-", " ").capitalize() + suffix
    return labels


def build(folder: Path, index_path: Path, start: date | None, end: date | None,
          by: str | None) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """(the report, the per-case rows) for the folder and window."""
    if by is not None and by not in GROUPINGS:
        raise UsageError(f"--by must be one of: {', '.join(GROUPINGS)}")
    end = end or date.today()
    gathered = gather(folder, index_path)
    start = start or _earliest(gathered.facts) or end
    if start > end:
        raise UsageError("--from is after --to")
    window = Window(start, end)
    result = report(gathered.facts, window, by)
    result["meta"] = {
        "generated": date.today().isoformat(),
        "force": _most_common(f.force for f in gathered.facts),
        "marking": _most_common(f.marking for f in gathered.facts) or DEFAULT_MARKING,
        "files": {"included": len(gathered.facts), "unreadable": gathered.unreadable,
                  "invalid": gathered.invalid},
        "index": {"reused": gathered.reused, "read": gathered.read},
    }
    return result, case_rows(gathered.facts, window)


def _earliest(facts: list[CaseFacts]) -> date | None:
    days = [f.applied_on for f in facts if f.applied_on]
    return date.fromisoformat(min(days)) if days else None


def _most_common(values: Iterable[str | None]) -> str | None:
    counts = Counter(v for v in values if v)
    if not counts:
        return None
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]


def render(result: dict[str, Any], rows: list[dict[str, Any]], fmt: str,
           index_path: Path | None = None) -> bytes:
    """The report's bytes in `fmt`. Charts are cached in the index by their inputs."""
    from . import report_formats

    if fmt == "json":
        return report_formats.to_json(result)
    if fmt == "csv":
        return report_formats.to_csv(rows, list(CSV_COLUMNS))
    return report_formats.to_html(result, charts(result, index_path))


def charts(result: dict[str, Any], index_path: Path | None) -> dict[str, str]:
    """The three SVG charts: drawn by matplotlib, or taken from the index when their inputs
    (and spo's version) are the same as when they were drawn."""
    times = result["times"]
    inputs = {
        "monthly": (result["applications"]["by_month"], result["outcomes"]["by_month"]),
        "time_to_order": (times["complaint_to_order_days"], times["complaint_to_order"]["median"],
                          times["complaint_to_order"]["p90"]),
        "terms": (result["terms"]["most_used"], term_labels()),
    }
    keys = {name: hashlib.sha256(json.dumps([name, args], sort_keys=True).encode()).hexdigest()
            for name, args in inputs.items()}
    if index_path is None:
        return {name: _draw(name, args) for name, args in inputs.items()}
    with FactIndex.open(index_path, index_version()) as index:
        drawn = {}
        for name, args in inputs.items():
            drawn[name] = index.chart(keys[name]) or _draw(name, args)
        index.keep_charts({keys[n]: drawn[n] for n in inputs})
    return drawn


def _draw(name: str, args: tuple[Any, ...]) -> str:
    from . import report_charts

    return getattr(report_charts, name)(*args)


def write_report(folder: Path, out: Path, fmt: str, start: date | None, end: date | None,
                 by: str | None) -> dict[str, Any]:
    """Build and write the report to `out` (0600, atomic); the index goes beside it."""
    if fmt not in FORMATS:
        raise UsageError(f"--format must be one of: {', '.join(FORMATS)}")
    if not folder.is_dir():
        raise UsageError("the folder does not exist")
    private_dir(out.parent)
    result, rows = build(folder, out.parent / INDEX_NAME, start, end, by)
    data = render(result, rows, fmt, out.parent / INDEX_NAME)
    write_atomic(out, data)
    os.chmod(out, 0o600)
    return result
