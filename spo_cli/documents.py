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

from . import __version__, fonts, pdf, render
from .check import CheckReport, check_file
from .errors import CaseError, CaseInvalidError, TemplateError, UsageError
from .forms import BUNDLE_ORDER, BY_ID, Form, Options, forms_for
from .model import Case, Severity, content_hash
from .outputs import inside, locked_name, private_dir, sha256_file, staged, write_atomic
from .resources import resource_dir

FORMATS = ("docx", "pdf", "both")
AUTHORISATION_RULES = ("authorisation-rank", "authorisation-points", "authorisation-stale")


@dataclass
class Produced:
    """What a render or bundle wrote."""

    folder: Path
    files: list[Path] = field(default_factory=list)
    warnings: int = 0
    sha256: dict[str, str] = field(default_factory=dict)  # file name -> sha256 as written


def templates_folder(override: Path | None) -> Path | None:
    """A force's own template folder: --templates, else $SPO_TEMPLATES."""
    if override is None and os.environ.get("SPO_TEMPLATES"):
        override = Path(os.environ["SPO_TEMPLATES"])
    if override is not None and not override.is_dir():
        raise UsageError("the templates folder does not exist")
    return override


def template_for(form: Form, override: Path | None) -> render.Compiled:
    """The force's template for `form` if it has one (linted here), else the built-in (linted
    by the test suite and `spo templates check`, not at every render)."""
    path = resource_dir("templates") / "forms" / form.template
    if override is None or not (override / form.template).is_file():
        return render.compile_template(path)
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
    if folder is not None:
        _recognised(folder)
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


def _recognised(folder: Path) -> None:
    """A force's folder must exist and hold at least one form template spo knows."""
    if not folder.is_dir():
        raise UsageError("the templates folder does not exist or is not a folder")
    names = sorted(form.template for form in BY_ID.values())
    if not any((folder / name).is_file() for name in names):
        raise UsageError("the templates folder holds no form template spo recognises",
                         hint="templates are named as the forms: " + ", ".join(names))


def checked_case(path: Path, draft: bool, as_of: date | None, court: bool = True,
                 report: CheckReport | None = None) -> tuple[CheckReport, Case]:
    """The case, refused if it has errors. Authorisation errors are allowed for a draft, and
    do not concern documents that never go to court (the transfer form). `report`: the
    check already made of this file (a batch checks each case once)."""
    report = report or check_file(path, as_of)
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
    return deliver_render(prepare_render(path, form_ids, fmt, out, draft, templates, as_of))


@dataclass
class Rendered:
    """A case's forms rendered in memory, not yet written (a batch converts many cases'
    documents in one LibreOffice run between the two steps)."""

    path: Path
    case: Case
    forms: list[Form]
    compiled: dict[str, render.Compiled]
    documents: dict[str, bytes]   # form id -> DOCX
    fmt: str
    out: Path
    warnings: int
    case_sha256: str | None = None


def prepare_render(path: Path, form_ids: list[str], fmt: str, out: Path, draft: bool,
                   templates: Path | None = None, as_of: date | None = None,
                   report: CheckReport | None = None,
                   case_sha256: str | None = None) -> Rendered:
    """Check the case (unless `report` is that check) and render its forms in memory."""
    if fmt not in FORMATS:
        raise UsageError(f"--format must be one of {', '.join(FORMATS)}")
    pdf.sweep_stale_jobs()  # temp folders of runs that were killed
    forms_asked = [BY_ID.get(i) for i in form_ids]
    court = not form_ids or not all(f is not None and f.by_transfer for f in forms_asked)
    report, case = checked_case(path, draft, as_of, court, report)
    override = templates_folder(templates)
    forms = choose_forms(case, form_ids)
    compiled = {form.id: template_for(form, override) for form in forms}
    documents = {form.id: render_form(case, form, compiled[form.id], Options(draft=draft))
                 for form in forms}  # everything renders before anything is written
    return Rendered(path, case, forms, compiled, documents, fmt, out, len(report.issues),
                    case_sha256)


def deliver_render(rendered: Rendered, pdfs: dict[str, bytes] | None = None) -> Produced:
    """Write a prepared render: its DOCX and/or PDFs (converted here unless `pdfs` holds
    them) and the manifest, all or nothing: the folder is staged whole and swapped in, so a
    failure leaves the previous documents and manifest exactly as they were."""
    forms, compiled, documents = rendered.forms, rendered.compiled, rendered.documents
    fmt, case, failure = rendered.fmt, rendered.case, None
    if fmt in ("pdf", "both") and pdfs is None:
        pdfs, failure = _pdfs_for(documents, fmt, case)
    pdfs = pdfs or {}
    folder = output_folder(rendered.out, case)
    produced = Produced(folder, warnings=rendered.warnings)
    outputs: dict[str, tuple[Form, bytes]] = {}
    if fmt in ("docx", "both") or failure is not None:  # a failed PDF still delivers DOCX
        outputs |= {f"{form.id}.docx": (form, documents[form.id]) for form in forms}
    if fmt in ("pdf", "both"):
        outputs |= {f"{form.id}.pdf": (form, pdfs[form.id]) for form in forms
                    if form.id in pdfs}
    entries = {name: _entry(form, compiled[form.id], "") for name, (form, _) in outputs.items()}
    with locked_name(folder), staged(folder) as stage:
        for name, (_, data) in outputs.items():
            entries[name]["sha256"] = produced.sha256[name] = write_atomic(stage / name, data,
                                                                           sync=False)
        write_manifest(stage, rendered.path, case, entries, rendered.case_sha256)
    produced.files = [folder / name for name in outputs]
    if failure is not None:
        failure.message += f"; the DOCX files are in {folder}" if fmt == "pdf" else \
            f"; the DOCX files are in {folder} and no PDF was replaced"
        raise failure
    return produced


def _pdfs_for(documents: dict[str, bytes], fmt: str,
              case: Case) -> tuple[dict[str, bytes], pdf.ConversionError | None]:
    """The PDFs when asked for, or the conversion error to report after the DOCX are
    delivered (LibreOffice failed, or fonts do not cover the case's text)."""
    if fmt not in ("pdf", "both"):
        return {}, None
    try:
        fonts.check_coverage(case_text(case))
        return convert_pdfs(documents), None
    except pdf.ConversionError as exc:
        return {}, exc


def case_text(case: Case) -> list[str]:
    """Every string in the case (what can reach a form)."""
    found: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, str):
            found.append(node)
        elif isinstance(node, dict):
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(case.data)
    return found


def _entry(form: Form, compiled: render.Compiled, sha256: str) -> dict[str, Any]:
    return {"form": form.id, "sha256": sha256, "template": compiled.path.name,
            "template_sha256": compiled.sha256}


def convert_pdfs(documents: dict[str, bytes]) -> dict[str, bytes]:
    """PDF bytes for each DOCX, from one LibreOffice process."""
    with tempfile.TemporaryDirectory(prefix=pdf.run_prefix("spo-docx")) as staging:
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
                   entries: dict[str, dict[str, Any]], case_sha256: str | None = None) -> Path:
    """manifest.json: every output with its sha256 and template, and the case's hashes.
    Entries of earlier runs stay while their file is unchanged. `case_sha256`: the case
    file's hash when the caller already has it (from the bytes it loaded)."""
    target = folder / "manifest.json"
    reference = str(case.get("application", "reference"))
    old = read_manifest(folder)
    owner = old.get("case", {}).get("reference") if isinstance(old.get("case"), dict) else None
    if owner is not None and owner != reference:
        raise CaseError(f"the output folder {folder.name} holds the documents of another "
                        "reference (see its manifest.json); nothing was written",
                        hint="references that differ only in / and - share a folder: "
                             "use another --out")
    given = old.get("outputs")
    outputs = given if isinstance(given, dict) else {}
    kept = {name: entry for name, entry in outputs.items() if isinstance(entry, dict)
            and name not in entries  # about to be replaced: no need to hash it
            and _is_plain_name(name) and (folder / name).is_file()
            and sha256_file(folder / name) == entry.get("sha256")}
    manifest = {
        "spo": __version__,
        "case": {"file": case_path.name, "sha256": case_sha256 or sha256_file(case_path),
                 "content_hash": content_hash(case.data), "reference": reference},
        "outputs": dict(sorted({**kept, **entries}.items())),
    }
    write_atomic(target, (json.dumps(manifest, indent=2) + "\n").encode("utf-8"))
    return target


def read_manifest(folder: Path) -> dict[str, Any]:
    """manifest.json of a case folder as a mapping; {} if absent or malformed (a malformed
    manifest is rewritten by the next render, never trusted)."""
    from .input_files import Refused, read_bounded

    try:
        data = json.loads(read_bounded(folder / "manifest.json", 4 * 1024 * 1024))
    except (Refused, ValueError, RecursionError):
        return {}
    return data if isinstance(data, dict) else {}


def _is_plain_name(name: str) -> bool:
    """A manifest entry names a file in the folder, never a path (a hostile manifest)."""
    return "/" not in name and "\\" not in name and name not in ("", ".", "..") \
        and "\x00" not in name


__all__ = ["BUNDLE_ORDER", "Produced", "check_templates", "render_case"]
