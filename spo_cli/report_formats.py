"""The report written as HTML (one self-contained page for A4), CSV (one row per case) or JSON.

Every value is escaped for its format; a CSV cell that a spreadsheet would run as a formula is
prefixed with an apostrophe. The page has no script and loads nothing: charts arrive as SVG
text made by report_charts.
"""

from __future__ import annotations

import csv
import io
import json
from html import escape
from typing import Any

RESULT_LABELS = {"no_further_action": "No further action", "charged": "Charged",
                 "cautioned": "Cautioned", "convicted": "Convicted", "pending": "Pending"}
ACTION_LABELS = {"pnc": "PNC / LEDS entry", "pnd": "PND update", "visor": "ViSOR update",
                 "marker": "Markers set", "victim_informed": "Victim informed",
                 "risk_plan_updated": "Risk management plan"}
INTERVALS = (("report_to_complaint", "First report (or first act) to complaint"),
             ("complaint_to_hearing", "Complaint to first listed hearing"),
             ("hearing_to_order", "Hearing to order"),
             ("complaint_to_order", "Complaint to order"))

CSS = """
@page { size: A4; margin: 14mm 12mm 16mm 12mm;
  @top-center { content: MARKING; font: bold 9pt Arial, sans-serif; }
  @bottom-center { content: MARKING "  |  page " counter(page) " of " counter(pages);
    font: 9pt Arial, sans-serif; } }
@media print { .marking { display: none; } }
* { box-sizing: border-box; }
body { font-family: Arial, "Liberation Sans", "DejaVu Sans", Helvetica, sans-serif;
  color: #1b1b1b; margin: 0 auto; max-width: 190mm; font-size: 10pt; line-height: 1.35; }
.marking { text-align: center; font-weight: bold; letter-spacing: .08em; padding: 2mm 0;
  border-bottom: 2px solid #1b1b1b; }
.marking.foot { border-bottom: 0; border-top: 2px solid #1b1b1b; margin-top: 6mm; }
h1 { font-size: 17pt; margin: 4mm 0 1mm; }
h2 { font-size: 12.5pt; margin: 6mm 0 2mm; border-bottom: 1px solid #9aa1a8;
  break-after: avoid; page-break-after: avoid; }
p.meta { margin: 0 0 3mm; color: #3d434a; }
.tiles { display: grid; grid-template-columns: repeat(3, 1fr); gap: 2.5mm; }
.tile { border: 1px solid #9aa1a8; border-left: 5px solid #0072B2; padding: 2mm 3mm;
  break-inside: avoid; }
.tile.alert { border-left-color: #D55E00; }
.tile .value { font-size: 20pt; font-weight: bold; line-height: 1.1; }
.tile .label { font-size: 9pt; }
.tile .note { font-size: 8pt; color: #3d434a; }
figure { margin: 0; break-inside: avoid; page-break-inside: avoid; }
figure svg { width: 100%; height: auto; }
figcaption { font-size: 8.5pt; color: #3d434a; }
table { border-collapse: collapse; width: 100%; margin: 1mm 0 2mm; break-inside: auto; }
th, td { border: 1px solid #c2c7cc; padding: 1mm 1.6mm; text-align: left; font-size: 9pt;
  vertical-align: top; }
th { background: #eef1f4; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
tr { break-inside: avoid; }
.cols { display: grid; grid-template-columns: 1fr 1fr; gap: 4mm; }
.refs { font-size: 8.5pt; word-break: break-word; }
.files { font-size: 8.5pt; }
"""


def to_json(report: dict[str, Any]) -> bytes:
    """The report as one JSON document."""
    return (json.dumps(report, indent=2, sort_keys=False, ensure_ascii=False) + "\n").encode()


def to_csv(rows: list[dict[str, Any]], columns: list[str]) -> bytes:
    """One row per case; formulas neutralised for Excel and Power BI."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: _cell(row.get(k)) for k in columns})
    return buffer.getvalue().encode("utf-8-sig")  # the BOM makes Excel read UTF-8


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def to_html(report: dict[str, Any], charts: dict[str, str]) -> bytes:
    """One self-contained page: headline figures, charts, tables; prints on A4."""
    meta = report["meta"]
    marking = escape(meta["marking"])
    window = report["window"]
    body = [
        f'<div class="marking">{marking}</div>',
        "<h1>Stalking Protection Orders: performance report</h1>",
        f'<p class="meta">{escape(meta["force"] or "Force not recorded")} &middot; '
        f'{_date(window["from"])} to {_date(window["to"])} &middot; '
        f'{meta["files"]["included"]} case file(s) read; generated {_date(meta["generated"])}'
        "</p>",
        _tiles(report),
        "<h2>Applications and outcomes by month</h2>",
        f"<figure>{charts['monthly']}<figcaption>Applications by the month the complaint was "
        "made; outcomes by the month of the decision.</figcaption></figure>",
        _outcome_tables(report),
        "<h2>How long it takes</h2>",
        f"<figure>{charts['time_to_order']}<figcaption>Orders made in the period, by days from "
        "complaint to order.</figcaption></figure>",
        _times_table(report["times"]),
        "<h2>Terms of the orders</h2>",
        _terms_text(report["terms"]),
        f"<figure>{charts['terms']}<figcaption>Terms of orders made in the period, as "
        "applied for, matched to the catalogue of standard clauses.</figcaption></figure>",
        "<h2>After the order</h2>",
        _after_tables(report),
        _groups_table(report.get("by")),
        _notes(),
        _files(meta["files"]),
        f'<div class="marking foot">{marking}</div>',
    ]
    return _page(meta["marking"], "\n".join(body)).encode("utf-8")


def _page(marking: str, body: str) -> str:
    css = CSS.replace("MARKING", _css_string(marking))
    return ("<!DOCTYPE html>\n<html lang=\"en-GB\"><head><meta charset=\"utf-8\">\n"
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
            "style-src 'unsafe-inline'; img-src data:\">\n"
            "<meta name=\"referrer\" content=\"no-referrer\">\n"
            f"<title>SPO performance report</title>\n<style>{css}</style></head>\n"
            f"<body>\n{body}\n</body></html>\n")


def _css_string(text: str) -> str:
    """A CSS string literal: everything but letters, digits and spaces as a hex escape, so no
    marking can close the string, the rule or the style element."""
    return '"' + "".join(c if c.isascii() and (c.isalnum() or c == " ") else f"\\{ord(c):x} "
                         for c in text) + '"'


def _date(iso: str) -> str:
    months = ("January", "February", "March", "April", "May", "June", "July", "August",
              "September", "October", "November", "December")
    year, month, day = iso[:10].split("-")
    return f"{int(day)} {months[int(month) - 1]} {year}"


def _number(value: Any, unit: str = "") -> str:
    if value is None:
        return "&ndash;"
    if isinstance(value, float) and not value.is_integer():
        return f"{value:.1f}{unit}"
    return f"{int(value)}{unit}"


def _percent(share: float | None) -> str:
    if share is None:
        return "&ndash;"
    value = share * 100
    return f"{value:.0f}%" if value.is_integer() else f"{value:.1f}%"


def _tiles(report: dict[str, Any]) -> str:
    head, terms, made = report["headline"], report["terms"], report["orders_made"]
    tiles = [
        (head["applications"], "Applications made", "complaints in the period", False),
        (head["orders_made"], "Orders made",
         f"{made['by_kind']['full'] - made['renewed']} full, {made['by_kind']['interim']} "
         f"interim, {made['renewed']} renewed; {head['refused']} application(s) refused",
         False),
        (head["orders_in_force"], "Orders in force",
         f"on {_date(report['window']['to'])}", False),
        (_number(head["median_days_complaint_to_order"], " days"),
         "Median time, complaint to order",
         f"90th percentile: {_number(report['times']['complaint_to_order']['p90'], ' days')}",
         False),
        (_percent(head["share_with_positive_requirement"]),
         "Full orders with a positive requirement",
         f"{terms['with_positive_requirement']} of {terms['full_orders']} full orders", False),
        (head["breaches"], "Breaches reported",
         f"{_number(report['breaches']['per_order_in_force'])} per order in force", False),
        (head["orders_missing_post_order_actions"], "Orders missing post-order actions",
         f"of {report['post_order']['orders_checked']} made over 7 days ago",
         bool(head["orders_missing_post_order_actions"])),
        (head["renewals_due_90_days"], "Orders ending in the next 90 days",
         "consider renewal before the last day", bool(head["renewals_due_90_days"])),
        (report["children"]["child_defendants"], "Defendants under 18",
         f"YJS consulted in {report['children']['yjs_consulted']}",
         report["children"]["yjs_consulted"] < report["children"]["child_defendants"]),
    ]
    cells = [f'<div class="tile{" alert" if alert else ""}"><div class="value">{value}</div>'
             f'<div class="label">{label}</div><div class="note">{note}</div></div>'
             for value, label, note, alert in tiles]
    return '<div class="tiles">' + "".join(cells) + "</div>"


def _table(head: list[str], rows: list[list[Any]], numeric_from: int = 1) -> str:
    cells = "".join(f'<th{" class=n" if i >= numeric_from else ""}>{escape(h)}</th>'
                    for i, h in enumerate(head))
    body = "".join("<tr>" + "".join(
        f'<td{" class=n" if i >= numeric_from else ""}>{v}</td>' for i, v in enumerate(row))
        + "</tr>" for row in rows)
    return f"<table><thead><tr>{cells}</tr></thead><tbody>{body}</tbody></table>"


def _refs(references: list[str]) -> str:
    if not references:
        return "none"
    shown = ", ".join(escape(r) for r in references[:40])
    more = f" and {len(references) - 40} more (see the CSV)" if len(references) > 40 else ""
    return f'<span class="refs">{shown}{more}</span>'


def _outcome_tables(report: dict[str, Any]) -> str:
    apps, outs = report["applications"], report["outcomes"]
    kinds = [[k.capitalize(), n] for k, n in apps["by_kind"].items()]
    results = [[r.capitalize(), n] for r, n in outs["by_result"].items()]
    refused = outs["refused"]
    changes = [[k.capitalize(), v["applied"], v["granted"]] for k, v in apps["changes"].items()]
    return ('<div class="cols"><div>' + _table(["Applications by kind", "number"], kinds)
            + _table(["Changes to orders", "applied", "granted"], changes)
            + '</div><div>' + _table(["Outcomes decided", "number"], results)
            + f"<p>Refused: {refused['count']} (reasons recorded in "
            f"{refused['reasons_recorded']}): {_refs(refused['references'])}.</p>"
            + f"<p>Interim orders sought: {report['interim']['sought']}; made: "
            f"{report['interim']['made']}. Transfers out: {report['transfers']['out']}; "
            f"in: {report['transfers']['in']}.</p></div></div>")


def _times_table(times: dict[str, Any]) -> str:
    rows = []
    for key, label in INTERVALS:
        spread = times[key]
        worst = ", ".join(f"{escape(w['reference'])} ({w['days']})" for w in spread["worst"])
        rows.append([label, spread["n"], _number(spread["median"]), _number(spread["p90"]),
                     f'<span class="refs">{worst or "&ndash;"}</span>'])
    table = _table(["Days", "cases", "median", "90th pct", "longest five (reference, days)"],
                   rows)
    return table.replace("<th class=n>longest", "<th>longest").replace(
        "<td class=n><span", "<td><span")


def _terms_text(terms: dict[str, Any]) -> str:
    return (f"<p>{terms['with_positive_requirement']} of {terms['full_orders']} full orders "
            f"made in the period ({_percent(terms['share_with_positive_requirement'])}) carry "
            "at least one positive requirement (HMICFRS 2024 found 17 of 25 orders "
            "reviewed had none).</p>")


def _after_tables(report: dict[str, Any]) -> str:
    breaches, post = report["breaches"], report["post_order"]
    by_result = [[RESULT_LABELS[r], n] for r, n in breaches["by_result"].items()]
    actions = [[ACTION_LABELS[a], n] for a, n in post["by_action"].items()]
    due = ", ".join(f"{escape(d['reference'])} ({_date(d['expires_on'])})"
                    for d in report["renewals_due"]) or "none"
    return ('<div class="cols"><div>'
            + _table([f"Breaches reported ({breaches['count']})", "number"], by_result)
            + "<p>No risk reassessment recorded after the breach: "
            f"{_refs(breaches['without_reassessment'])}.</p></div><div>"
            + _table([f"Post-order actions missing ({post['orders_missing_actions']} "
                      "orders)", "orders"], actions)
            + f"<p>Orders missing actions: {_refs(post['references'])}.</p></div></div>"
            + f"<p>Orders ending in the next 90 days: <span class=\"refs\">{due}</span>.</p>")


def _groups_table(by: dict[str, Any] | None) -> str:
    if not by:
        return ""
    title = "court" if by["grouping"] == "court" else "officer's station"
    rows = [[escape(g["name"]), g["applications"], g["granted"], g["refused"],
             g["adjourned"], g["withdrawn"], g["orders_in_force"],
             _number(g["median_days_complaint_to_order"]), g["breaches"]]
            for g in by["groups"]]
    return (f"<h2>By {title}</h2>" + _table(
        [title.capitalize(), "applied", "granted", "refused", "adjourned", "withdrawn",
         "in force", "median days to order", "breaches"], rows))


def _notes() -> str:
    return ("<h2>How the figures are counted</h2><p class=\"files\">Applications count when "
            "the complaint date is in the period; outcomes, orders made, breaches and "
            "transfers when their own date is. An order is in force on the last day of the "
            "period when it was made by then, has not passed its last day and has not been "
            "discharged or replaced by a renewal. Times: from the first report to the police "
            "(or the first act, when the report date is not recorded) to the complaint, to the "
            "first listed hearing, and to the order. Median: the middle value; 90th percentile: "
            "nine in ten cases took this long or less. Post-order actions (APP (consultation "
            "draft 2026) 9.6) are checked for orders in force made more than 7 days before the "
            "end of the period. The report holds references, dates, courts and counts only."
            "</p>")


def _files(files: dict[str, Any]) -> str:
    skipped = [f"{escape(name)} (unreadable)" for name in files["unreadable"]] + \
              [f"{escape(name)} (invalid: spo check says why)" for name in files["invalid"]]
    listed = "; ".join(skipped) if skipped else "none"
    return (f'<p class="files">Case files read: {files["included"]}. Not counted: '
            f'{len(skipped)} &ndash; {listed}.</p>')
