"""`spo report` on fixtures/report/: every figure pinned (worked out by hand from the table in
fixtures/report/generate.py), no personal data in any format, private outputs, the fact index,
unreadable and invalid files named, and the HTML page in a real headless Chromium."""

from __future__ import annotations

import csv
import importlib.util
import io
import json
import os
import re
import shutil
import sqlite3
import stat
import subprocess
from pathlib import Path

import pytest
from conftest import FIXTURES, spo

from spo_cli.check import check_file
from spo_cli.performance import CSV_COLUMNS
from spo_cli.report import build

REPORT = FIXTURES / "report"
WINDOW = ("--from", "2025-06-01", "--to", "2026-11-20")
CANARIES = ("Zqx", "zqx", "ZQ9 9ZQ")
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


def refs(*numbers: int) -> list[str]:
    return [f"NS/SPO/R{n:02d}" for n in numbers]


def spread(n, median, p90, worst):
    return {"n": n, "median": median, "p90": p90,
            "worst": [{"reference": f"NS/SPO/R{r:02d}", "days": d} for r, d in worst]}


EXPECTED = {
    "window": {"from": "2025-06-01", "to": "2026-11-20"},
    "headline": {"applications": 17, "orders_made": 10, "refused": 2, "orders_in_force": 10,
                 "median_days_complaint_to_order": 35, "share_with_positive_requirement": 0.625,
                 "breaches": 6, "orders_missing_post_order_actions": 2,
                 "renewals_due_90_days": 2},
    "orders_made": {"count": 10, "by_kind": {"full": 9, "interim": 1}, "renewed": 1},
    "interim": {"sought": 2, "made": 1},
    "orders_in_force": {"count": 10, "references": refs(1, 4, 8, 10, 11, 14, 15, 17, 18, 19)},
    "times": {
        "report_to_complaint": spread(14, 30, 90, [(6, 90), (10, 90), (3, 60), (7, 60),
                                                   (1, 30)]),
        "complaint_to_hearing": spread(17, 21, 21, [(16, 42), (2, 21), (3, 21), (6, 21),
                                                    (7, 21)]),
        "hearing_to_order": spread(10, 14, 28, [(15, 84), (4, 28), (10, 28), (2, 14),
                                                (8, 14)]),
        "complaint_to_order": spread(10, 35, 49, [(15, 105), (10, 49), (2, 35), (4, 35),
                                                  (8, 35)]),
        "complaint_to_order_days": [2, 14, 14, 21, 35, 35, 35, 35, 49, 105],
    },
    "terms": {"full_orders": 8, "with_positive_requirement": 5,
              "share_with_positive_requirement": 0.625,
              "most_used": [{"term": t, "orders": n} for t, n in (
                  ("no-contact", 9), ("intervention", 5), ("exclusion-zone", 2),
                  ("device-access", 1), ("mental-health", 1), ("no-approach", 1), ("other", 1),
                  ("social-media", 1), ("surveillance", 1))]},
    "breaches": {"count": 6, "by_result": {"no_further_action": 1, "charged": 1,
                                           "cautioned": 1, "convicted": 1, "pending": 2},
                 "per_order_in_force": 0.6, "without_reassessment": refs(2, 4)},
    "post_order": {"orders_checked": 9, "orders_missing_actions": 2, "references": refs(4, 10),
                   "by_action": {"pnc": 1, "pnd": 1, "visor": 2, "marker": 2,
                                 "victim_informed": 1, "risk_plan_updated": 1}},
    "renewals_due": [{"reference": "NS/SPO/R19", "expires_on": "2026-12-01"},
                     {"reference": "NS/SPO/R11", "expires_on": "2027-01-31"}],
    "children": {"child_defendants": 2, "yjs_consulted": 1},
    "transfers": {"out": 1, "in": 1},
}
MONTHS_APPLIED = ["2025-06", "2025-07", "2025-08", "2025-09", "2025-10", "2025-11", "2025-12",
                  "2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06", "2026-07",
                  "2026-08", "2026-09", "2026-10"]
BY_COURT = [
    {"name": "Northtown Magistrates' Court", "applications": 9, "granted": 6, "refused": 1,
     "adjourned": 0, "withdrawn": 1, "orders_in_force": 7,
     "median_days_complaint_to_order": 24.5, "breaches": 3},
    {"name": "Southfield Magistrates' Court", "applications": 8, "granted": 6, "refused": 1,
     "adjourned": 1, "withdrawn": 0, "orders_in_force": 3,
     "median_days_complaint_to_order": 35, "breaches": 3},
]


@pytest.fixture(scope="module")
def produced(tmp_path_factory):
    """The report in every format (and by court and by station) from the real CLI."""
    out = tmp_path_factory.mktemp("report")
    runs = {}
    for fmt, by in (("json", "court"), ("csv", None), ("html", "court"), ("json", "station")):
        target = out / f"report-{by}.{fmt}"
        result = spo("report", REPORT, *WINDOW, "--format", fmt, "--out", target,
                     *(("--by", by) if by else ()),
                     env={**os.environ, "SPO_AUDIT_LOG": str(out / "audit.jsonl")})
        assert result.returncode == 0, result.stderr
        runs[(fmt, by)] = (target, result)
    return out, runs


def test_fixtures_are_what_their_generator_writes(tmp_path):
    spec = importlib.util.spec_from_file_location("report_gen", REPORT / "generate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    for row in module.CASES:
        path = REPORT / f"r{row[0]:02d}.yaml"
        assert path.read_text(encoding="utf-8") == module.case_text(row), path.name


@pytest.mark.parametrize("name", [f"r{n:02d}.yaml" for n in range(1, 20)])
def test_each_report_fixture_passes_the_schema(name):
    report = check_file(REPORT / name)
    assert not [i for i in report.issues if i.rule in ("schema", "yaml", "text")]


def test_every_figure_on_the_fixtures(produced):
    _, runs = produced
    report = json.loads(runs[("json", "court")][0].read_text())
    for key, value in EXPECTED.items():
        assert report[key] == value, key
    applied = report["applications"]
    assert applied["total"] == 17
    assert applied["by_kind"] == {"full": 13, "interim": 1, "variation": 1, "renewal": 1,
                                  "discharge": 1}
    assert applied["changes"] == {k: {"applied": 1, "granted": 1}
                                  for k in ("renewal", "variation", "discharge")}
    assert [m for m, kinds in applied["by_month"].items() if sum(kinds.values())] == \
        MONTHS_APPLIED
    assert len(applied["by_month"]) == 18  # June 2025 to November 2026
    outcomes = report["outcomes"]
    assert outcomes["by_result"] == {"granted": 12, "refused": 2, "adjourned": 1,
                                     "withdrawn": 1}
    assert outcomes["refused"] == {"count": 2, "reasons_recorded": 1, "references": refs(3, 9)}
    assert outcomes["by_month"]["2025-08"] == {"granted": 1, "refused": 1, "adjourned": 0,
                                               "withdrawn": 0}
    assert outcomes["by_month"]["2026-11"]["granted"] == 2
    assert report["by"] == {"grouping": "court", "groups": BY_COURT}
    assert report["meta"]["files"] == {"included": 19, "unreadable": ["unreadable.yaml"],
                                       "invalid": ["invalid.yaml"]}
    assert report["meta"]["force"] == "Northshire Police"
    assert report["meta"]["marking"] == "OFFICIAL-SENSITIVE"


def test_by_station(produced):
    _, runs = produced
    groups = json.loads(runs[("json", "station")][0].read_text())["by"]["groups"]
    assert [(g["name"], g["applications"], g["orders_in_force"]) for g in groups] == [
        ("Northtown Police Station", 8, 8), ("Southfield Police Station", 9, 2)]


def test_csv_has_one_row_per_case_with_the_per_case_measures(produced):
    _, runs = produced
    text = runs[("csv", None)][0].read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert all(list(r) == list(CSV_COLUMNS) for r in rows)
    # applied in the period (17) plus orders in force applied for before it (R17, R19)
    assert [r["reference"] for r in rows] == refs(19, 17) + refs(*range(1, 17), 18)
    row = {r["reference"]: r for r in rows}
    assert row["NS/SPO/R15"]["days_complaint_to_order"] == "105"
    assert row["NS/SPO/R10"]["missing_post_order_actions"] == \
        "pnc;pnd;visor;marker;victim_informed;risk_plan_updated"
    assert row["NS/SPO/R02"]["in_force_on_to"] == "no"  # discharged by R13
    assert row["NS/SPO/R02"]["breaches_without_reassessment"] == "1"
    assert row["NS/SPO/R11"]["renewal_due_90_days"] == "yes"
    assert row["NS/SPO/R10"]["terms"] == "no-contact;social-media;other"


def test_an_empty_folder_gives_an_empty_report_in_every_format(tmp_path):
    (tmp_path / "cases").mkdir()
    for fmt in ("html", "csv", "json"):
        target = tmp_path / f"r.{fmt}"
        assert spo("report", tmp_path / "cases", "--out", target, "--format", fmt,
                   "--to", "2026-11-20").returncode == 0
    assert (tmp_path / "r.csv").read_text(encoding="utf-8-sig").strip() == \
        ",".join(CSV_COLUMNS)
    assert json.loads((tmp_path / "r.json").read_text())["headline"]["applications"] == 0


def test_no_personal_data_in_any_output(produced):
    out, runs = produced
    sample = (REPORT / "r01.yaml").read_text()
    assert all(c in sample for c in CANARIES[::2])  # the canaries are really there
    texts = [path.read_bytes().decode("utf-8", "replace") for path in out.rglob("*")
             if path.is_file()]
    texts += [r.stdout + r.stderr for _, r in runs.values()]
    assert len(texts) >= 6  # four reports, the index, the audit log
    for text in texts:
        for canary in CANARIES:
            assert canary not in text


def test_outputs_and_index_are_private(produced):
    out, runs = produced
    for target, _ in runs.values():
        assert stat.S_IMODE(target.stat().st_mode) == 0o600
    index = out / ".spo-report-index.sqlite"
    assert stat.S_IMODE(index.stat().st_mode) == 0o600


def test_unreadable_and_invalid_files_are_named_never_fatal(produced):
    _, runs = produced
    err = runs[("csv", None)][1].stderr
    assert "unreadable.yaml: not a readable case file" in err
    assert "invalid.yaml: breaks the schema" in err


def copy_fixtures(tmp_path: Path) -> Path:
    folder = tmp_path / "cases"
    shutil.copytree(REPORT, folder, ignore=shutil.ignore_patterns("*.py"))
    return folder


def test_index_reuses_unchanged_files_and_sees_every_change(tmp_path):
    folder, index = copy_fixtures(tmp_path), tmp_path / "index.sqlite"
    first, _ = build(folder, index, None, None, None)
    assert first["meta"]["index"] == {"reused": 0, "read": 21}
    again, _ = build(folder, index, None, None, None)
    assert again["meta"]["index"] == {"reused": 21, "read": 0}
    assert {k: v for k, v in again.items() if k != "meta"} == \
        {k: v for k, v in first.items() if k != "meta"}
    # same size, same mtime, different content: the sha256 catches it
    case = folder / "r15.yaml"
    before = case.stat()
    text = case.read_text()
    case.write_text(text.replace("result: granted", "result: refused", 1))
    os.utime(case, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert case.stat().st_size == before.st_size
    changed, _ = build(folder, index, None, None, None)
    assert changed["meta"]["index"] == {"reused": 20, "read": 1}
    assert changed["headline"]["refused"] == first["headline"]["refused"] + 1
    # touched only: re-used without parsing, the new mtime stored
    os.utime(case)
    touched, _ = build(folder, index, None, None, None)
    assert touched["meta"]["index"]["read"] == 0
    # a removed file leaves the index
    (folder / "r19.yaml").unlink()
    build(folder, index, None, None, None)
    with sqlite3.connect(index) as db:
        assert db.execute("SELECT count(*) FROM files").fetchone()[0] == 20


def test_a_corrupt_index_is_replaced(tmp_path):
    folder, index = copy_fixtures(tmp_path), tmp_path / "index.sqlite"
    index.write_bytes(b"not a database at all" * 100)
    result, _ = build(folder, index, None, None, None)
    assert result["meta"]["index"]["read"] == 21
    assert stat.S_IMODE(index.stat().st_mode) == 0o600


@pytest.mark.parametrize("args,needle", [
    (("--from", "2026-12-01", "--to", "2026-01-01"), "--from is after --to"),
    (("--by", "officer"), "--by must be one of"),
    (("--format", "pdf"), "--format must be one of"),
    (("--to", "20-11-2026"), "YYYY-MM-DD"),
])
def test_usage_errors_exit_2(tmp_path, args, needle):
    result = spo("report", REPORT, "--out", tmp_path / "r.json", *args)
    assert result.returncode == 2
    assert needle in result.stderr + result.stdout
    assert "Traceback" not in result.stderr


def test_a_missing_folder_exits_2(tmp_path):
    result = spo("report", tmp_path / "nowhere", "--out", tmp_path / "r.json")
    assert result.returncode == 2 and "does not exist" in result.stderr


def test_hostile_court_name_is_escaped_in_html_and_neutralised_in_csv(tmp_path):
    folder = copy_fixtures(tmp_path)
    case = folder / "r01.yaml"
    case.write_text(case.read_text().replace(
        "name: Northtown Magistrates' Court", 'name: "=HYPERLINK(1)<script>x</script>"'))
    for fmt in ("csv", "html"):
        target = tmp_path / f"r.{fmt}"
        assert spo("report", folder, *WINDOW, "--format", fmt, "--by", "court",
                   "--out", target).returncode == 0
        text = target.read_text(encoding="utf-8-sig")
        if fmt == "csv":
            assert "'=HYPERLINK(1)" in text and ",=HYPERLINK" not in text
        else:
            assert "<script>" not in text and "&lt;script&gt;" in text


def chromium(*args: str, profile: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--no-first-run", f"--user-data-dir={profile}", *args],
        capture_output=True, text=True, timeout=120, check=False)


@pytest.mark.slow
@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Chromium is not installed")
def test_html_in_a_real_browser_shows_the_headline_figures(produced, tmp_path):
    from matplotlib.image import imread

    _, runs = produced
    page = runs[("html", "court")][0]
    html = page.read_text()
    lowered = html.lower()
    for fetches in ("<script", "src=", 'href="http', "@import", "<metadata", "<foreignobject"):
        assert fetches not in lowered, fetches
    assert re.findall(r"url\((?!#)", lowered) == []  # only references inside the page
    ids = re.findall(r'\bid="([^"]+)"', html)
    assert len(ids) == len(set(ids))
    assert html.count("<svg") == 3 and "@page" in html and "size: A4" in html
    shot = tmp_path / "report.png"
    result = chromium(f"--screenshot={shot}", "--window-size=1200,1600", page.as_uri(),
                      profile=tmp_path / "profile-shot")
    assert shot.exists(), result.stderr[-2000:]
    pixels = imread(shot)
    assert pixels.shape[:2] == (1600, 1200)
    assert pixels.std() > 0.05  # not blank: text, tiles and charts
    assert len({tuple(p) for p in pixels[::16, ::16].reshape(-1, pixels.shape[2])}) > 20
    dom = chromium("--dump-dom", page.as_uri(), profile=tmp_path / "profile-dom").stdout
    for text in ("OFFICIAL-SENSITIVE", "Applications made", "Orders in force", "62.5%",
                 "35 days", "90th percentile: 49 days", "Orders missing post-order actions",
                 "1 June 2025 to 20 November 2026", "Northtown Magistrates"):
        assert text in dom, text
    values = re.findall(r'<div class="value">([^<]+)</div><div class="label">([^<]+)<', dom)
    assert values == [("17", "Applications made"), ("10", "Orders made"),
                      ("10", "Orders in force"), ("35 days", "Median time, complaint to order"),
                      ("62.5%", "Full orders with a positive requirement"),
                      ("6", "Breaches reported"), ("2", "Orders missing post-order actions"),
                      ("2", "Orders ending in the next 90 days"), ("2", "Defendants under 18")]


@pytest.mark.slow
@pytest.mark.skipif(not (Path(CHROMIUM).exists() and shutil.which("pdftotext")),
                    reason="Chromium or poppler is not installed")
def test_html_prints_on_a4_with_the_marking_on_every_page(produced, tmp_path):
    _, runs = produced
    page, pdf = runs[("html", "court")][0], tmp_path / "report.pdf"
    chromium("--no-pdf-header-footer", f"--print-to-pdf={pdf}", page.as_uri(),
             profile=tmp_path / "profile-pdf")
    info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    assert "(A4)" in info and pages >= 2
    for number in range(1, pages + 1):
        text = subprocess.run(["pdftotext", "-f", str(number), "-l", str(number), pdf, "-"],
                              capture_output=True, text=True).stdout
        assert text.count("OFFICIAL-SENSITIVE") == 2, number  # top and bottom of the page
        assert f"page {number} of {pages}" in text


def test_charts_are_redrawn_only_when_their_figures_change(tmp_path):
    folder, out = copy_fixtures(tmp_path), tmp_path / "out" / "report.html"
    from spo_cli.report import write_report

    write_report(folder, out, "html", None, None, None)
    first = out.read_bytes()
    with sqlite3.connect(out.parent / ".spo-report-index.sqlite") as db:
        assert db.execute("SELECT count(*) FROM charts").fetchone()[0] == 3
    write_report(folder, out, "html", None, None, None)
    assert out.read_bytes() == first  # same figures: the cached charts, byte for byte
    case = folder / "r15.yaml"
    case.write_text(case.read_text().replace("date: 2026-11-17", "date: 2026-11-18"))
    write_report(folder, out, "html", None, None, None)
    assert out.read_bytes() != first
    with sqlite3.connect(out.parent / ".spo-report-index.sqlite") as db:
        assert db.execute("SELECT count(*) FROM charts").fetchone()[0] == 3
