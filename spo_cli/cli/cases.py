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
    from ..build import check_files

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
    no_input: NoInputOpt = False,
) -> int:
    """Build or complete a case file by interview; each answer is checked and saved at once.

    Run it again after an interruption to resume at the first unanswered question.

    Examples:

      spo interview cases/new.yaml --kind full

      spo interview cases/new.yaml --answers draft.yaml --no-input
    """
    from ..audit import recorded
    from ..interview import interview_case
    from ..prompts import QuestionaryAsker, has_terminal

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
    from ..audit import recorded
    from ..authorisation import authorise_case
    from ..prompts import QuestionaryAsker, has_terminal

    asker = QuestionaryAsker() if has_terminal() and not no_input else None
    try:
        with recorded("authorise", [case]) as entry:
            sealed = authorise_case(case, answers, asker, parse_date(as_of))
            entry.outcome = f"ok: {sealed['decision']}"
    except KeyboardInterrupt:
        raise Interrupted("interrupted: nothing was written") from None
    print(f"{printable(str(case))}: {sealed['decision']}, sealed {sealed['content_hash']}")
    return 0
