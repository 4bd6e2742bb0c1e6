"""MANIFEST.csv from outside: UTF-8 with a BOM works, other encodings and broken files are a
clear usage error, a duplicate row is reported as such; cell contents are never echoed."""

from __future__ import annotations

import json
import os

import pytest
from conftest import case_copy, spo


def manifest(tmp_path, data: bytes):
    case_copy(tmp_path, "full-with-interim.yaml")
    path = tmp_path / "MANIFEST.csv"
    path.write_bytes(data)
    return path


def test_utf8_with_a_bom_works(tmp_path):
    path = manifest(tmp_path, "\ufefffile,format\nfull-with-interim.yaml,docx\n".encode())
    report = tmp_path / "r.jsonl"
    result = spo("batch", "check", path, "--out", tmp_path / "out", "--report", report)
    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in report.read_text().splitlines()]
    assert len(rows) == 1 and rows[0]["status"] == "ok"


@pytest.mark.parametrize("name,data,words", [
    ("latin-1", "file\nf\u00fcll.yaml\n".encode("latin-1"), "not UTF-8 (line 2)"),
    ("utf-16", "file\nfull-with-interim.yaml\n".encode("utf-16"), "not UTF-8"),
    ("duplicate", b"file,format\nfull-with-interim.yaml,docx\nfull-with-interim.yaml,docx\n",
     "row 3 of the manifest repeats row 2"),
    ("no-file-column", b"path\nfull-with-interim.yaml\n", "'file' column"),
    ("empty-file-cell", b"file,format\n,docx\n", "row 2 of the manifest has no file"),
    ("nul-byte", b"file\nfull\x00.yaml\n", "manifest"),
])
def test_a_bad_manifest_is_a_clear_usage_error(tmp_path, name, data, words):
    path = manifest(tmp_path, data)
    result = spo("batch", "check", path, "--out", tmp_path / "out",
                 "--report", tmp_path / "r.jsonl")
    assert result.returncode in (1, 2), result.stderr
    assert words in result.stderr and "Traceback" not in result.stderr
    assert "full-with-interim" not in result.stderr and "f\u00fcll" not in result.stderr


@pytest.mark.parametrize("kind", ["fifo", "device"])
def test_a_manifest_that_is_not_a_file_is_refused_at_once(tmp_path, kind):
    path = tmp_path / "MANIFEST.csv"
    if kind == "fifo":
        os.mkfifo(path)
    else:
        path.symlink_to("/dev/zero")
    result = spo("batch", "check", path, "--out", tmp_path / "out",
                 "--report", tmp_path / "r.jsonl", timeout=30)
    assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
