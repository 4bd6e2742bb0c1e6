"""`spo bundle`: the court bundle as one PDF: an index page, every form in bundle-checklist
order, the exhibit PDFs (size-checked, rewritten without active content), a bookmark per
document and "Bundle page N of M" on every page; written all or nothing like a render."""

from __future__ import annotations

import contextlib
from datetime import date
from pathlib import Path

from . import fonts, page_history, pdf
from .check import CheckReport
from .documents import (
    PAGE_NUMBERED,
    Produced,
    case_text,
    checked_case,
    convert_pdfs,
    output_folder,
    read_manifest,
    render_form,
    template_for,
    template_hashes,
    templates_folder,
    write_manifest,
)
from .errors import CaseError, SpoError, ToolError
from .forms import BY_ID, Form, Options, forms_for
from .model import Case
from .outputs import inside, locked_name, staged, write_atomic


def bundle_case(path: Path, out: Path, draft: bool, templates: Path | None = None,
                as_of: date | None = None, report: CheckReport | None = None) -> Produced:
    """`spo bundle`: one PDF in bundle-checklist order, with an index page, bookmarks, page
    numbers on every page, and the exhibit PDFs."""
    report, case = checked_case(path, draft, as_of, report=report)
    override = templates_folder(templates)
    forms = [BY_ID["bundle-index"], *forms_for(case)]
    compiled = {form.id: template_for(form, override) for form in forms}
    exhibits = _exhibits(case, path.parent)
    fonts.check_coverage(case_text(case))
    pdfs: dict[str, bytes] = {}

    def render_one(form: Form, rows: tuple[tuple[str, str, str], ...]) -> bytes:
        return render_form(case, form, compiled[form.id], Options(draft=draft, bundle_rows=rows))

    # Only the index and checklist print page numbers; the other forms are rendered once.
    docx = {f.id: render_one(f, ()) for f in forms if f.id not in PAGE_NUMBERED}
    lengths = {form_id: page_history.text_length(data) for form_id, data in docx.items()}
    # A guess at every document's length (see _page_guess and page_history): when it holds,
    # the index is right the first time and LibreOffice starts only once; when it does not,
    # the loop below converts the index again with the real counts. A guess never reaches
    # the bundle.
    guess = page_history.guess_all({f.id: (compiled[f.id].sha256, lengths.get(f.id))
                                    for f in forms}) | _page_guess(out, case)
    rows = _bundle_rows(case, forms, guess, exhibits) if set(guess) >= {
        f.id for f in forms} else ()
    for _ in range(3):  # the index and checklist show page numbers that may move their own
        docx |= {f.id: render_one(f, rows) for f in forms if f.id in PAGE_NUMBERED}
        pdfs |= convert_pdfs({f.id: docx[f.id] for f in forms
                              if f.id not in pdfs or f.id in PAGE_NUMBERED})
        pages = {form_id: pdf.page_count(data) for form_id, data in pdfs.items()}
        settled = _bundle_rows(case, forms, pages, exhibits)
        if settled == rows:
            break
        rows = settled
    else:
        raise ToolError("the bundle's page numbers did not settle; check the index template")
    lengths |= {f.id: page_history.text_length(docx[f.id]) for f in forms
                if f.id in PAGE_NUMBERED}
    page_history.record({(f.id, compiled[f.id].sha256): (lengths[f.id], pages[f.id])
                         for f in forms})
    marking = str(case.get("force", "marking") or "OFFICIAL-SENSITIVE")
    stamp = marking + "  |  Bundle page {n} of {m}" + (" - DRAFT" if draft else "")
    parts = [pdf.Part(form.title, pdfs[form.id]) for form in forms]
    parts += [pdf.Part(f"Exhibit {ref}: {title}", data) for ref, title, data, _ in exhibits]
    bundle = pdf.assemble(parts, stamp)
    folder = output_folder(out, case)
    pages = {f.id: pdf.page_count(pdfs[f.id]) for f in forms}
    with locked_name(folder), staged(folder) as stage:
        entry = {"form": "bundle", "sha256": write_atomic(stage / "bundle.pdf", bundle),
                 "template": "", "template_sha256": "", "templates": template_hashes(),
                 "pages": pages,
                 "contents": [form.id for form in forms] + [ref for ref, *_ in exhibits]}
        write_manifest(stage, path, case, {"bundle.pdf": entry})
    return Produced(folder, [folder / "bundle.pdf"], warnings=len(report.issues))


def _page_guess(out: Path, case: Case) -> dict[str, int]:
    """Form id -> pages: the counts the last bundle of this case recorded, else the pages of
    the PDFs an earlier `spo render` left in the case's folder (read as untrusted PDFs), with
    the index taken as one page."""
    reference = str(case.get("application", "reference")).replace("/", "-")
    try:
        folder = inside(out, reference)
    except SpoError:
        return {}
    manifest = read_manifest(folder)
    try:
        pages = manifest["outputs"]["bundle.pdf"]["pages"]
        return {str(k): int(v) for k, v in pages.items() if 0 < int(v) < 10_000}
    except (ValueError, KeyError, TypeError, AttributeError):
        pass
    guess = {"bundle-index": 1}
    outputs = manifest.get("outputs")
    for name, entry in (outputs.items() if isinstance(outputs, dict) else ()):
        form = entry.get("form") if isinstance(entry, dict) else None
        if isinstance(form, str) and name == f"{form}.pdf" and form in BY_ID:
            with contextlib.suppress(SpoError, OSError, ValueError):
                guess[form] = pdf.check_exhibit(_exhibit_bytes(folder / name, form), form)
    return guess


def _exhibits(case: Case, folder: Path) -> list[tuple[str, str, bytes, int]]:
    """(ref, description, PDF bytes, pages) of every exhibit with a file."""
    found = []
    for _, exhibit in case.items("exhibits"):
        name = exhibit.get("file")
        if not isinstance(name, str):
            continue
        ref = str(exhibit.get("ref"))
        if not name.lower().endswith(".pdf"):
            raise CaseError(f"exhibit {ref}: only PDF files can go into the bundle")
        data = _exhibit_bytes(inside(folder, name), ref)
        found.append((ref, str(exhibit.get("description")), data,
                      pdf.check_exhibit(data, ref)))
    return found


def _exhibit_bytes(path: Path, ref: str) -> bytes:
    """An exhibit's bytes: a regular file, its size checked before reading."""
    from .input_files import Refused, read_bounded

    try:
        return read_bounded(path, pdf.MAX_EXHIBIT_BYTES)
    except Refused as exc:
        raise CaseError(f"exhibit {ref}: {exc}") from None


def _bundle_rows(case: Case, forms: list[Form], pages: dict[str, int],
                 exhibits: list[tuple[str, str, bytes, int]]) -> tuple[tuple[str, str, str], ...]:
    """Index and checklist rows: each document with its page range, in bundle order."""
    rows, start = [], 1
    for form in forms:
        count = pages[form.id]
        rows.append((form.title, "Yes", f"{start}-{start + count - 1}"))
        start += count
    for ref, description, _, count in exhibits:
        rows.append((f"Exhibit {ref}: {description}", "Yes", f"{start}-{start + count - 1}"))
        start += count
    listed = {ref for ref, *_ in exhibits}
    for _, exhibit in case.items("exhibits"):
        if str(exhibit.get("ref")) not in listed:
            rows.append((f"Exhibit {exhibit.get('ref')}: {exhibit.get('description')}",
                         "Served separately", "-"))
    return tuple(rows)
