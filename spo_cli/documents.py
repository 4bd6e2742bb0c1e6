"""Producing a case's documents: render the forms (DOCX), convert them (PDF), assemble the
court bundle, and record everything in manifest.json.

Nothing is written until every document has rendered; each file is then replaced
atomically, so a failure leaves the previous good outputs as they were.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from . import __version__, pdf, render
from .build import CheckReport, check_file
from .errors import CaseError, CaseInvalidError, ToolError, UsageError
from .forms import BUNDLE_ORDER, BY_ID, Form, Options, forms_for
from .model import Case, Severity, content_hash
from .outputs import inside, locked, private_dir, sha256_file, write_atomic
from .render import TemplateError
from .resources import resource_dir

FORMATS = ("docx", "pdf", "both")
PAGE_NUMBERED = ("bundle-index", "bundle-checklist")
AUTHORISATION_RULES = ("authorisation-rank", "authorisation-points", "authorisation-stale")


@dataclass
class Produced:
    """What a render or bundle wrote."""

    folder: Path
    files: list[Path] = field(default_factory=list)
    warnings: int = 0


def templates_folder(override: Path | None) -> Path | None:
    """A force's own template folder: --templates, else $SPO_TEMPLATES."""
    if override is None and os.environ.get("SPO_TEMPLATES"):
        override = Path(os.environ["SPO_TEMPLATES"])
    if override is not None and not override.is_dir():
        raise UsageError("the templates folder does not exist")
    return override


def template_for(form: Form, override: Path | None) -> render.Compiled:
    """The force's template for `form` if it has one, else the built-in; linted either way."""
    path = resource_dir("templates") / "forms" / form.template
    if override is not None and (override / form.template).is_file():
        path = override / form.template
    compiled = render.compile_template(path)
    problems = _problems(form.id, compiled.sha256, str(path))
    if problems:
        raise TemplateError(f"template {path.name} cannot be used: {problems[0]}")
    return compiled


@cache
def _problems(form_id: str, sha256: str, path: str) -> tuple[str, ...]:
    """check_template, once per template content and process."""
    return tuple(check_template(BY_ID[form_id], render.compile_template(Path(path))))


def check_template(form: Form, compiled: render.Compiled) -> list[str]:
    """Lint problems plus variables that differ from the registry's, both ways."""
    problems = render.lint(compiled)
    unknown = sorted(compiled.variables - set(form.groups))
    unused = sorted(set(form.groups) - compiled.variables)
    if unknown:
        problems.append(f"uses {', '.join(unknown)}, which the form does not provide")
    if unused:
        problems.append(f"does not use {', '.join(unused)}, which the form provides")
    return problems


def check_templates(folder: Path | None) -> Iterator[tuple[str, Path, list[str]]]:
    """(form id, template path, problems) for every form's template in `folder`
    (default: the built-in templates)."""
    base = folder or resource_dir("templates") / "forms"
    for form in BY_ID.values():
        path = base / form.template
        if not path.is_file():
            if folder is None:
                yield form.id, path, ["the template is missing"]
            continue
        try:
            yield form.id, path, check_template(form, render.compile_template(path))
        except TemplateError as exc:
            yield form.id, path, [exc.message]


def checked_case(path: Path, draft: bool, as_of: date | None,
                 court: bool = True) -> tuple[CheckReport, Case]:
    """The case, refused if it has errors. Authorisation errors are allowed for a draft, and
    do not concern documents that never go to court (the transfer form)."""
    report = check_file(path, as_of)
    errors = [i for i in report.issues if i.severity is Severity.ERROR]
    if not court:
        errors = [i for i in errors if i.rule not in AUTHORISATION_RULES]
        draft = True  # no authorisation is needed
    blocking = [i for i in errors if not (draft and i.rule in AUTHORISATION_RULES)]
    if blocking or report.case is None:
        raise CaseInvalidError(f"the case has {len(blocking)} error(s); run spo check for "
                               "the details", blocking)
    case = report.case
    authorised = case.get("authorisation", "decision") == "authorised" and not errors
    if court and not authorised and not draft:
        raise CaseError("the case has no valid authorisation, so only a draft can be "
                        "rendered", hint="run spo authorise, or add --draft")
    return report, case


def choose_forms(case: Case, ids: list[str]) -> list[Form]:
    """The requested forms (default: every form of the case's kind), checked against it."""
    if not ids:
        return forms_for(case)
    chosen = []
    for form_id in ids:
        form = BY_ID.get(form_id)
        if form is None or form.internal:
            raise UsageError(f"there is no form '{form_id}'; spo forms lists them")
        if form.by_transfer and not case.get("transfer"):
            raise UsageError("the transfer form needs a transfer section in the case")
        if not form.by_transfer and not form.applies(case):
            raise UsageError(f"form '{form_id}' does not apply to this {case.kind} application")
        chosen.append(form)
    return chosen


def forms_for_render(case: Case, ids: list[str]) -> list[str]:
    """The ids `spo render` would produce for `ids` (default: every form of the kind)."""
    return [form.id for form in choose_forms(case, ids)]


def template_hashes() -> dict[str, str]:
    """sha256 of every built-in template, by form id (an output is stale when its changes);
    read once per process, as templates do not change during a run."""
    return dict(_template_hashes(resource_dir("templates") / "forms"))


@cache
def _template_hashes(folder: Path) -> tuple[tuple[str, str], ...]:
    return tuple((form.id, sha256_file(folder / form.template)) for form in BY_ID.values()
                 if (folder / form.template).is_file())


def output_folder(out: Path, case: Case) -> Path:
    """OUT/<reference, with / as ->, created 0700."""
    reference = str(case.get("application", "reference")).replace("/", "-")
    private_dir(out)
    return private_dir(inside(out, reference))


def render_form(case: Case, form: Form, compiled: render.Compiled, options: Options) -> bytes:
    """One form as DOCX bytes."""
    options = Options(draft=options.draft, title=form.title, form_id=form.id,
                      bundle_rows=options.bundle_rows, prepared_on=options.prepared_on)
    properties = {"title": form.title, "author": str(case.get("force", "name")),
                  "subject": "Stalking Protection Act 2019"}
    return render.render(compiled, form.context(case, options), properties,
                         case.application_date or date(2000, 1, 1))


def render_case(path: Path, form_ids: list[str], fmt: str, out: Path, draft: bool,
                templates: Path | None = None, as_of: date | None = None) -> Produced:
    """`spo render`: the case's forms as DOCX and/or PDF in OUT/<reference>/."""
    if fmt not in FORMATS:
        raise UsageError(f"--format must be one of {', '.join(FORMATS)}")
    forms_asked = [BY_ID.get(i) for i in form_ids]
    court = not form_ids or not all(f is not None and f.by_transfer for f in forms_asked)
    report, case = checked_case(path, draft, as_of, court)
    override = templates_folder(templates)
    forms = choose_forms(case, form_ids)
    compiled = {form.id: template_for(form, override) for form in forms}
    documents = {form.id: render_form(case, form, compiled[form.id], Options(draft=draft))
                 for form in forms}  # everything renders before anything is written
    folder = output_folder(out, case)
    with locked(folder):
        return _deliver(path, case, forms, compiled, documents, fmt, folder,
                        Produced(folder, warnings=len(report.issues)))


def _deliver(path: Path, case: Case, forms: list[Form], compiled: dict[str, render.Compiled],
             documents: dict[str, bytes], fmt: str, folder: Path, produced: Produced) -> Produced:
    """Write the rendered documents (and their PDFs) into `folder`, then the manifest."""
    entries: dict[str, dict[str, Any]] = {}

    def deliver(suffix: str, contents: dict[str, bytes]) -> None:
        for form in forms:
            target = folder / f"{form.id}.{suffix}"
            entries[target.name] = _entry(form, compiled[form.id],
                                          write_atomic(target, contents[form.id], sync=False))
            produced.files.append(target)
        write_manifest(folder, path, case, entries)  # its rename syncs the folder once

    if fmt in ("docx", "both"):
        deliver("docx", documents)
    if fmt in ("pdf", "both"):
        try:
            pdfs = _convert(documents)
        except pdf.ConversionError as exc:
            if fmt == "pdf":  # the DOCX are still delivered, and the error says so
                deliver("docx", documents)
            exc.message += f"; the DOCX files are in {folder}"
            raise
        deliver("pdf", pdfs)
    return produced


def _entry(form: Form, compiled: render.Compiled, sha256: str) -> dict[str, Any]:
    return {"form": form.id, "sha256": sha256, "template": compiled.path.name,
            "template_sha256": compiled.sha256}


def _convert(documents: dict[str, bytes]) -> dict[str, bytes]:
    """PDF bytes for each DOCX, from one LibreOffice process."""
    with tempfile.TemporaryDirectory(prefix="spo-docx-") as staging:
        paths = []
        for number, data in enumerate(documents.values()):
            paths.append(Path(staging) / f"doc{number:03d}.docx")
            paths[-1].write_bytes(data)
        job, pdfs = pdf.convert(paths)
        try:
            return {form_id: p.read_bytes() for form_id, p in zip(documents, pdfs, strict=True)}
        finally:
            pdf.cleanup(job)


def write_manifest(folder: Path, case_path: Path, case: Case,
                   entries: dict[str, dict[str, Any]]) -> Path:
    """manifest.json: every output with its sha256 and template, and the case's hashes.
    Entries of earlier runs stay while their file is unchanged."""
    target = folder / "manifest.json"
    kept: dict[str, Any] = {}
    if target.is_file():
        try:
            old = json.loads(target.read_text(encoding="utf-8")).get("outputs", {})
        except (ValueError, AttributeError):
            old = {}
        kept = {name: entry for name, entry in old.items() if isinstance(entry, dict)
                and (folder / name).is_file() and sha256_file(folder / name) == entry.get("sha256")}
    manifest = {
        "spo": __version__,
        "case": {"file": case_path.name, "sha256": sha256_file(case_path),
                 "content_hash": content_hash(case.data)},
        "outputs": dict(sorted({**kept, **entries}.items())),
    }
    write_atomic(target, (json.dumps(manifest, indent=2) + "\n").encode("utf-8"))
    return target


def bundle_case(path: Path, out: Path, draft: bool, templates: Path | None = None,
                as_of: date | None = None) -> Produced:
    """`spo bundle`: one PDF in bundle-checklist order, with an index page, bookmarks, page
    numbers on every page, and the exhibit PDFs."""
    report, case = checked_case(path, draft, as_of)
    override = templates_folder(templates)
    forms = [BY_ID["bundle-index"], *forms_for(case)]
    compiled = {form.id: template_for(form, override) for form in forms}
    exhibits = _exhibits(case, path.parent)
    pdfs: dict[str, bytes] = {}
    rows: tuple[tuple[str, str, str], ...] = ()
    for _ in range(3):  # the index and checklist show page numbers that may move their own
        todo = [f for f in forms if f.id not in pdfs or f.id in PAGE_NUMBERED]
        pdfs |= _convert({f.id: render_form(case, f, compiled[f.id],
                                            Options(draft=draft, bundle_rows=rows))
                          for f in todo})
        pages = {form_id: pdf.page_count(data) for form_id, data in pdfs.items()}
        settled = _bundle_rows(case, forms, pages, exhibits)
        if settled == rows:
            break
        rows = settled
    else:
        raise ToolError("the bundle's page numbers did not settle; check the index template")
    marking = str(case.get("force", "marking") or "OFFICIAL-SENSITIVE")
    stamp = marking + "  |  Bundle page {n} of {m}" + (" - DRAFT" if draft else "")
    parts = [pdf.Part(form.title, pdfs[form.id]) for form in forms]
    parts += [pdf.Part(f"Exhibit {ref}: {title}", data) for ref, title, data, _ in exhibits]
    bundle = pdf.assemble(parts, stamp)
    folder = output_folder(out, case)
    with locked(folder):
        return _deliver_bundle(path, case, forms, exhibits, bundle, folder, report)


def _deliver_bundle(path: Path, case: Case, forms: list[Form], exhibits: list[Any],
                    bundle: bytes, folder: Path, report: CheckReport) -> Produced:
    target = folder / "bundle.pdf"
    entry = {"form": "bundle", "sha256": write_atomic(target, bundle), "template": "",
             "template_sha256": "", "templates": template_hashes(),
             "contents": [form.id for form in forms] + [ref for ref, *_ in exhibits]}
    write_manifest(folder, path, case, {"bundle.pdf": entry})
    return Produced(folder, [target], warnings=len(report.issues))


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
        data = inside(folder, name).read_bytes()
        found.append((ref, str(exhibit.get("description")), data,
                      pdf.check_exhibit(data, ref)))
    return found


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


__all__ = ["BUNDLE_ORDER", "Produced", "bundle_case", "check_templates", "render_case"]
