"""The `spo` command line: parse, call one library function, print, map errors to exit codes.

Heavy libraries are imported inside commands so that `spo --help` starts fast.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import sys
from datetime import UTC, date
from pathlib import Path
from typing import Annotated

import typer

from .errors import Interrupted, MissingAnswersError, SpoError, ToolError, UsageError

app = typer.Typer(no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False,
                  rich_markup_mode=None,
                  help="Prepare Stalking Protection Order applications from YAML case files.")

JsonOpt = Annotated[bool, typer.Option("--json", help="Machine-readable output on stdout.")]
CaseArg = Annotated[Path, typer.Argument(help="The case file.", show_default=False)]
OutOpt = Annotated[Path, typer.Option("--out", help="Output folder; files go to "
                                      "OUT/<reference>/.")]
DraftOpt = Annotated[bool, typer.Option("--draft", help="Render without a valid "
                                        "authorisation; every page says DRAFT.")]
TemplatesOpt = Annotated[Path | None, typer.Option(
    "--templates", help="A force's own template folder (or $SPO_TEMPLATES); its templates "
    "replace the built-in ones form by form.")]
AsOfOpt = Annotated[str | None, typer.Option("--as-of", help="Treat this date (YYYY-MM-DD) "
                                             "as today.")]

EXIT_CODES: tuple[tuple[type[SpoError], int], ...] = (
    (MissingAnswersError, 3), (ToolError, 4), (Interrupted, 130), (UsageError, 2),
    (SpoError, 1),
)


def _printable(text: str) -> str:
    """No terminal control sequences from file names or labels (line breaks stay)."""
    return "".join(c if c.isprintable() or c == "\n" else "?" for c in text)


def _parse_date(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter("use YYYY-MM-DD") from None


@app.command()
def check(
    cases: Annotated[list[Path], typer.Argument(help="Case files to check.", show_default=False)],
    as_json: JsonOpt = False,
    as_of: AsOfOpt = None,
) -> int:
    """Check case files against the contract and the legal rules; report every issue.

    Exit 0 when no file has errors (warnings allowed), 1 otherwise.

    Examples:

      spo check fixtures/full-with-interim.yaml

      spo check --json cases/*.yaml > report.jsonl
    """
    from .audit import recorded
    from .build import check_files

    today = _parse_date(as_of)
    failed = 0
    with recorded("check", cases) as entry:
        for report in check_files(cases, today):
            failed += not report.ok
            if as_json:
                print(json.dumps(report.to_dict()), flush=True)  # ASCII escapes: any stdout
            else:
                _print_report(report)
        entry.outcome = "ok" if not failed else f"{failed} case(s) with errors"
    return 1 if failed else 0


def _print_report(report) -> None:  # noqa: ANN001 - build.CheckReport, imported lazily
    errors = sum(i.severity == "error" for i in report.issues)
    warnings = len(report.issues) - errors
    name = _printable(report.file)
    state = "ok" if report.ok else "FAILED"
    print(f"{name}: {state} ({errors} error(s), {warnings} warning(s))")
    for issue in report.issues:
        where = f"{name}:{issue.line or 0}:{issue.column or 0}"
        print(_printable(f"  {where}: {issue.severity} {issue.rule} {issue.path}: "
                         f"{issue.message} [{issue.source}]"))


NoInputOpt = Annotated[bool, typer.Option("--no-input", help="Never ask: missing answers "
                                          "are listed and the exit code is 3.")]
AnswersOpt = Annotated[Path | None, typer.Option(
    "--answers", help="A (partial) case file whose values are used without asking.")]


@app.command()
def interview(
    case: CaseArg,
    kind: Annotated[str | None, typer.Option("--kind", help="full, interim, variation, "
                                             "renewal, discharge or transfer.")] = None,
    answers: AnswersOpt = None,
    no_input: NoInputOpt = False,
) -> int:
    """Build or complete a case file by interview; each answer is checked and saved at once.

    Run it again after an interruption to resume at the first unanswered question.

    Examples:

      spo interview cases/new.yaml --kind full

      spo interview cases/new.yaml --answers draft.yaml --no-input
    """
    from .audit import recorded
    from .interview import interview_case
    from .prompts import QuestionaryAsker, has_terminal

    asker = QuestionaryAsker() if has_terminal() and not no_input else None
    try:
        with recorded("interview", [case]):
            issues = interview_case(case, kind, answers, asker)
    except KeyboardInterrupt:
        raise Interrupted("interrupted: the answers given so far are saved; run the same "
                          "command to resume") from None
    return 1 if any(i.severity == "error" for i in issues) else 0


@app.command()
def authorise(case: CaseArg, answers: AnswersOpt = None, no_input: NoInputOpt = False,
              as_of: AsOfOpt = None) -> int:
    """Record the superintendent's authorisation (APP 9.2), sealed with the case's content
    hash; refused while the case has errors.

    Examples:

      spo authorise cases/NS-0142.yaml

      spo authorise cases/NS-0142.yaml --answers authorisation.yaml --no-input
    """
    from .audit import recorded
    from .authorisation import authorise_case
    from .prompts import QuestionaryAsker, has_terminal

    asker = QuestionaryAsker() if has_terminal() and not no_input else None
    try:
        with recorded("authorise", [case]) as entry:
            sealed = authorise_case(case, answers, asker, _parse_date(as_of))
            entry.outcome = f"ok: {sealed['decision']}"
    except KeyboardInterrupt:
        raise Interrupted("interrupted: nothing was written") from None
    print(f"{_printable(str(case))}: {sealed['decision']}, sealed {sealed['content_hash']}")
    return 0


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
    from .audit import hashes, recorded
    from .documents import render_case

    with recorded("render", [case], out) as entry:
        produced = render_case(case, form or [], fmt, out, draft, templates,
                               _parse_date(as_of))
        entry.outputs = hashes(produced.files)
    _print_produced(produced)
    return 0


@app.command()
def bundle(case: CaseArg, out: OutOpt = Path("out"), draft: DraftOpt = False,
           templates: TemplatesOpt = None, as_of: AsOfOpt = None) -> int:
    """Assemble the court bundle: one PDF with an index, bookmarks and page numbers.

    Examples:

      spo bundle fixtures/full-authorised-hearsay.yaml
    """
    from .audit import hashes, recorded
    from .documents import bundle_case

    with recorded("bundle", [case], out) as entry:
        produced = bundle_case(case, out, draft, templates, _parse_date(as_of))
        entry.outputs = hashes(produced.files)
    _print_produced(produced)
    return 0


@app.command()
def transfer(case: CaseArg,
             to: Annotated[str, typer.Option("--to", help="The receiving force (as named in "
                                             "the case's transfer section).")],
             out: OutOpt = Path("out"), draft: DraftOpt = False,
             fmt: Annotated[str, typer.Option("--format", help="docx, pdf or both.")] = "docx",
             templates: TemplatesOpt = None) -> int:
    """Produce the transfer pack (APP 9.8) for another force; acceptance is due in 7 days.

    Examples:

      spo transfer fixtures/transfer-ready.yaml --to "Westmere Constabulary"
    """
    from .audit import hashes, recorded
    from .lifecycle import transfer_case

    with recorded("transfer", [case], out) as entry:
        produced, due_by = transfer_case(case, to, out, fmt, draft, templates)
        entry.outputs = hashes(produced.files)
    _print_produced(produced)
    print(f"spo: acceptance due by {due_by}; remind the defendant of the duty to notify a new "
          "address within 3 days (s.9(4))", file=sys.stderr)
    return 0


@app.command()
def due(folder: Annotated[Path, typer.Argument(help="A folder of case files.")],
        within: Annotated[int, typer.Option("--within", help="Days ahead.", min=0)] = 30,
        as_of: AsOfOpt = None, as_json: JsonOpt = False) -> int:
    """List every clock falling in the window across a folder of case files: orders ending,
    notification due, hearsay deadlines, transfer acceptances; earliest first.

    Examples:

      spo due cases/ --within 90

      spo due cases/ --as-of 2026-12-01 --json
    """
    from .audit import recorded
    from .lifecycle import due as find_due
    from .lifecycle import iter_rows

    with recorded("due", []) as entry:
        items, unreadable = find_due(folder, within, _parse_date(as_of))
        entry.counts = {"clocks": len(items), "unreadable": len(unreadable)}
    for path in unreadable:
        print(f"spo: skipped {_printable(str(path))}: not a readable case file", file=sys.stderr)
    if as_json:
        for item in items:
            print(json.dumps(item.to_dict()))
    else:
        for row in iter_rows(items):
            print(_printable(row))
    return 0


@app.command()
def batch(
    action: Annotated[str, typer.Argument(help="check, render, bundle or transfer.")],
    source: Annotated[Path, typer.Argument(help="A folder of case files, or a MANIFEST.csv "
                                           "(columns: file, forms, format, out, to).")],
    jobs: Annotated[int | None, typer.Option("--jobs", min=1, help="Worker processes "
                                             "(default: the number of CPUs).")] = None,
    out: OutOpt = Path("out"),
    fmt: Annotated[str, typer.Option("--format", help="docx, pdf or both.")] = "docx",
    draft: DraftOpt = False,
    report: Annotated[Path | None, typer.Option(
        "--report", help="JSON-lines report (default: OUT/batch-report.jsonl).")] = None,
) -> int:
    """Run one action over many case files in parallel; up-to-date cases are skipped, so an
    interrupted batch resumes. Exit 1 if any case failed.

    Examples:

      spo batch check cases/

      spo batch render cases/ --jobs 2 --format both --report render.jsonl

      spo batch transfer transfers.csv
    """
    from .batch import jobs_from, run

    work = jobs_from(source, out, fmt, draft)
    report = report or out / "batch-report.jsonl"
    counts = {"ok": 0, "skipped": 0, "failed": 0}
    from .audit import hashes, recorded

    with recorded(f"batch {action}", [], out) as entry, _progress(len(work)) as advance:
        def on_row(row) -> None:  # noqa: ANN001 - batch.Row, imported lazily
            counts[row.status] += 1
            advance()

        run(action, work, jobs, report, on_row)
        entry.counts, entry.outputs = dict(counts), hashes([report])
    print(f"{len(work)} case(s): {counts['ok']} done, {counts['skipped']} up to date, "
          f"{counts['failed']} failed; report: {_printable(str(report))}")
    return 1 if counts["failed"] else 0


@contextlib.contextmanager
def _progress(total: int):  # noqa: ANN202 - yields the advance callable
    """A progress bar on a terminal; nothing when stderr is redirected."""
    if not sys.stderr.isatty():
        yield lambda: None
        return
    from rich.progress import Progress

    with Progress(transient=True) as progress:
        task = progress.add_task("cases", total=total)
        yield lambda: progress.advance(task)


def _print_produced(produced) -> None:  # noqa: ANN001 - documents.Produced, imported lazily
    """The files written (stdout), and a word about warnings (stderr)."""
    for path in produced.files:
        print(path)
    if produced.warnings:
        print(f"spo: the case has {produced.warnings} warning(s); spo check lists them",
              file=sys.stderr)


templates_app = typer.Typer(no_args_is_help=True, help="Work with form templates.")
app.add_typer(templates_app, name="templates")


@templates_app.command("check")
def templates_check(
    folder: Annotated[Path | None, typer.Argument(
        help="A force's template folder; default: the built-in templates.")] = None,
) -> int:
    """Lint templates: variables against the form registry (both ways), unsafe Jinja, hidden
    content, tags split across runs."""
    from .documents import check_templates

    failed = 0
    for _, path, problems in check_templates(folder):
        failed += bool(problems)
        print(f"{_printable(str(path))}: " + ("ok" if not problems else
                                              "; ".join(problems)))
    return 1 if failed else 0


@app.command()
def audit(
    since: Annotated[str | None, typer.Option("--since", help="Only entries from this date "
                                              "(YYYY-MM-DD).")] = None,
    log: Annotated[Path | None, typer.Option("--log", help="The log (default: "
                                             "$SPO_AUDIT_LOG or out/audit.jsonl).")] = None,
    check: Annotated[bool, typer.Option("--verify", help="Check the hash chain: exit 1 if a "
                                        "line was edited or removed.")] = False,
    as_json: JsonOpt = False,
) -> int:
    """Show the audit log: one entry per operation on case data (no personal data in it).

    Examples:

      spo audit --since 2026-11-01

      spo audit --verify
    """
    from datetime import datetime

    from .audit import entries, log_path, verify

    path = log or log_path()
    if check:
        broken = verify(path) if path.is_file() else []
        print(f"{_printable(str(path))}: " + ("chain intact" if not broken else
              f"chain broken at line(s) {', '.join(map(str, broken))}"))
        return 1 if broken else 0
    start = _parse_date(since)
    moment = datetime(start.year, start.month, start.day, tzinfo=UTC) if start else None
    for row in entries(path, moment):
        if as_json:
            print(json.dumps(row))
            continue
        refs = ", ".join(c["reference"] or c["sha256"][:12] for c in row["cases"]) or "-"
        print(_printable(f"{row['time']}  {row['user']:<10} {row['command']:<16} {refs}  "
                         f"{row['outcome']}  ({len(row['outputs'])} output(s))"))
    return 0


@app.command("rules")
def list_rules(as_json: JsonOpt = False) -> int:
    """List every rule: id, severity, source and when it fires."""
    from .rules import RULES

    rows = [{"rule": r.id, "severity": str(r.severity), "source": r.source, "when": r.summary}
            for r in RULES.values()]
    for row in rows:
        print(json.dumps(row) if as_json else
              f"{row['rule']:<26} {row['severity']:<8} {row['when']}  [{row['source']}]")
    return 0


@app.command("forms")
def list_forms(as_json: JsonOpt = False) -> int:
    """List the forms and the application kinds each applies to."""
    from .forms import national_forms

    for form in national_forms():
        kinds = ["transfer (spo transfer)"] if form.by_transfer else [str(k) for k in form.kinds]
        row = {"form": form.id, "title": form.title, "kinds": kinds, "served": form.served}
        print(json.dumps(row) if as_json else
              f"{form.id:<32} {', '.join(kinds):<45} {form.title}")
    return 0


def main() -> None:
    """Entry point: run the app and turn every outcome into the contract's exit code."""
    for stream in (sys.stdout, sys.stderr):  # a narrow console encoding must not crash a run
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")
    if hasattr(signal, "SIGXFSZ"):  # a file-size limit becomes an error we report, not a kill
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    try:
        code = app(standalone_mode=False)
    except SpoError as exc:
        print(f"spo: {_printable(str(exc))}", file=sys.stderr)
        code = next(c for kind, c in EXIT_CODES if isinstance(exc, kind))
    except OSError as exc:  # disk full, file too large, permission: nothing was half-written
        reason = os.strerror(exc.errno) if exc.errno else type(exc).__name__
        print(f"spo: could not write an output ({reason}); earlier outputs are unchanged",
              file=sys.stderr)
        code = 4
    except typer.TyperException as exc:  # usage errors: unknown option, bad value
        exc.show()  # type: ignore[attr-defined]
        code = 2
    except (KeyboardInterrupt, typer.Abort):
        print("spo: interrupted", file=sys.stderr)
        code = 130
    sys.exit(code if isinstance(code, int) else 0)
