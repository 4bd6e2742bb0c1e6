"""Commands that describe spo itself: rules and forms."""

from __future__ import annotations

import json

from .common import JsonOpt, app


@app.command("rules")
def list_rules(as_json: JsonOpt = False) -> int:
    """List every rule: id, severity, source and when it fires."""
    from ..build import LOAD_SOURCE
    from ..rules import RULES
    from ..schema import SOURCE, TEXT_SOURCE

    # The reader's and the schema's checks first, then every legal rule.
    readers = [("yaml", "error", LOAD_SOURCE, "the file cannot be read safely"),
               ("yaml-comma", "warning", LOAD_SOURCE, "an unquoted value in {...} contains "
                "a comma"),
               ("schema", "error", SOURCE, "the file breaks the schema (type, unknown key, "
                "missing required key)"),
               ("text", "error", TEXT_SOURCE, "a value cannot safely go on a court form")]
    rows = [{"rule": i, "severity": s, "source": src, "when": w} for i, s, src, w in readers]
    rows += [{"rule": r.id, "severity": str(r.severity), "source": r.source, "when": r.summary}
             for r in RULES.values()]
    for row in rows:
        print(json.dumps(row) if as_json else
              f"{row['rule']:<26} {row['severity']:<8} {row['when']}  [{row['source']}]")
    return 0


@app.command("forms")
def list_forms(as_json: JsonOpt = False) -> int:
    """List the forms and the application kinds each applies to."""
    from ..forms import national_forms

    for form in national_forms():
        kinds = ["transfer (spo transfer)"] if form.by_transfer else [str(k) for k in form.kinds]
        row = {"form": form.id, "title": form.title, "kinds": kinds, "served": form.served}
        print(json.dumps(row) if as_json else
              f"{form.id:<32} {', '.join(kinds):<45} {form.title}")
    return 0
