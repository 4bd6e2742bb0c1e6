"""A case folder is written all or nothing: the previous documents and manifest stay exactly
as they were on any failure; two references never share a folder; folders are private;
malformed manifests are never trusted or fatal."""

from __future__ import annotations

import hashlib
import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import case_copy, spo

FOLDER = "NS-SPO-2026-0143"


def snapshot(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def test_a_render_failing_part_way_changes_nothing(tmp_path):
    """A file-size limit between the two forms' sizes: the summons fits, the complaint does
    not. Before, the new summons stayed beside the old complaint and a stale manifest."""
    case = case_copy(tmp_path, "full-with-interim.yaml")
    out = tmp_path / "out"
    forms = ["--form", "summons", "--form", "complaint"]
    assert spo("render", case, "--draft", *forms, "--out", out).returncode == 0
    folder = out / FOLDER
    before = snapshot(folder)
    small, large = ((folder / f"{name}.docx").stat().st_size for name in ("summons", "complaint"))
    blocks = (small + large) // 2 // 1024  # ulimit -f counts 1024-byte blocks
    assert small <= blocks * 1024 < large  # the forms' sizes still leave room for the limit
    case.write_text(case.read_text().replace("Harlow", "Harlowe"))
    limited = subprocess.run(
        ["bash", "-c", f'ulimit -f {blocks}; exec "$0" -m spo_cli render "$1" --draft '
         '--form summons --form complaint --out "$2"', sys.executable, str(case), str(out)],
        capture_output=True, text=True,
        # a fresh audit log: the session's shared one may already be past the size limit
        env={**os.environ, "SPO_AUDIT_LOG": str(tmp_path / "limited-audit.jsonl")})
    assert limited.returncode == 4, limited.stderr
    assert "earlier outputs are unchanged" in limited.stderr
    assert snapshot(folder) == before
    assert [p.name for p in out.iterdir() if p.name.startswith(".spo-")] == []


def test_a_render_replaces_the_whole_set_at_once(tmp_path):
    case = case_copy(tmp_path, "full-with-interim.yaml")
    out = tmp_path / "out"
    assert spo("render", case, "--draft", "--out", out).returncode == 0
    folder = out / FOLDER
    inode = folder.stat().st_ino
    (folder / "notes.txt").write_text("kept")  # a file the user put there survives
    case.write_text(case.read_text().replace("Harlow", "Harlowe"))
    assert spo("render", case, "--draft", "--out", out).returncode == 0
    assert folder.stat().st_ino != inode  # swapped in, not rewritten file by file
    assert (folder / "notes.txt").read_text() == "kept"
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["case"]["reference"] == "NS/SPO/2026/0143"
    for name, entry in manifest["outputs"].items():
        assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == entry["sha256"]


def test_two_references_that_share_a_folder_never_mix(tmp_path):
    first = case_copy(tmp_path, "full-with-interim.yaml")
    other = tmp_path / "other"
    other.mkdir()
    second = case_copy(other, "full-with-interim.yaml",
                       ("reference: NS/SPO/2026/0143", "reference: NS-SPO-2026-0143"))
    out = tmp_path / "out"
    assert spo("render", first, "--draft", "--out", out).returncode == 0
    before = snapshot(out / FOLDER)
    for command in (["render", second, "--draft"], ["bundle", second, "--draft"]):
        result = spo(*command, "--out", out)
        assert result.returncode == 1, result.stderr
        assert "another reference" in result.stderr and "Traceback" not in result.stderr
        assert snapshot(out / FOLDER) == before


def test_loose_output_folders_are_tightened(tmp_path):
    case = case_copy(tmp_path, "full-with-interim.yaml")
    out = tmp_path / "out"
    (out / FOLDER).mkdir(parents=True)
    os.chmod(out, 0o777)
    os.chmod(out / FOLDER, 0o755)
    assert spo("render", case, "--draft", "--form", "summons", "--out", out).returncode == 0
    for folder in (out, out / FOLDER):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700


@pytest.mark.parametrize("manifest", [
    "garbage", "[]", '{"case": []}', '{"case": {"reference": 5}}', '{"outputs": []}',
    '{"outputs": {"../../etc/passwd": {"sha256": "x"}}}', '{"outputs": {"summons.docx": 7}}',
    "[" * 10000, '{"spo": "' + "x" * 100 + '"}',
], ids=["garbage", "list", "case-list", "reference-number", "outputs-list", "dotdot",
        "entry-number", "deep", "odd-version"])
def test_a_malformed_manifest_is_never_trusted_or_fatal(tmp_path, manifest):
    case = case_copy(tmp_path, "full-with-interim.yaml")
    out = tmp_path / "out"
    (out / FOLDER).mkdir(parents=True)
    (out / FOLDER / "manifest.json").write_text(manifest)
    for command in (["render", case, "--draft", "--form", "summons", "--out", out],
                    ["batch", "render", tmp_path, "--draft", "--out", out,
                     "--report", tmp_path / "report.jsonl"]):
        result = spo(*command)
        assert "Traceback" not in result.stderr, result.stderr
    result = spo("render", case, "--draft", "--form", "summons", "--out", out)
    assert result.returncode in (0, 1) and "Traceback" not in result.stderr
    if result.returncode == 0:
        written = json.loads((out / FOLDER / "manifest.json").read_text())
        assert "../../etc/passwd" not in written["outputs"]


def test_the_batch_report_and_output_root_are_private(tmp_path):
    cases = tmp_path / "cases"
    cases.mkdir()
    case_copy(cases, "full-with-interim.yaml")
    report = tmp_path / "reports" / "report.jsonl"
    result = spo("batch", "check", cases, "--out", tmp_path / "out", "--report", report)
    assert result.returncode in (0, 1), result.stderr
    assert stat.S_IMODE(report.stat().st_mode) == 0o600
    assert stat.S_IMODE(report.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE((tmp_path / "out").stat().st_mode) == 0o700
