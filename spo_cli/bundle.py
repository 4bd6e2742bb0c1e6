"""`spo bundle`: the court bundle as one PDF: an index page, every form in bundle-checklist
order, the exhibit PDFs (size-checked, rewritten without active content), a bookmark per
document and "Bundle page N of M" on every page; written all or nothing like a render."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from . import fonts, pdf, pdf_cells
from .check import CheckReport
from .documents import (
    Produced,
    case_text,
    checked_case,
    convert_pdfs,
    output_folder,
    render_form,
    template_for,
    template_hashes,
    templates_folder,
    write_manifest,
)
from .errors import CaseError, ToolError
from .forms import BLANK_PAGES, BY_ID, Form, Options, forms_for
from .model import Case
from .outputs import inside, locked_name, staged, write_atomic

Rows = tuple[tuple[str, str, str], ...]  # (item, included, pages) of the index
Renderer = Callable[[Form, Rows], bytes]


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

    def render_one(form: Form, rows: Rows) -> bytes:
        return render_form(case, form, compiled[form.id], Options(draft=draft, bundle_rows=rows))

    # Every document in one LibreOffice start: the index and checklist with their page cells
    # blank, the page ranges written into them once every document's pages are known.
    blank = _bundle_rows(case, forms, None, exhibits)
    pdfs = convert_pdfs({f.id: render_one(f, blank if f.page_column else ()) for f in forms})
    # Ranges are written only into the built-in layouts, which the tests read back; a force's
    # own index or checklist (text after the cell, another alignment) gets them from LibreOffice.
    built_in = all(compiled[f.id].sha256 == template_for(f, None).sha256
                   for f in forms if f.page_column)
    rows = _bundle_rows(case, forms, _pages(pdfs), exhibits)
    written = _written(case, forms, pdfs, rows, blank) if built_in else None
    if written is None:
        pdfs = _typed(case, forms, pdfs, rows, exhibits, render_one)
    else:
        pdfs |= written
    marking = str(case.get("force", "marking") or "OFFICIAL-SENSITIVE")
    stamp = marking + "  |  Bundle page {n} of {m}" + (" - DRAFT" if draft else "")
    parts = [pdf.Part(form.title, pdfs[form.id]) for form in forms]
    parts += [pdf.Part(f"Exhibit {ref}: {title}", data) for ref, title, data, _ in exhibits]
    bundle = pdf.assemble(parts, stamp)
    folder = output_folder(out, case)
    pages = _pages(pdfs)
    with locked_name(folder), staged(folder) as stage:
        entry = {"form": "bundle", "sha256": write_atomic(stage / "bundle.pdf", bundle),
                 "template": "", "template_sha256": "", "templates": template_hashes(),
                 "pages": pages,
                 "contents": [form.id for form in forms] + [ref for ref, *_ in exhibits]}
        write_manifest(stage, path, case, {"bundle.pdf": entry})
    return Produced(folder, [folder / "bundle.pdf"], warnings=len(report.issues))


def _written(case: Case, forms: list[Form], pdfs: dict[str, bytes], rows: Rows,
             blank: Rows) -> dict[str, bytes] | None:
    """The index's and checklist's PDFs with each document's range written into its blank
    page cell, or None where a table is not found for certain."""
    ranges = {item: pages for item, _, pages in rows}
    written = {}
    for form in forms:
        if form.page_column is None:
            continue
        cells = [(item, ranges[item]) for item in form.page_cells(case, Options(
            bundle_rows=blank)) if item in ranges]
        data = pdf_cells.write_cells(pdfs[form.id], form.page_column.item,
                                     form.page_column.pages, cells)
        if data is None:
            return None
        written[form.id] = data
    return written


def _typed(case: Case, forms: list[Form], pdfs: dict[str, bytes], rows: Rows,
           exhibits: list[tuple[str, str, bytes, int]], render_one: Renderer
           ) -> dict[str, bytes]:
    """The PDFs with the index and checklist converted again with the ranges typed in by
    LibreOffice, until their own pages settle."""
    numbered = [form for form in forms if form.page_column]
    for _ in range(3):  # the ranges printed may move the index's and checklist's own pages
        pdfs = pdfs | convert_pdfs({form.id: render_one(form, rows) for form in numbered})
        settled = _bundle_rows(case, forms, _pages(pdfs), exhibits)
        if settled == rows:
            return pdfs
        rows = settled
    raise ToolError("the bundle's page numbers did not settle; check the index template")


def _pages(pdfs: dict[str, bytes]) -> dict[str, int]:
    return {form_id: pdf.page_count(data) for form_id, data in pdfs.items()}


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


def _bundle_rows(case: Case, forms: list[Form], pages: dict[str, int] | None,
                 exhibits: list[tuple[str, str, bytes, int]]) -> Rows:
    """Index and checklist rows: each document with its page range, in bundle order (blank
    without `pages`, to be written in once they are known)."""
    counts = [(form.title, pages[form.id] if pages else 0) for form in forms]
    counts += [(f"Exhibit {ref}: {description}", count)
               for ref, description, _, count in exhibits]
    rows, start = [], 1
    for title, count in counts:
        rows.append((title, "Yes", f"{start}-{start + count - 1}" if pages else BLANK_PAGES))
        start += count
    listed = {ref for ref, *_ in exhibits}
    for _, exhibit in case.items("exhibits"):
        if str(exhibit.get("ref")) not in listed:
            rows.append((f"Exhibit {exhibit.get('ref')}: {exhibit.get('description')}",
                         "Served separately", "-"))
    return tuple(rows)
