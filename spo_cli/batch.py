"""`spo batch`: one action over many case files in parallel worker processes.

Each worker keeps its compiled templates and its own LibreOffice profile for the whole run. A
case is skipped when its outputs are up to date (the manifest's case and template hashes match
and every output is intact), so an interrupted batch resumes where it stopped. One bad case
never stops the others; every case gets one row in the JSON-lines report.
"""

from __future__ import annotations

import itertools
import json
import multiprocessing
import os
import shutil
import signal
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from . import __version__, pdf
from .batch_jobs import Job
from .bundle import bundle_case
from .check import CheckReport, check_document, load_failure
from .documents import (
    Rendered,
    deliver_render,
    forms_for_render,
    output_folder,
    prepare_render,
    read_manifest,
    template_hashes,
)
from .errors import CaseFileError, SpoError, UsageError
from .lifecycle import transfer_case
from .model import Case
from .outputs import private_dir, sha256_file, write_atomic
from .schema import is_reference
from .yaml_io import Document, decode, load_case_text, read_case_bytes

ACTIONS = ("check", "render", "bundle", "transfer")
PDF_GROUP = 12  # cases whose PDFs one LibreOffice start converts (~7 forms each: < 100 files)


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
        pdf.PROFILE = None  # set in this process by a one-worker run
        shutil.rmtree(profiles, ignore_errors=True)
    return rows


def _rows(action: str, jobs: list[Job], workers: int, profiles: Path) -> Iterator[Row]:
    if workers == 1:  # in this process: its own signal handling stays (cli: like Ctrl-C)
        pdf.PROFILE = profiles / f"worker-{os.getpid()}"
        yield from _dispatch(action, jobs, workers, map, map)
        return
    context = multiprocessing.get_context("fork" if os.name == "posix" else "spawn")
    chunk = max(1, len(jobs) // (workers * 16))
    pool = context.Pool(workers, initializer=_start_worker, initargs=(profiles,))
    try:
        yield from _dispatch(action, jobs, workers, lambda f, xs: pool.map(f, xs, chunk),
                             lambda f, xs: pool.imap_unordered(f, xs, 1))
    except BaseException:
        pool.terminate()  # an interrupt or a failure: SIGTERM, each worker cleans up and ends
        raise
    # Done: the workers leave when told there is no more work. (Pool's `with` terminates
    # them instead: once a worker went on waiting for work after that SIGTERM, and the run
    # hung joining it.)
    pool.close()
    pool.join()


def _dispatch(action: str, jobs: list[Job], workers: int, scan: Any,
              work: Any) -> Iterator[Row]:
    """Survey every job (its reference, and whether its outputs are up to date), refuse jobs
    that would write another job's folder, then work through the rest in groups."""
    clashes: dict[Job, Path] = {}
    todo = jobs
    loaded: dict[Job, _Loaded] = {}  # the survey's reading, handed on: each case loaded once
    if action != "check":
        seen: dict[tuple[Path, str], Path] = {}
        todo = []
        for job, (reference, skipped, read) in zip(
                jobs, scan(_survey, [(action, j) for j in jobs]), strict=True):
            key = (job.out.resolve(), reference)
            if reference is not None and key in seen:
                clashes[job] = seen[key]
                continue
            seen.setdefault(key, job.file)
            if skipped is not None:
                yield skipped
            else:
                todo.append(job)
                if read is not None:
                    loaded[job] = read
    for job, first in clashes.items():
        yield Row(str(job.file), status="failed", error="another case file in this batch "
                  f"({first.name}) has the same reference and output folder")
    groups = [[(name, job, loaded.get(job)) for name, job in group]
              for group in _groups(action, todo, workers)]
    for rows in work(_work_group, groups):
        yield from rows


def _groups(action: str, jobs: list[Job], workers: int) -> list[list[tuple[str, Job]]]:
    """Jobs to run together: PDF renders in groups converted by one LibreOffice start each
    (spread over the workers), everything else one by one."""
    pdf_jobs = [j for j in jobs if action == "render" and j.fmt in ("pdf", "both")]
    # As many groups as a full group size needs, rounded up to a multiple of the workers and
    # cut evenly, so that the workers finish together (one group more on one worker was
    # ~4% of a 200-case run spent with a core idle).
    count = -(-len(pdf_jobs) // PDF_GROUP)
    count = -(-count // workers) * workers
    cuts = [len(pdf_jobs) * n // count for n in range(count + 1)] if pdf_jobs else [0]
    groups = [[(action, j) for j in pdf_jobs[a:b]] for a, b in itertools.pairwise(cuts) if b > a]
    grouped = set(pdf_jobs)
    return groups + [[(action, j)] for j in jobs if j not in grouped]


def _start_worker(profiles: Path) -> None:
    """Each worker converts with its own LibreOffice profile, kept warm for the whole run.
    Interrupts go to the parent, which stops the pool; SIGTERM (the pool's own way to stop
    a worker) ends the worker without a traceback, after its clean-up: its LibreOffice
    stopped, its temp folders and .part files removed."""
    for name in ("SIGINT", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _stop_worker)
    pdf.PROFILE = profiles / f"worker-{os.getpid()}"


def _stop_worker(number: int, frame: object) -> None:
    signal.signal(number, signal.SIG_IGN)  # a second one must not interrupt the clean-up
    raise SystemExit(128 + number)  # an int: multiprocessing ends the worker silently


@dataclass
class _Loaded:
    """A case file read once: its bytes' sha256 and the document (or why it failed)."""

    sha256: str = ""
    document: Document | None = None
    failure: SpoError | None = None

    def case(self) -> Case | None:
        """The case as loaded, without the schema and rules (enough to find its outputs)."""
        document = self.document
        return None if document is None or document.problems else Case(document.data)


def _load(path: Path) -> _Loaded:
    import hashlib

    try:
        raw = read_case_bytes(path)
        loaded = _Loaded(hashlib.sha256(raw).hexdigest())
        loaded.document = load_case_text(decode(raw))
    except SpoError as exc:
        return _Loaded(failure=exc)
    return loaded


def _survey(task: tuple[str, Job]) -> tuple[str | None, Row | None, _Loaded | None]:
    """(the folder name the job writes, or None if the file cannot be read; a 'skipped' row
    if its outputs are up to date; else the case as read, for the work to use)."""
    action, job = task
    start = time.perf_counter()
    loaded = _load(job.file)
    case = loaded.case()
    reference = case.get("application", "reference") if case else None
    if case is None or not is_reference(reference):  # never an unvalidated folder name
        return None, None, None  # the work reads it again and reports why
    folder = str(reference).replace("/", "-")
    try:
        if not _up_to_date(action, job, case, loaded.sha256):
            return folder, None, loaded
        row = Row(str(job.file), str(reference), "skipped",
                  outputs=_recorded(action, job, case))
    except SpoError:
        return folder, None, loaded
    row.seconds = round(time.perf_counter() - start, 3)
    return folder, row, None


def _work_group(tasks: list[tuple[str, Job, _Loaded | None]]) -> list[Row]:
    """Each job of the group checked once; PDF renders wait for one conversion of all the
    group's documents, then are written case by case."""
    started = [_begin(action, job, loaded) for action, job, loaded in tasks]
    waiting = [(row, clock, rendered) for row, clock, rendered in started if rendered]
    for (row, clock, rendered), pdfs in zip(waiting, _convert_all([w[2] for w in waiting]),
                                            strict=True):
        _finish(row, clock, partial(deliver_render, rendered, pdfs))
    return [row for row, _, _ in started]


def _begin(action: str, job: Job,
           loaded: _Loaded | None = None) -> tuple[Row, float, Rendered | None]:
    """Load (unless the survey did) and check the case once, then do the job, except the PDF
    conversion of a render, which is returned ready for `_convert_all`."""
    row, clock = Row(str(job.file)), time.perf_counter()
    rendered = None
    try:
        loaded = loaded or _load(job.file)
        report = _check(job.file, loaded)
        case = report.case
        reference = case.get("application", "reference") if case else None
        row.reference = str(reference) if is_reference(reference) else ""  # never unvalidated
        for issue in report.issues:
            key = f"{issue.severity}s"
            row.issues[key] = row.issues.get(key, 0) + 1
        if action == "check":
            row.status = "ok" if report.ok else "failed"
        elif action == "render":
            rendered = prepare_render(job.file, list(job.forms), job.fmt, job.out, job.draft,
                                      report=report, case_sha256=loaded.sha256)
            if job.fmt == "docx":
                _finish(row, clock, partial(deliver_render, rendered))
                rendered = None
            return row, clock, rendered
        else:
            _finish(row, clock, lambda: _produce(action, job, report))
            return row, clock, None
    except SpoError as exc:
        row.error = exc.message  # our messages name fields, never values
    except Exception as exc:  # one bad case must not stop the batch; no values in the report
        row.error = f"unexpected {type(exc).__name__}"
    row.seconds = round(time.perf_counter() - clock, 3)
    return row, clock, None


def _check(path: Path, loaded: _Loaded) -> CheckReport:
    if loaded.document is None:
        failure = loaded.failure
        if isinstance(failure, CaseFileError):
            return load_failure(path, failure)
        raise failure or SpoError("the case file cannot be read")
    return check_document(path, loaded.document)


def _finish(row: Row, clock: float, produce: Callable[[], Any]) -> None:
    """Write the outputs; the row records their hashes (as written, not re-read) or the
    error."""
    try:
        produced = produce()
        row.outputs = {p.name: produced.sha256.get(p.name) or sha256_file(p)
                       for p in produced.files}
        row.status, row.error = "ok", ""
    except SpoError as exc:
        row.error = exc.message
    except Exception as exc:  # one bad case must not stop the batch; no values in the report
        row.error = f"unexpected {type(exc).__name__}"
    row.seconds = round(time.perf_counter() - clock, 3)


def _convert_all(waiting: list[Rendered]) -> list[dict[str, bytes] | None]:
    """PDFs for every document of the waiting renders, from one LibreOffice start (per 100
    files); a case with any PDF missing gets None (its delivery converts it again alone and
    reports the error)."""
    if not waiting:
        return []
    with tempfile.TemporaryDirectory(prefix=pdf.run_prefix("spo-docx")) as staging:
        paths: list[Path] = []
        owners: list[tuple[int, str]] = []
        for number, rendered in enumerate(waiting):
            for form_id, data in rendered.documents.items():
                paths.append(Path(staging) / f"c{number:03d}-{len(paths):04d}.docx")
                paths[-1].write_bytes(data)
                owners.append((number, form_id))
        try:
            jobs, pdfs = pdf.convert_each(paths)
        except pdf.ConversionError:
            return [None] * len(waiting)
        try:
            found: list[dict[str, bytes] | None] = [{} for _ in waiting]
            for (number, form_id), output in zip(owners, pdfs, strict=True):
                bucket = found[number]
                if output is None or bucket is None:
                    found[number] = None
                else:
                    bucket[form_id] = output.read_bytes()
            return found
        finally:
            for job in jobs:
                pdf.cleanup(job)


def _produce(action: str, job: Job, report: CheckReport) -> Any:
    if action == "bundle":
        return bundle_case(job.file, job.out, job.draft, report=report)
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


def _up_to_date(action: str, job: Job, case: Any, case_sha256: str) -> bool:
    """Every output exists, is what the manifest recorded, and came from this case file and
    today's templates."""
    folder, manifest = _manifest(job, case)
    recorded = manifest.get("case")
    if not isinstance(recorded, dict) or recorded.get("sha256") != case_sha256 or \
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
