"""Commands that describe spo itself: rules and forms."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from .common import JsonOpt, app, printable


@app.command("rules")
def list_rules(as_json: JsonOpt = False) -> int:
    """List every check spo check reports: id, severity, source, when it fires.

    Examples:

      spo rules

      spo rules --json
    """
    from ..reference import rule_rows

    for row in rule_rows():
        print(json.dumps(row) if as_json else
              f"{row['rule']:<26} {row['severity']:<8} {row['when']}  [{row['source']}]")
    return 0


@app.command("forms")
def list_forms(as_json: JsonOpt = False) -> int:
    """List the national forms and the application kinds each applies to.

    Examples:

      spo forms

      spo forms --json
    """
    from ..reference import form_rows

    for row in form_rows():
        print(json.dumps(row) if as_json else
              f"{row['form']:<32} {', '.join(row['kinds']):<45} {row['title']}")
    return 0


@app.command("explain")
def explain(
    topic: Annotated[str, typer.Argument(
        help="A key path (defendant.commitments, conditions.prohibitions[].zone), a rule id "
        "(conflict-work) or a form id (draft-order).", show_default=False)],
) -> int:
    """Explain one case-file key, rule or form: type, allowed values, who needs it, an
    example, the rules that read it and the forms that print it.

    Examples:

      spo explain conditions.prohibitions[].zone

      spo explain conflict-work
    """
    from ..errors import UsageError
    from ..reference import find, suggestions
    from ..reference_text import explain as text

    found = find(topic)
    if found is None:
        near = suggestions(topic)
        mean = f"; did you mean {' or '.join(near)}?" if near else ""
        raise UsageError(f"no key, rule or form of that name{mean}",
                         hint="spo rules and spo forms list the ids; docs/case-file.md "
                         "lists every key")
    print(printable(text(*found)))
    return 0
