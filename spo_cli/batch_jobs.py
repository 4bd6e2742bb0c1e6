"""The jobs of `spo batch`: a folder of case files, or a MANIFEST.csv whose rows may set each
case's forms, format, output folder and transfer target. Messages give row numbers, never cell
contents (a manifest is input like any other)."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from .errors import UsageError
from .lifecycle import case_files


@dataclass(frozen=True)
class Job:
    """One case file and its options (a MANIFEST.csv row may set forms, format and out)."""

    file: Path
    out: Path
    fmt: str = "docx"
    forms: tuple[str, ...] = ()
    to: str = ""
    draft: bool = False


def jobs_from(source: Path, out: Path, fmt: str, draft: bool) -> list[Job]:
    """Jobs from a folder of case files, or from a MANIFEST.csv (columns: file, and optionally
    forms (space-separated), format, out, to; paths relative to the CSV)."""
    if source.is_dir():
        return [Job(path, out, fmt, draft=draft) for path in case_files(source)]
    if source.suffix.lower() != ".csv" or not source.is_file():
        raise UsageError("give a folder of case files or a MANIFEST.csv")
    rows = _manifest_rows(source)
    base = source.parent
    return [Job(base / row["file"], base / row["out"] if row.get("out") else out,
                row.get("format") or fmt, tuple((row.get("forms") or "").split()),
                row.get("to") or "", draft) for row in rows]


MAX_MANIFEST = 4 * 1024 * 1024


def _manifest_rows(source: Path) -> list[dict[str, str]]:
    """A MANIFEST.csv's rows: UTF-8 (a BOM is fine), a 'file' column, no row twice. Messages
    give row numbers, never cell contents."""
    from .input_files import Refused, read_bounded

    try:
        raw = read_bounded(source, MAX_MANIFEST)
    except Refused as exc:
        raise UsageError(f"the manifest cannot be used: {exc}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise UsageError(f"the manifest is not UTF-8 (line {line}); save it as UTF-8 CSV",
                         hint="in Excel: Save As > CSV UTF-8 (Comma delimited)") from None
    if "\x00" in text:
        raise UsageError(f"the manifest holds a NUL character (line "
                         f"{text[:text.index(chr(0))].count(chr(10)) + 1}); it is not a CSV file")
    try:
        rows = list(csv.DictReader(io.StringIO(text, newline="")))
    except csv.Error:
        raise UsageError("the manifest is not a readable CSV file") from None
    if rows and "file" not in rows[0]:
        raise UsageError("the manifest needs a 'file' column")
    seen: dict[tuple[str, ...], int] = {}
    for number, row in enumerate(rows, 2):  # row 1 is the header
        if not (row.get("file") or "").strip():
            raise UsageError(f"row {number} of the manifest has no file")
        key = tuple((row.get(k) or "").strip() for k in ("file", "out", "forms", "format", "to"))
        if key in seen:
            raise UsageError(f"row {number} of the manifest repeats row {seen[key]} "
                             "(a duplicate row); remove one")
        seen[key] = number
    return rows
