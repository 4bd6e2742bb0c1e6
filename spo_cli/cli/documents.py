"""Commands that produce documents: render, bundle, transfer, templates check."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from .common import (
    AsOfOpt,
    CaseArg,
    DraftOpt,
    HelpGroup,
    OutOpt,
    TemplatesOpt,
    app,
    parse_date,
    print_produced,
    printable,
)


@app.command()
def render(
    case: CaseArg,
    form: Annotated[list[str] | None, typer.Option(
        "--form", help="A form id (repeatable); default: every form of the case's kind.")] = None,
    fmt: Annotated[str, typer.Option("--format", help="docx, pdf or both.")] = "docx",
    out: OutOpt = Path("out"),
    draft: DraftOpt = False,
    templates: TemplatesOpt = None,
    as_of: AsOfOpt = None,
) -> int:
    """Render the case's forms as DOCX and/or PDF (PDF needs LibreOffice).

    Examples:

      spo render fixtures/full-with-interim.yaml --draft

      spo render case.yaml --form complaint --form summons --format both --out court/
    """
    from ..audit import hashes, recorded
    from ..documents import render_case

    with recorded("render", [case]) as entry:
        produced = render_case(case, form or [], fmt, out, draft, templates,
                               parse_date(as_of))
        entry.outputs = hashes(produced.files)
    print_produced(produced)
    return 0


@app.command()
def bundle(case: CaseArg, out: OutOpt = Path("out"), draft: DraftOpt = False,
           templates: TemplatesOpt = None, as_of: AsOfOpt = None) -> int:
    """Assemble the court bundle: one PDF with an index, bookmarks and page numbers.

    Examples:

      spo bundle fixtures/full-authorised-hearsay.yaml
    """
    from ..audit import hashes, recorded
    from ..bundle import bundle_case

    with recorded("bundle", [case]) as entry:
        produced = bundle_case(case, out, draft, templates, parse_date(as_of))
        entry.outputs = hashes(produced.files)
    print_produced(produced)
    return 0


@app.command()
def transfer(case: CaseArg,
             to: Annotated[str, typer.Option("--to", help="The receiving force (as named in "
                                             "the case's transfer section).")],
             out: OutOpt = Path("out"), draft: DraftOpt = False,
             fmt: Annotated[str, typer.Option("--format", help="docx, pdf or both.")] = "docx",
             templates: TemplatesOpt = None) -> int:
    """Produce the transfer pack (APP (consultation draft 2026) 9.8) for another force;
    acceptance is due in 7 days.

    Examples:

      spo transfer fixtures/transfer-ready.yaml --to "Westmere Constabulary"
    """
    from ..audit import hashes, recorded
    from ..lifecycle import transfer_case

    with recorded("transfer", [case]) as entry:
        produced, due_by = transfer_case(case, to, out, fmt, draft, templates)
        entry.outputs = hashes(produced.files)
    print_produced(produced)
    print(f"spo: acceptance due by {due_by}; remind the defendant of the duty to notify a new "
          "address within 3 days (s.9(4))", file=sys.stderr)
    return 0


templates_app = typer.Typer(cls=HelpGroup, no_args_is_help=True,
                            help="Work with form templates: the built-in ones or a force's "
                            "own folder.\n\nExample: spo templates check force-templates/")
app.add_typer(templates_app, name="templates")


@templates_app.command("check")
def templates_check(
    folder: Annotated[Path | None, typer.Argument(
        help="A force's template folder; default: the built-in templates.")] = None,
) -> int:
    """Lint templates: variables against the form registry (both ways), unsafe Jinja, hidden
    content, tags split across runs. Exit 1 if any template has a problem.

    Examples:

      spo templates check

      spo templates check force-templates/
    """
    from ..documents import check_templates

    failed = 0
    for _, path, problems in check_templates(folder):
        failed += bool(problems)
        print(f"{printable(str(path))}: " + ("ok" if not problems else
                                              "; ".join(problems)))
    return 1 if failed else 0
