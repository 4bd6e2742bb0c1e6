"""What every command module shares: the app, option types and printing helpers."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperGroup

if TYPE_CHECKING:  # imported lazily at run time, so that `spo --help` stays light
    from ..check import CheckReport
    from ..documents import Produced
    from ..model import Issue


class HelpGroup(TyperGroup):
    """Lists each command's whole first paragraph, wrapped, never cut off with '...'."""

    def format_commands(self, ctx: Any, formatter: Any) -> None:  # typer's own click types
        rows = [(name, " ".join((cmd.help or "").split("\n\n")[0].split()))
                for name in self.list_commands(ctx)
                if (cmd := self.get_command(ctx, name)) is not None and not cmd.hidden]
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)


app = typer.Typer(cls=HelpGroup, no_args_is_help=True, add_completion=True,
                  pretty_exceptions_enable=False,
                  rich_markup_mode=None,
                  help="Prepare Stalking Protection Order applications from YAML case files: "
                  "check them against the Stalking Protection Act 2019 and the guidance, "
                  "render the court forms, assemble the bundle, and track the order's dates."
                  "\n\nExample: spo check case.yaml, then spo explain RULE for any issue; "
                  "docs/case-file.md describes every key of a case file.")

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

def printable(text: str) -> str:
    """No terminal control sequences from file names or labels (line breaks stay)."""
    return "".join(c if c.isprintable() or c == "\n" else "?" for c in text)


def parse_date(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter("use YYYY-MM-DD") from None


NoInputOpt = Annotated[bool, typer.Option("--no-input", help="Never ask: missing answers "
                                          "are listed and the exit code is 3.")]
AnswersOpt = Annotated[list[Path] | None, typer.Option(
    "--answers", help="A (partial) case file whose values are used without asking; give it "
    "more than once to combine files (later ones win), merged at any depth.")]
ProfileOpt = Annotated[Path | None, typer.Option(
    "--profile", help="The force profile (or $SPO_PROFILE; default: profile.yaml in "
    "~/.config/spo). Written by spo profile.")]


def print_report(report: CheckReport) -> None:
    errors = sum(i.severity == "error" for i in report.issues)
    warnings = len(report.issues) - errors
    name = printable(report.file).replace("\n", "?")  # a name must not start a new line
    state = "ok" if report.ok else "FAILED"
    print(f"{name}: {state} ({errors} error(s), {warnings} warning(s))")
    for issue in report.issues:
        where = f"{name}:{issue.line or 0}:{issue.column or 0}"
        print(printable(f"  {where}: {issue.severity} {issue.rule} {issue.path}: "
                         f"{issue.message} [{issue.source}] (spo explain {_topic(issue)})"))


def _topic(issue: Issue) -> str:
    """What `spo explain` should be asked: the field for a schema issue, else the rule."""
    if issue.rule not in ("schema", "text") or issue.path == "(file)":
        return issue.rule
    from ..schema import node_at

    parts = issue.path.replace("[", ".[").split(".")
    while parts and node_at(tuple(parts)) is None:  # an unknown key: its parent
        parts.pop()
    topic = ".".join("[]" if p.startswith("[") else p for p in parts).replace(".[]", "[]")
    return topic or issue.rule


def print_produced(produced: Produced) -> None:
    """The files written (stdout), and a word about warnings (stderr)."""
    for path in produced.files:
        print(path)
    if produced.warnings:
        print(f"spo: the case has {produced.warnings} warning(s); spo check lists them",
              file=sys.stderr)


@contextlib.contextmanager
def progress(total: int) -> Iterator[Callable[[], None]]:
    """A progress bar on a terminal; nothing when stderr is redirected."""
    if not sys.stderr.isatty():
        yield lambda: None
        return
    from rich.progress import Progress

    with Progress(transient=True) as progress:
        task = progress.add_task("cases", total=total)
        yield lambda: progress.advance(task)
