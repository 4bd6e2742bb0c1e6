"""Commands over many cases and their records: due, batch, audit."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from .common import AsOfOpt, DraftOpt, JsonOpt, OutOpt, app, parse_date, printable, progress

if TYPE_CHECKING:  # imported lazily at run time
    from ..batch import Row


@app.command()
def due(folder: Annotated[Path, typer.Argument(help="A folder of case files.")],
        within: Annotated[int, typer.Option("--within", help="Days ahead.", min=0)] = 30,
        as_of: AsOfOpt = None, as_json: JsonOpt = False) -> int:
    """List every clock falling in the window across a folder of case files, after every
    clock already past that still needs action (marked OVERDUE): orders ending and when to
    start renewing them (56 days before), initial notification (s.9(1)) and changes of home
    address (s.9(4)), hearsay notices (21 clear days), transfer acceptances, interim orders
    ending before the full hearing.

    Examples:

      spo due cases/ --within 90

      spo due cases/ --as-of 2026-12-01 --json
    """
    from ..audit import recorded
    from ..lifecycle import due as find_due
    from ..lifecycle import iter_rows

    with recorded("due", []) as entry:
        items, unreadable = find_due(folder, within, parse_date(as_of))
        entry.counts = {"clocks": len(items), "unreadable": len(unreadable)}
    for path in unreadable:
        print(f"spo: skipped {printable(str(path))}: not a readable case file", file=sys.stderr)
    if as_json:
        for item in items:
            print(json.dumps(item.to_dict()))
    else:  # iter_rows says "nothing due ..." itself
        for row in iter_rows(items, within):
            print(printable(row))
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
    from ..batch import run
    from ..batch_jobs import jobs_from

    work = jobs_from(source, out, fmt, draft)
    report = report or out / "batch-report.jsonl"
    counts = {"ok": 0, "skipped": 0, "failed": 0}
    from ..audit import hashes, recorded

    with recorded(f"batch {action}", []) as entry, progress(len(work)) as advance:
        def on_row(row: Row) -> None:
            counts[row.status] += 1
            advance()

        run(action, work, jobs, report, on_row)
        entry.counts, entry.outputs = dict(counts), hashes([report])
    print(f"{len(work)} case(s): {counts['ok']} done, {counts['skipped']} up to date, "
          f"{counts['failed']} failed; report: {printable(str(report))}")
    return 1 if counts["failed"] else 0


@app.command()
def audit(
    since: Annotated[str | None, typer.Option("--since", help="Only entries from this date "
                                              "(YYYY-MM-DD).")] = None,
    log: Annotated[Path | None, typer.Option("--log", help="The log (default: $SPO_AUDIT_LOG, "
                                             "else ~/.local/state/spo/audit.jsonl).")] = None,
    check: Annotated[bool, typer.Option("--verify", help="Check the hash chain and the head "
                                        "file: exit 1 naming the first bad line if an entry "
                                        "was edited, removed or added, or the log is "
                                        "missing.")] = False,
    as_json: JsonOpt = False,
) -> int:
    """Show the audit log: one entry per operation on case data (no personal data in it).

    Examples:

      spo audit --since 2026-11-01

      spo audit --verify
    """
    from datetime import UTC, datetime

    from ..audit import entries, log_path, verify

    path = log or log_path()
    if check:
        verdict = verify(path)
        if verdict.problem:
            where = f" (line {verdict.line})" if verdict.line else ""
            print(f"{printable(str(path))}{where}: {verdict.problem}")
            return 1
        print(f"{printable(str(path))}: chain intact, {verdict.count} entries, last "
              f"sha256:{verdict.last} (keep this hash elsewhere: it also proves the log "
              "was not re-forged with its head file)")
        return 0
    start = parse_date(since)
    moment = datetime(start.year, start.month, start.day, tzinfo=UTC) if start else None
    shown = 0
    for row in entries(path, moment):
        shown += 1
        if as_json:
            print(json.dumps(row))
            continue
        refs = ", ".join(c["reference"] or c["sha256"][:12] for c in row["cases"]) or "-"
        print(printable(f"{row['time']}  {row['user']:<10} {row['command']:<16} {refs}  "
                         f"{row['outcome']}  ({len(row['outputs'])} output(s))"))
    if not shown and not as_json:
        print("no audit entries" + (" since that date" if start else ""))
    return 0
