"""Canary scan: unique values in every personal field; every command, succeeding and failing;
no canary in stdout, stderr, the audit log, a batch report, a manifest or any leftover file.
Only the case file and the rendered documents themselves may hold them."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import case_copy, spo

CANARIES = {  # fixture text -> canary
    "Daniel James": "Zqvgivencanary", "family: Harlow": "family: Zqvfamilycanary",
    "Danny Harlow": "Zqvaliascanary", "27 Mill Lane": "27 Zqvstreetcanary Lane",
    "given: Laura": "given: Zqvvictimcanary", "family: Bennett": "family: Zqvbennettcanary",
    "14 Elm Grove": "14 Zqvhomecanary Grove", "former partner": "Zqvrelcanary",
    "Supports the application; asks": "Zqvviewscanary asks",
    "Outside her home, Northtown": "Zqvplacecanary",
    "Sat in his car": "Zqvdescriptioncanary sat",
    "Fixated on reconciliation": "Zqvriskcanary",
    "Bail conditions have been breached": "Zqvnecessitycanary",
    "Samira Patel": "Zqvofficercanary",
}
TOKENS = sorted({t for t in (w for v in CANARIES.values() for w in v.replace(":", " ").split())
                 if "canary" in t})


def scan(texts: list[str], files: list[Path]) -> list[str]:
    found = []
    for text in texts:
        found += [t for t in TOKENS if t in text]
    for path in files:
        data = path.read_bytes()
        found += [f"{t} in {path.name}" for t in TOKENS if t.encode() in data]
    return found


def outputs_other_than_documents(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file() and p.suffix not in (".docx", ".pdf")
            and p.name != "full-with-interim.yaml" and "exhibits" not in p.parts]


def test_no_canary_escapes_any_command(tmp_path):
    audit = tmp_path / "audit.jsonl"
    env = {**os.environ, "SPO_AUDIT_LOG": str(audit), "TMPDIR": str(tmp_path / "tmp")}
    (tmp_path / "tmp").mkdir()
    (tmp_path / "good").mkdir()
    good = case_copy(tmp_path / "good", "full-with-interim.yaml", *CANARIES.items())
    out = tmp_path / "out"
    runs = [
        spo("check", good, env=env), spo("check", "--json", good, env=env),
        spo("render", good, "--draft", "--out", out, env=env),
        spo("render", good, "--out", out, env=env),                       # no authorisation
        spo("due", good.parent, "--within", "3650", "--as-of", "2026-01-01", env=env),
        spo("batch", "render", good.parent, "--draft", "--jobs", "1", "--out", out,
            "--report", tmp_path / "report.jsonl", env=env),
        spo("interview", tmp_path / "new.yaml", "--answers", good, "--no-input", env=env),
        spo("authorise", good, "--no-input", env=env),
        spo("audit", "--log", audit, env=env),
    ]
    if shutil.which("soffice"):
        runs.append(spo("render", good, "--draft", "--format", "pdf", "--out", out, env=env))
        runs.append(spo("bundle", good, "--draft", "--out", out, env=env))
    missing = {**env, "SPO_SOFFICE": str(tmp_path / "no-such-soffice")}
    runs.append(spo("render", good, "--draft", "--format", "pdf", "--out", out, env=missing))
    failing = tmp_path / "failing"
    edits = [("kind: full", "kind: Zqvkindcanary"),                                # schema
             ("duration: {years: 3}", "duration: {years: Zqvyearscanary}"),        # shape
             ("Zqvdescriptioncanary sat", "Zqvdescriptioncanary \u202e sat")]      # text
    for index, edit in enumerate(edits):
        folder = failing / f"bad{index}"
        folder.mkdir(parents=True)
        target = case_copy(folder, "full-with-interim.yaml", *CANARIES.items(), edit)
        runs += [spo("check", target, env=env), spo("check", "--json", target, env=env),
                 spo("render", target, "--draft", "--out", out, env=env)]
    runs.append(spo("batch", "render", failing, "--draft", "--jobs", "1", "--out", out,
                    "--report", tmp_path / "bad-report.jsonl", env=env))
    hostile = failing / "dup.yaml"
    hostile.write_text("schema: spo-case/1\ndefendant:\n  name: Zqvdupcanary\n"
                       "  name: Zqvdupcanary2\n")
    runs += [spo("check", hostile, env=env), spo("interview", tmp_path / "n2.yaml", "--answers",
                                                    hostile, "--no-input", env=env)]
    assert any(r.returncode == 1 for r in runs) and any(r.returncode == 4 for r in runs)
    texts = [r.stdout + r.stderr for r in runs]
    assert all("Traceback" not in t for t in texts)
    leaks = scan(texts, [audit, tmp_path / "report.jsonl", tmp_path / "bad-report.jsonl",
                         *outputs_other_than_documents(out), *list((tmp_path / "tmp").rglob("*"))])
    assert leaks == []
    assert "Zqvgivencanary" in (tmp_path / "new.yaml").read_text()  # recorded where it belongs


@pytest.mark.skipif(not shutil.which("unshare"), reason="needs unshare (util-linux)")
def test_the_main_job_runs_with_networking_disabled(tmp_path):
    probe = subprocess.run(["unshare", "-rn", "true"], capture_output=True)
    if probe.returncode != 0:
        pytest.skip("network namespaces are not allowed here")
    case = case_copy(tmp_path, "full-with-interim.yaml")
    args = ["unshare", "-rn", sys.executable, "-m", "spo_cli"]
    env = {**os.environ, "SPO_AUDIT_LOG": str(tmp_path / "audit.jsonl")}
    for command in (["check", str(case)], ["render", str(case), "--draft", "--out",
                                           str(tmp_path / "out")]):
        result = subprocess.run(args + command, capture_output=True, text=True, env=env)
        assert result.returncode == 0, result.stderr
    if shutil.which("soffice"):
        result = subprocess.run(args + ["bundle", str(case), "--draft", "--out",
                                        str(tmp_path / "out")], capture_output=True, text=True,
                                env=env)
        assert result.returncode == 0, result.stderr
        assert (tmp_path / "out" / "NS-SPO-2026-0143" / "bundle.pdf").is_file()
