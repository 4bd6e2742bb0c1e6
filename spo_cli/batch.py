"""`spo batch`: one action over many case files in parallel worker processes.

Each worker keeps its compiled templates and its own LibreOffice profile for the whole run. A
case is skipped when its outputs are up to date (the manifest's case and template hashes match
and every output is intact), so an interrupted batch resumes where it stopped. One bad case
never stops the others; every case gets one row in the JSON-lines report.
"""

from __future__ import annotations

import csv
import io
import json
import multiprocessing
import os
import shutil
import signal
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from . import __version__, pdf
from .build import check_file
from .documents import (
    bundle_case,
    forms_for_render,
    output_folder,
    read_manifest,
    render_case,
    template_hashes,
)
from .errors import SpoError, UsageError
from .lifecycle import case_files, transfer_case
from .model import Case
from .outputs import private_dir, sha256_file, write_atomic
from .schema import is_reference
from .yaml_io import load_case_file

ACTIONS = ("check", "render", "bundle", "transfer")


@dataclass(frozen=True)
class Job:
    """One case file and its options (a MANIFEST.csv row may set forms, format and out)."""

    file: Path
    out: Path
    fmt: str = "docx"
    forms: tuple[str, ...] = ()
    to: str = ""
    draft: bool = False


@dataclass
class Row:
    """One line of the report."""

    file: str
    reference: str = ""
    status: str = "failed"     # ok | skipped | failed
    issues: dict[str, int] = field(default_factory=dict)
    outputs: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0
    error: str = ""


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


def run(action: str, jobs: list[Job], workers: int | None, report: Path,
        on_row: Callable[[Row], None] | None = None) -> list[Row]:
    """Run `action` over `jobs`; rows are appended to the report as cases finish."""
    if action not in ACTIONS:
        raise UsageError(f"the action must be one of: {', '.join(ACTIONS)}")
    workers = max(1, min(workers or os.cpu_count() or 1, len(jobs) or 1))
    pdf.sweep_stale_jobs()  # temp folders of runs that were killed
    for job in jobs:  # every output root of the run is private before anything is written
        private_dir(job.out)
    private_dir(report.parent, tighten_existing=False)
    partial = report.with_name(report.name + ".part")
    profiles = Path(tempfile.mkdtemp(prefix=pdf.run_prefix("spo-batch")))
    rows: list[Row] = []
    try:
        with os.fdopen(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600),
                       "w", encoding="utf-8") as sink:
            for row in _rows(action, jobs, workers, profiles):
                rows.append(row)
                sink.write(json.dumps(asdict(row)) + "\n")
                sink.flush()
                if on_row:
                    on_row(row)
        ordered = sorted(rows, key=lambda r: r.file)
        write_atomic(report, "".join(json.dumps(asdict(r)) + "\n" for r in ordered).encode())
        partial.unlink(missing_ok=True)
    finally:
        shutil.rmtree(profiles, ignore_errors=True)
    return rows


def _rows(action: str, jobs: list[Job], workers: int, profiles: Path) -> Iterator[Row]:
    if workers == 1:
        _start_worker(profiles)
        yield from _dispatch(action, jobs, map, map)
        return
    context = multiprocessing.get_context("fork" if os.name == "posix" else "spawn")
    chunk = max(1, len(jobs) // (workers * 16))
    with context.Pool(workers, initializer=_start_worker, initargs=(profiles,)) as pool:
        yield from _dispatch(action, jobs, lambda f, xs: pool.map(f, xs, chunk),
                             lambda f, xs: pool.imap_unordered(f, xs, chunk))


def _dispatch(action: str, jobs: list[Job], scan: Any, work: Any) -> Iterator[Row]:
    """Refuse jobs that would write another job's folder, then work through the rest."""
    clashes: dict[Job, Path] = {}
    if action != "check":
        seen: dict[tuple[Path, str], Path] = {}
        for job, reference in zip(jobs, scan(_reference, jobs), strict=True):
            key = (job.out.resolve(), reference)
            if reference is not None and key in seen:
                clashes[job] = seen[key]
            seen.setdefault(key, job.file)
    for job, first in clashes.items():
        yield Row(str(job.file), status="failed", error="another case file in this batch "
                  f"({first.name}) has the same reference and output folder")
    yield from work(_work, [(action, job) for job in jobs if job not in clashes])


def _reference(job: Job) -> str | None:
    """The folder name a job writes (its reference), or None if the file cannot be read."""
    case = _quick_case(job.file)
    reference = case.get("application", "reference") if case else None
    return reference.replace("/", "-") if is_reference(reference) else None


def _start_worker(profiles: Path) -> None:
    """Each worker converts with its own LibreOffice profile, kept warm for the whole run.
    Interrupts go to the parent, which stops the pool; SIGTERM (the pool's own way to stop
    a worker) simply ends the worker, without a traceback."""
    for name in ("SIGINT", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    pdf.PROFILE = profiles / f"worker-{os.getpid()}"


def _work(task: tuple[str, Job]) -> Row:
    action, job = task
    row = Row(str(job.file))
    start = time.perf_counter()
    try:
        quick = _quick_case(job.file) if action != "check" else None
        if quick is not None and _up_to_date(action, job, quick):
            reference = quick.get("application", "reference")
            row.reference = reference if is_reference(reference) else ""  # never unvalidated
            row.status, row.outputs = "skipped", _recorded(action, job, quick)
            row.seconds = round(time.perf_counter() - start, 3)
            return row
        report = check_file(job.file)
        case = report.case
        row.reference = str(case.get("application", "reference") or "") if case else ""
        for issue in report.issues:
            key = f"{issue.severity}s"
            row.issues[key] = row.issues.get(key, 0) + 1
        if action == "check":
            row.status = "ok" if report.ok else "failed"
        else:
            produced = _produce(action, job)
            row.outputs = {p.name: sha256_file(p) for p in produced.files}
            row.status = "ok"
    except SpoError as exc:
        row.error = exc.message  # our messages name fields, never values
    except Exception as exc:  # one bad case must not stop the batch; no values in the report
        row.error = f"unexpected {type(exc).__name__}"
    row.seconds = round(time.perf_counter() - start, 3)
    return row


def _quick_case(path: Path) -> Case | None:
    """The case as loaded, without the schema and rules (enough to find its outputs)."""
    try:
        document = load_case_file(path)
    except SpoError:
        return None
    return None if document.problems else Case(document.data)


def _produce(action: str, job: Job) -> Any:
    if action == "render":
        return render_case(job.file, list(job.forms), job.fmt, job.out, job.draft)
    if action == "bundle":
        return bundle_case(job.file, job.out, job.draft)
    if not job.to:
        raise UsageError("a transfer needs the receiving force: a 'to' column in the manifest")
    return transfer_case(job.file, job.to, job.out, job.fmt, job.draft)[0]


def _expected(action: str, job: Job, case: Any) -> list[tuple[str, str]]:
    """(output file name, form id) the action would write."""
    if action == "bundle":
        return [("bundle.pdf", "bundle")]
    forms = ["transfer"] if action == "transfer" else forms_for_render(case, list(job.forms))
    suffixes = {"docx": ["docx"], "pdf": ["pdf"], "both": ["docx", "pdf"]}.get(job.fmt, [])
    return [(f"{form}.{suffix}", form) for form in forms for suffix in suffixes]


def _manifest(job: Job, case: Any) -> tuple[Path, dict[str, Any]]:
    folder = output_folder(job.out, case)
    return folder, read_manifest(folder)  # {} when missing or malformed


def _up_to_date(action: str, job: Job, case: Any) -> bool:
    """Every output exists, is what the manifest recorded, and came from this case file and
    today's templates."""
    folder, manifest = _manifest(job, case)
    recorded = manifest.get("case")
    if not isinstance(recorded, dict) or recorded.get("sha256") != sha256_file(job.file) or \
            manifest.get("spo") != __version__:  # new rules or forms: produce again
        return False
    outputs = manifest.get("outputs")
    if not isinstance(outputs, dict):
        return False
    templates = template_hashes()
    for name, form in _expected(action, job, case):
        entry = outputs.get(name)
        if not isinstance(entry, dict) or not (folder / name).is_file() or \
                sha256_file(folder / name) != entry.get("sha256"):
            return False
        if form != "bundle" and entry.get("template_sha256") != templates.get(form):
            return False
        if form == "bundle" and entry.get("templates") != templates:
            return False
    return True


def _recorded(action: str, job: Job, case: Any) -> dict[str, str]:
    _, manifest = _manifest(job, case)
    return {name: manifest["outputs"][name]["sha256"] for name, _ in _expected(action, job, case)}
