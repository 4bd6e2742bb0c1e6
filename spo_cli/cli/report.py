"""`spo report`: the force's SPO performance report over a folder of case files."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from .common import app, parse_date, printable


@app.command()
def report(
    folder: Annotated[Path, typer.Argument(help="A folder of case files (searched in "
                                           "sub-folders too).")],
    start: Annotated[str | None, typer.Option(
        "--from", help="First day of the period, YYYY-MM-DD (default: the earliest "
        "application).")] = None,
    end: Annotated[str | None, typer.Option(
        "--to", help="Last day of the period, YYYY-MM-DD (default: today); orders in force "
        "are counted on this day.")] = None,
    out: Annotated[Path | None, typer.Option(
        "--out", help="The report file (default: out/report.FORMAT). A cache of extracted "
        "facts is kept beside it.")] = None,
    fmt: Annotated[str, typer.Option("--format", help="html (for reading and printing), "
                                     "csv (one row per case) or json.")] = "html",
    by: Annotated[str | None, typer.Option("--by", help="Add a table per court or per "
                                           "officer's station: court or station.")] = None,
) -> int:
    """Report what the force applied for, what it obtained, how long it took and what
    happened after the order. No names, addresses or free text: references, dates, courts
    and counts only. Unreadable or invalid case files are counted and named, never fatal.

    Examples:

      spo report cases/ --from 2025-06-01 --to 2026-11-30

      spo report cases/ --format csv --out reports/spo.csv --by court
    """
    from ..audit import hashes, recorded
    from ..report import write_report

    target = out or Path("out") / f"report.{fmt}"
    with recorded("report", []) as entry:
        result = write_report(folder, target, fmt, parse_date(start), parse_date(end), by)
        files = result["meta"]["files"]
        entry.counts = {"cases": files["included"], "unreadable": len(files["unreadable"]),
                        "invalid": len(files["invalid"])}
        entry.outputs = hashes([target])
    for name in files["unreadable"]:
        print(f"spo: not counted: {printable(name)}: not a readable case file", file=sys.stderr)
    for name in files["invalid"]:
        print(f"spo: not counted: {printable(name)}: breaks the schema (spo check says why)",
              file=sys.stderr)
    print(printable(str(target)))
    return 0
