"""Orders over their life: clocks (`spo due`), transfers, and batch runs that survive being
killed."""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from datetime import date
from pathlib import Path

import pytest
from conftest import FIXTURES, VALID, case_copy, spo, wait_for_libreoffice
from pypdf import PdfReader

from spo_cli.check import check_file
from spo_cli.forms import forms_for
from spo_cli.lifecycle import due

D = date


def order_case(folder: Path, name: str, ends: date | None, **extra: str) -> Path:
    """transfer-ready.yaml with the order's end date (None: until further order)."""
    edits = [("    expires_on: 2027-06-29\n", f"    expires_on: {ends}\n" if ends else
              "    until_further_order: true\n"),
             ("  sent_on: 2026-11-10\n", extra.get("sent", "  sent_on: 2026-11-10\n")),
             ("  reference: NS/SPO/2025/0210\n", f"  reference: NS/SPO/2025/{name}\n")]
    path = case_copy(folder, "transfer-ready.yaml", *edits)
    return path.rename(folder / f"{name}.yaml")


@pytest.mark.parametrize("ends,listed", [
    (D(2027, 1, 9), False),   # the day before the window opens
    (D(2027, 1, 10), True),   # as-of day
    (D(2027, 2, 9), True),    # the last day of a 30-day window
    (D(2027, 2, 10), False),  # the day after
    (None, False),            # until further order: never reported
])
def test_due_finds_exactly_the_orders_ending_in_the_window(tmp_path, ends, listed):
    order_case(tmp_path, "A1", ends)
    items, _ = due(tmp_path, 30, D(2027, 1, 10))
    ending = [i for i in items if i.clock.what.startswith("order ends")]
    assert bool(ending) is listed
    if listed:
        assert ending[0].clock.due == ends and ending[0].reference == "NS/SPO/2025/A1"


def test_due_lists_every_kind_of_clock_sorted_by_date(tmp_path):
    order_case(tmp_path, "B1", D(2026, 12, 20))
    shutil.copy(FIXTURES / "full-with-interim.yaml", tmp_path / "hearsay.yaml")
    text = (tmp_path / "hearsay.yaml").read_text().replace(
        "hearsay: []", "hearsay:\n  - {statement: SP/4, contested: true}")
    (tmp_path / "hearsay.yaml").write_text(text)
    result = spo("due", tmp_path, "--as-of", "2026-11-01", "--within", "60", "--json")
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(r["due"], r["what"]) for r in rows] == [  # overdue first, then by date
        ("2025-07-03", "initial notification due (last day)"),
        ("2026-10-25", "renewal lead (56 days before the order ends)"),
        ("2026-11-03", "new home address: notification due (last day)"),
        ("2026-11-17", "transfer acceptance due"),
        ("2026-11-23", "hearsay notice: last day to serve and file"),  # 21 clear days
        ("2026-12-20", "order ends (last day)"),
    ]
    assert all(r["source"] and r["file"] for r in rows)
    human = spo("due", tmp_path, "--as-of", "2026-11-01", "--within", "60")
    assert human.stdout.splitlines()[0].startswith("OVERDUE 2025-07-03  NS/SPO/2025/B1")


def test_notification_clock_is_service_plus_two_days(tmp_path):
    order_case(tmp_path, "C1", None)
    items, _ = due(tmp_path, 10, D(2025, 7, 1))
    [notify] = [i for i in items if i.clock.what.startswith("initial notification")]
    assert notify.clock.due == D(2025, 7, 3)


def test_due_skips_unreadable_files_and_says_so(tmp_path):
    (tmp_path / "broken.yaml").write_text("a: [\n")
    order_case(tmp_path, "D1", D(2026, 12, 1))
    result = spo("due", tmp_path, "--as-of", "2026-11-30")
    assert result.returncode == 0
    assert "skipped" in result.stderr and "broken.yaml" in result.stderr
    assert "NS/SPO/2025/D1" in result.stdout


def test_transfer_pack(tmp_path):
    result = spo("transfer", FIXTURES / "transfer-ready.yaml", "--to", "westmere constabulary",
                 "--out", tmp_path)
    assert result.returncode == 0, result.stderr
    assert "acceptance due by 2026-11-17" in result.stderr and "s.9(4)" in result.stderr
    assert Path(result.stdout.strip()).name == "transfer.docx"
    wrong = spo("transfer", FIXTURES / "transfer-ready.yaml", "--to", "Eastshire Police",
                "--out", tmp_path)
    assert wrong.returncode == 2 and "does not match" in wrong.stderr
    none = spo("transfer", FIXTURES / "full-with-interim.yaml", "--to", "X", "--out", tmp_path)
    assert none.returncode == 2 and "no transfer section" in none.stderr


def many_cases(folder: Path, count: int) -> Path:
    """`count` case files with distinct references, made from the valid fixtures."""
    cases = folder / "cases"
    cases.mkdir()
    shutil.copytree(FIXTURES / "exhibits", cases / "exhibits")
    seeds = [p for p in VALID if p.name != "contract-example.yaml"]
    for i in range(count):
        text = seeds[i % len(seeds)].read_text(encoding="utf-8")
        text = re.sub(r"(?m)^(  reference: )(\S+)", rf"\g<1>\g<2>-B{i:03d}", text, count=1)
        (cases / f"case-{i:03d}.yaml").write_text(text, encoding="utf-8")
    return cases


def report_rows(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines()]


@pytest.mark.slow
def test_batch_renders_200_cases_and_a_second_run_skips_them_all(tmp_path):
    cases = many_cases(tmp_path, 200)
    report = tmp_path / "report.jsonl"
    first = spo("batch", "render", cases, "--jobs", "2", "--draft", "--out", tmp_path / "out",
                "--report", report)
    assert first.returncode == 0, first.stdout + first.stderr
    rows = report_rows(report)
    assert len(rows) == 200 and {r["status"] for r in rows} == {"ok"}
    assert all(r["outputs"] and r["reference"] and r["seconds"] > 0 for r in rows)
    second = spo("batch", "render", cases, "--jobs", "2", "--draft", "--out",
                 tmp_path / "out", "--report", report)
    assert second.returncode == 0
    assert {r["status"] for r in report_rows(report)} == {"skipped"}
    assert "0 done, 200 up to date" in second.stdout
    (cases / "case-007.yaml").write_text((cases / "case-007.yaml").read_text() + "\n# edited\n")
    third = spo("batch", "render", cases, "--jobs", "2", "--draft", "--out", tmp_path / "out",
                "--report", report)
    assert "1 done, 199 up to date" in third.stdout


def test_one_bad_case_never_stops_the_others(tmp_path):
    cases = many_cases(tmp_path, 6)
    shutil.copy(FIXTURES / "invalid" / "duration.yaml", cases / "bad.yaml")
    (cases / "hostile.yaml").write_bytes((FIXTURES / "invalid" / "hostile" /
                                          "alias-bomb.yaml").read_bytes())
    result = spo("batch", "render", cases, "--jobs", "2", "--draft", "--out", tmp_path / "out",
                 "--report", tmp_path / "r.jsonl")
    assert result.returncode == 1
    rows = {Path(r["file"]).name: r for r in report_rows(tmp_path / "r.jsonl")}
    assert len(rows) == 8
    assert rows["bad.yaml"]["status"] == "failed" and "run spo check" in rows["bad.yaml"]["error"]
    assert rows["hostile.yaml"]["status"] == "failed"
    assert sum(r["status"] == "ok" for r in rows.values()) == 6
    assert "CANARY" not in (tmp_path / "r.jsonl").read_text()


@pytest.mark.parametrize("changed", [None, "case-001.yaml"], ids=["first-run", "one-changed"])
def test_a_batch_reads_each_case_file_once(tmp_path, monkeypatch, changed):
    """The survey (up to date? which folder?) reads each case; the work uses that reading
    instead of loading the file again."""
    from collections import Counter

    from spo_cli import batch
    from spo_cli.batch_jobs import jobs_from

    cases = many_cases(tmp_path, 4)
    out = tmp_path / "out"
    if changed:
        batch.run("render", jobs_from(cases, out, "docx", True), 1, tmp_path / "r0.jsonl")
        target = cases / changed
        target.write_text(target.read_text().replace("Waited outside", "Stood outside"))
    reads: Counter[str] = Counter()
    real = batch.read_case_bytes

    def counting(path):
        reads[Path(path).name] += 1
        return real(path)

    monkeypatch.setattr(batch, "read_case_bytes", counting)
    rows = batch.run("render", jobs_from(cases, out, "docx", True), 1, tmp_path / "r.jsonl")
    assert sorted(reads.values()) == [1, 1, 1, 1]
    done = {Path(r.file).name for r in rows if r.status == "ok"}
    assert done == ({changed} if changed else {p.name for p in cases.glob("*.yaml")})


def test_batch_check_and_a_manifest_with_per_case_options(tmp_path):
    cases = many_cases(tmp_path, 3)
    manifest = tmp_path / "manifest.csv"
    manifest.write_text("file,forms,format,out\n"
                        "cases/case-000.yaml,summons draft-order,docx,out-a\n"
                        "cases/case-001.yaml,,docx,out-b\n")
    result = spo("batch", "render", manifest, "--draft", "--jobs", "1",
                 "--report", tmp_path / "r.jsonl")
    assert result.returncode == 0, result.stdout + result.stderr
    rows = sorted(report_rows(tmp_path / "r.jsonl"), key=lambda r: r["file"])
    assert sorted(rows[0]["outputs"]) == ["draft-order.docx", "summons.docx"]
    assert (tmp_path / "out-b").is_dir() and len(rows[1]["outputs"]) == 7
    check = spo("batch", "check", cases, "--report", tmp_path / "c.jsonl")
    assert check.returncode == 0
    assert {r["status"] for r in report_rows(tmp_path / "c.jsonl")} == {"ok"}


def leftovers(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.name.startswith((".spo-", ".~lock", "lu"))
            or p.name.endswith(".part") or p.name.startswith("spo-lo-")]



@pytest.mark.slow
@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice is not installed")
def test_sigkill_at_any_moment_then_rerun_leaves_complete_valid_outputs(tmp_path):
    cases = many_cases(tmp_path, 8)
    tmpdir = tmp_path / "tmp"
    tmpdir.mkdir()
    env = {**os.environ, "TMPDIR": str(tmpdir)}
    command = [sys.executable, "-m", "spo_cli", "batch", "render", str(cases), "--jobs", "2",
               "--draft", "--format", "both", "--out", str(tmp_path / "out"),
               "--report", str(tmp_path / "r.jsonl")]
    rng = random.Random(20261123)
    for _ in range(2):
        process = subprocess.Popen(command, env=env, start_new_session=True,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.5, 4.0))
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        wait_for_libreoffice(tmpdir)
    final = subprocess.run(command, env=env, capture_output=True, text=True, timeout=600)
    assert final.returncode == 0, final.stdout + final.stderr
    rows = report_rows(tmp_path / "r.jsonl")
    assert len(rows) == 8 and {r["status"] for r in rows} <= {"ok", "skipped"}
    outputs = list((tmp_path / "out").rglob("*.docx")) + list((tmp_path / "out").rglob("*.pdf"))
    assert sorted(p.name for p in outputs) == sorted(n for r in rows for n in r["outputs"])
    expected = sum(len(forms_for(check_file(p).case)) for p in cases.glob("*.yaml"))
    assert len(outputs) == 2 * expected  # every form of every case, DOCX and PDF
    for path in outputs:
        if path.suffix == ".docx":
            assert zipfile.ZipFile(path).testzip() is None
        else:
            assert len(PdfReader(path).pages) >= 1
    wait_for_libreoffice(tmpdir)
    # a LibreOffice the kills orphaned may still have been writing its job folder when the
    # final run swept; the next start sweeps what it left (as every spo run does on start)
    subprocess.run([sys.executable, "-c", "from spo_cli import pdf; pdf.sweep_stale_jobs()"],
                   env=env, check=True)
    assert leftovers(tmp_path / "out") == [] and leftovers(tmpdir) == []
    assert not (tmp_path / "r.jsonl.part").exists()
