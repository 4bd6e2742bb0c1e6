"""Commands on one case file: check, interview, authorise."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from ..errors import Interrupted
from .common import (
    AnswersOpt,
    AsOfOpt,
    CaseArg,
    JsonOpt,
    NoInputOpt,
    ProfileOpt,
    app,
    parse_date,
    print_report,
    printable,
)


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
    from ..audit import recorded
    from ..check import check_files

    today = parse_date(as_of)
    failed = 0
    with recorded("check", cases) as entry:
        for report in check_files(cases, today):
            failed += not report.ok
            if as_json:
                print(json.dumps(report.to_dict()), flush=True)  # ASCII escapes: any stdout
            else:
                print_report(report)
        entry.outcome = "ok" if not failed else f"{failed} case(s) with errors"
    return 1 if failed else 0


@app.command()
def interview(
    case: CaseArg,
    kind: Annotated[str | None, typer.Option(
        "--kind", help="full, interim, variation, renewal, discharge, transfer, or outcome "
        "(after the hearing: decision, post-order actions, breaches).")] = None,
    answers: AnswersOpt = None,
    profile: ProfileOpt = None,
    edit: Annotated[str | None, typer.Option(
        "--edit", help="Ask one section again with the current answers offered (e.g. "
        "conduct, terms, persons).")] = None,
    editor: Annotated[bool, typer.Option(
        "--editor", help="Write narratives in $VISUAL or $EDITOR.")] = False,
    no_input: NoInputOpt = False,
    as_of: AsOfOpt = None,
) -> int:
    """Build or complete a case file by interview; each answer is checked and saved at once.

    The force's and the officer's details come from the profile (spo profile). Run the
    command again after an interruption to resume at the first unanswered question.

    Examples:

      spo interview cases/new.yaml --kind full

      spo interview cases/new.yaml --edit conduct

      spo interview cases/new.yaml --answers draft.yaml --no-input
    """
    from ..audit import recorded
    from ..profile import checked, locate
    from ..prompts import QuestionaryAsker, has_terminal
    from ..sitting import interview_case

    asker = QuestionaryAsker(editor) if has_terminal() and not no_input else None
    layers = [p for p in (checked(locate(profile)),) if p is not None] + list(answers or [])
    try:
        with recorded("interview", [case]):
            issues = interview_case(case, kind, layers, asker, edit, parse_date(as_of))
    except KeyboardInterrupt:
        raise Interrupted("interrupted: the answers given so far are saved; run the same "
                          "command to resume") from None
    return 1 if any(i.severity == "error" for i in issues) else 0


@app.command(name="profile")
def profile_command(
    profile: ProfileOpt = None,
    show: Annotated[bool, typer.Option("--show", help="Print where the profile is and "
                                       "check it; ask nothing.")] = False,
) -> int:
    """Write (or update) the force profile: force, chief officer, area, court, legal team and
    your own details, asked once and used by every interview.

    Examples:

      spo profile

      spo profile --profile northshire.yaml
    """
    from ..errors import UsageError
    from ..profile import locate, problems, profile_interview
    from ..prompts import QuestionaryAsker, has_terminal

    path = locate(profile, must_exist=show)
    assert path is not None
    if show:
        found = problems(path)
        print(f"profile: {printable(str(path))}: "
              + ("ok" if not found else f"{len(found)} error(s)"))
        for issue in found:
            print(f"  {issue.path}: {issue.message}")
        return 1 if found else 0
    if not has_terminal():
        raise UsageError("spo profile asks questions: run it on a terminal (or write the "
                         "file by hand and check it with spo profile --show)")
    try:
        found = profile_interview(path, QuestionaryAsker())
    except KeyboardInterrupt:
        raise Interrupted("interrupted: the answers given so far are saved") from None
    print(f"Profile saved: {printable(str(path))}")
    for issue in found:
        print(f"  {issue.path}: {issue.message}")
    return 1 if found else 0


@app.command()
def authorise(case: CaseArg, answers: AnswersOpt = None, no_input: NoInputOpt = False,
              as_of: AsOfOpt = None) -> int:
    """Record the superintendent's authorisation (APP (consultation draft 2026) 9.2), sealed
    with the case's content hash; refused while the case has errors, or when the sealed case
    would fail spo check.

    Shows the application as the court will see it, asks the five points (the previous
    answers offered when re-authorising), then asks to seal.

    Examples:

      spo authorise cases/NS-0142.yaml

      spo authorise cases/NS-0142.yaml --answers authorisation.yaml --no-input
    """
    from ..audit import recorded
    from ..authorisation import authorise_case
    from ..prompts import QuestionaryAsker, has_terminal

    asker = QuestionaryAsker() if has_terminal() and not no_input else None
    try:
        with recorded("authorise", [case]) as entry:
            sealed = authorise_case(case, answers, asker, parse_date(as_of))
            entry.outcome = f"ok: {sealed['decision']}" if sealed else "not sealed"
    except KeyboardInterrupt:
        raise Interrupted("interrupted: nothing was written") from None
    if sealed is None:
        print(f"{printable(str(case))}: not sealed; nothing was written")
        return 1
    print(f"{printable(str(case))}: {sealed['decision']}, sealed {sealed['content_hash']}")
    return 0
