"""PDF with real LibreOffice (one process per batch of documents, a private profile, a timeout
that kills the whole process group) and bundles with pypdf (index, bookmarks, page stamps).

LibreOffice's exit code is not trusted: a conversion succeeded only if the PDF exists and
opens with pypdf.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import shutil
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import libreoffice_process, libreoffice_profile, pdf_cells
from .errors import ConversionError, ToolError
from .libreoffice_process import INSTALL_HINT

PROFILE: Path | None = None  # a batch worker's own profile, kept warm for the whole run


def find_soffice() -> str:
    """The soffice program, or ConversionError with the install hint."""
    found = os.environ.get("SPO_SOFFICE") or shutil.which("soffice") or \
        shutil.which("libreoffice")
    if found and not (os.path.isfile(found) and os.access(found, os.X_OK)):
        found = None
    if not found:
        raise ConversionError("LibreOffice (soffice) is not installed, so no PDF was made",
                              hint=INSTALL_HINT)
    return found


def convert(documents: list[Path], timeout: float | None = None,
            workers: int | None = None) -> tuple[Path, list[Path]]:
    """Convert DOCX files to PDF: up to one LibreOffice process per core, each with its own
    profile and a share of the documents (never one process per document).

    Returns (job folder, PDFs in the same order); the caller moves the PDFs and then removes
    the job folder with `cleanup`. Inputs are copied under fixed ASCII names (LibreOffice
    reads paths as URLs)."""
    job, outputs = _convert_job(documents, timeout, workers)
    try:
        for source, output in zip(documents, outputs, strict=True):
            if not _opens(output):
                raise ConversionError(f"LibreOffice did not produce a readable PDF for "
                                      f"{source.name}")
        return job, outputs
    except BaseException:
        cleanup(job)
        raise


MAX_PER_CALL = 100  # LibreOffice was seen to stop silently (exit 0) after ~250 files


def convert_each(documents: list[Path],
                 timeout: float | None = None) -> tuple[list[Path], list[Path | None]]:
    """Convert many documents with as few LibreOffice starts as possible (at most
    MAX_PER_CALL files a call), without trusting any call: every PDF is opened, and a
    document without a readable PDF is retried alone once.

    Returns (job folders for `cleanup`, the PDF or None for each document, in order)."""
    jobs: list[Path] = []
    found: list[Path | None] = [None] * len(documents)
    try:
        for start in range(0, len(documents), MAX_PER_CALL):
            chunk = documents[start:start + MAX_PER_CALL]
            try:
                job, outputs = _convert_job(chunk, timeout, 1)
            except ConversionError:  # timed out or would not start: retry file by file
                continue
            jobs.append(job)
            for offset, output in enumerate(outputs):
                found[start + offset] = output if _opens(output) else None
        for number, made in enumerate(found):
            if made is None:
                with contextlib.suppress(ConversionError):
                    job, (alone,) = convert([documents[number]], timeout, 1)
                    jobs.append(job)
                    found[number] = alone
    except BaseException:
        for job in jobs:
            cleanup(job)
        raise
    return jobs, found


def _convert_job(documents: list[Path], timeout: float | None,
                 workers: int | None) -> tuple[Path, list[Path]]:
    """Run the conversion; the PDFs it names may be missing (the callers check them)."""
    soffice = find_soffice()
    workers = 1 if PROFILE else max(1, min(workers or os.cpu_count() or 1,
                                           (len(documents) + 3) // 4))
    sweep_stale_jobs()
    job = Path(tempfile.mkdtemp(prefix="spo-lo-"))
    (job / "owner").write_text(str(os.getpid()))
    try:
        inputs = []
        for number, document in enumerate(documents):
            copy = job / f"w{number % workers}" / "in" / f"doc{number:03d}.docx"
            copy.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            shutil.copyfile(document, copy)
            inputs.append(copy)
        limit = timeout or float(os.environ.get("SPO_CONVERT_TIMEOUT") or 0) or \
            60 + 15 * len(documents) / workers
        with ThreadPoolExecutor(workers) as pool:  # threads only wait on the processes
            runs = [pool.submit(_convert_folder, soffice, job / f"w{w}", limit)
                    for w in range(workers)]
            try:
                for run in runs:
                    run.result()
            except BaseException:  # an interrupt, or one failed: no LibreOffice runs on
                libreoffice_process.stop_all(job)
                raise
        return job, [p.parent.parent / "out" / f"{p.stem}.pdf" for p in inputs]
    except BaseException:
        cleanup(job)
        raise


def _convert_folder(soffice: str, folder: Path, timeout: float) -> None:
    """One LibreOffice process for every DOCX in folder/in, with a private profile."""
    (folder / "tmp").mkdir(mode=0o700)
    profile = PROFILE or folder / "profile"
    libreoffice_profile.prepare(profile, soffice)
    command = [soffice, f"-env:UserInstallation={profile.as_uri()}",
               "--headless", "--norestore", "--nologo", "--nodefault", "--nolockcheck",
               "--convert-to", "pdf", "--outdir", str(folder / "out"),
               *map(str, sorted((folder / "in").glob("*.docx")))]
    env = {**os.environ, "TMPDIR": str(folder / "tmp"), "HOME": str(folder),
           "http_proxy": "http://127.0.0.1:9", "https_proxy": "http://127.0.0.1:9",
           "HTTP_PROXY": "http://127.0.0.1:9", "HTTPS_PROXY": "http://127.0.0.1:9",
           "no_proxy": "", "NO_PROXY": ""}
    try:
        libreoffice_process.run(command, env, timeout, cwd=folder / "tmp")
    finally:  # every process of the run has ended here
        libreoffice_profile.remove_ipc_socket(profile)
    libreoffice_profile.remember(profile, soffice, folder)


def cleanup(job: Path) -> None:
    """Remove a conversion job folder (profile, temp files, copies, leftovers)."""
    shutil.rmtree(job, ignore_errors=True)


def run_prefix(kind: str) -> str:
    """The prefix of a temp folder that names the process owning it, so that a later run can
    sweep the folders of runs that were killed (`sweep_stale_jobs`)."""
    return f"{kind}-{os.getpid()}-"


def sweep_stale_jobs() -> None:
    """Remove temp folders of runs that were killed (SIGKILL runs no clean-up): conversion
    jobs record their pid in an owner file, DOCX staging and batch folders in their name."""
    for folder in Path(tempfile.gettempdir()).glob("spo-*-*-*"):
        match = re.fullmatch(r"spo-(docx|batch)-([0-9]+)-.+", folder.name)
        if match and folder.is_dir() and not _alive(int(match.group(2))):
            _sweep(folder)
    for job in Path(tempfile.gettempdir()).glob("spo-lo-*"):
        try:
            owner = int((job / "owner").read_text())
        except (OSError, ValueError):
            owner = 0
        if owner and _alive(owner):
            continue
        _sweep(job)


def _sweep(folder: Path) -> None:
    """A killed run's folder, with the sockets of its profiles. A LibreOffice still converting
    there works for nobody (its spo is gone): it is stopped first, as deleting its profile
    under it would crash it and leave its socket in /tmp."""
    if not libreoffice_process.stop_working_in(folder):
        return  # still there: the next run sweeps it
    libreoffice_profile.remove_ipc_sockets_under(folder)
    cleanup(folder)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _opens(path: Path) -> bool:
    try:
        return path.is_file() and page_count(path.read_bytes()) >= 1
    except Exception:  # pypdf raises many kinds on a broken file; any means "not a PDF"
        return False


def page_count(data: bytes) -> int:
    """Pages in a PDF."""
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(data)).pages)


@dataclass(frozen=True)
class Part:
    """One document of a bundle."""

    title: str
    data: bytes


MAX_EXHIBIT_BYTES = 100 * 1024 * 1024
MAX_EXHIBIT_PAGES = 2000


def check_exhibit(data: bytes, name: str) -> int:
    """Pages of an exhibit PDF; refuse encrypted or unreadable files, and more pages than the
    limit (counted from the page tree's /Count before any page is read)."""
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise ToolError(f"exhibit {name} is an encrypted PDF; supply an unencrypted copy")
        declared = reader.trailer["/Root"]["/Pages"].get("/Count", 0)  # type: ignore[index]
        if not isinstance(declared, int) or declared > MAX_EXHIBIT_PAGES:
            raise ToolError(f"exhibit {name} has more than {MAX_EXHIBIT_PAGES} pages; split it")
        return len(reader.pages)
    except ToolError:
        raise
    except Exception:
        raise ToolError(f"exhibit {name} is not a readable PDF") from None


# Exhibits come from outside: nothing in the bundle may act when it is opened or clicked.
_CATALOG_ACTIVE = ("/OpenAction", "/AA", "/Names", "/AcroForm", "/XFA", "/JavaScript",
                   "/URI", "/Collection", "/Threads", "/SpiderInfo")
_ANNOT_ACTIVE = {"/FileAttachment", "/Movie", "/Sound", "/Screen", "/RichMedia", "/3D",
                 "/Widget"}
_SAFE_ACTIONS = {"/GoTo"}


def _sanitise(writer: Any) -> None:
    """Remove active content: document and page actions, JavaScript, embedded files, forms
    and XFA, and every link action other than a web link or a jump inside the bundle."""
    from pypdf.generic import ArrayObject, NameObject

    root = writer._root_object
    for key in _CATALOG_ACTIVE:
        if key in root:
            del root[NameObject(key)]
    for page in writer.pages:
        for key in ("/AA", "/PresSteps"):
            if key in page:
                del page[NameObject(key)]
        annotations = page.get("/Annots")
        if annotations is None:
            continue
        kept = ArrayObject()
        for reference in annotations.get_object():
            annotation = reference.get_object()
            if annotation.get("/Subtype") in _ANNOT_ACTIVE:
                continue
            if "/AA" in annotation:
                del annotation[NameObject("/AA")]
            if "/A" in annotation and not _safe_action(annotation["/A"].get_object()):
                del annotation[NameObject("/A")]
            kept.append(reference)
        page[NameObject("/Annots")] = kept


def _safe_action(action: Any) -> bool:
    """A jump inside the document, or a link to a web page; never a file, program or script."""
    kind = action.get("/S")
    if kind == "/URI":
        target = str(action.get("/URI", "")).strip().lower()
        return target.startswith(("https://", "http://")) and "/Next" not in action
    return kind in _SAFE_ACTIONS and "/Next" not in action


def assemble(parts: list[Part], stamp: str = "Page {n} of {m}") -> bytes:
    """One PDF: the parts in order, a bookmark each, and `stamp` at the foot of every page."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for part in parts:
        start = len(writer.pages)
        writer.append(PdfReader(io.BytesIO(part.data)), import_outline=False)
        writer.add_outline_item(title=part.title, page_number=start)
    total = len(writer.pages)
    sizes = [(float(p.mediabox.width), float(p.mediabox.height)) for p in writer.pages]
    footers = [stamp.format(n=n, m=total) for n in range(1, total + 1)]
    overlay = PdfReader(io.BytesIO(pdf_cells.text_pdf(  # centred at the foot, 9 pt Helvetica
        [(w, h, [(w / 2 - len(text) * 2.5, 14, 9, "", text)])
         for (w, h), text in zip(sizes, footers, strict=True)])))
    for page, stamp_page in zip(writer.pages, overlay.pages, strict=True):
        page.merge_page(stamp_page, over=True)
    _sanitise(writer)
    writer.compress_identical_objects()
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()
