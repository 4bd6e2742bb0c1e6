"""Fault injection: LibreOffice misbehaving, kills at random moments, a full disk, two runs at
once. In every case: a clear error, no stray process, no partial file at a final path, and the
previous good output intact."""

from __future__ import annotations

import hashlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from conftest import FIXTURES, case_copy, spo, wait_for_libreoffice
from pypdf import PdfReader

FAKES = {  # {mark}: an unusual sleep length, unique to the test, so ps finds only its strays
    "hangs": "#!/bin/sh\nexec sleep {mark}\n",
    "exits-0-without-output": "#!/bin/sh\nexit 0\n",
    "prints-an-error-and-exits-0":
        "#!/bin/sh\necho 'Error: source file could not be loaded' >&2\nexit 0\n",
    "leaves-a-child-that-ignores-sigterm":
        "#!/bin/sh\n(trap '' TERM; sleep {mark}) &\nexit 0\n",
    "hangs-with-a-child-that-ignores-sigterm":
        "#!/bin/sh\n(trap '' TERM; sleep {mark}) &\nexec sleep {mark}\n",
}


def strays(mark: str) -> list[str]:
    ps = subprocess.run(["ps", "-eo", "pid,args"], capture_output=True, text=True).stdout
    return [line for line in ps.splitlines() if f"sleep {mark}" in line]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def partials(*roots: Path) -> list[Path]:
    return [p for root in roots for p in root.rglob("*")
            if p.name.startswith((".spo-", ".~lock", "spo-lo-")) or p.suffix == ".part"]


@pytest.mark.parametrize("behaviour", list(FAKES))
def test_misbehaving_libreoffice_gives_a_clear_error_and_changes_nothing(tmp_path, behaviour):
    mark = str(random.SystemRandom().randrange(10**8, 10**9))
    fake = tmp_path / "soffice"
    fake.write_text(FAKES[behaviour].format(mark=mark))
    fake.chmod(0o755)
    case = case_copy(tmp_path, "full-with-interim.yaml")
    folder = tmp_path / "out" / "NS-SPO-2026-0143"
    folder.mkdir(parents=True)
    good = folder / "summons.pdf"
    shutil.copy(FIXTURES / "exhibits" / "sp5-map.pdf", good)  # "the previous good output"
    before = digest(good)
    (tmp_path / "tmp").mkdir()
    env = {**os.environ, "SPO_SOFFICE": str(fake), "SPO_CONVERT_TIMEOUT": "3",
           "TMPDIR": str(tmp_path / "tmp")}
    result = spo("render", case, "--draft", "--format", "pdf", "--form", "summons", "--out",
                 tmp_path / "out", env=env)
    assert result.returncode == 4, result.stderr
    assert "LibreOffice" in result.stderr and "Traceback" not in result.stderr
    assert digest(good) == before
    assert strays(mark) == []
    assert partials(tmp_path / "out", tmp_path / "tmp") == []


def valid(path: Path) -> bool:
    if path.suffix == ".docx":
        return zipfile.ZipFile(path).testzip() is None
    if path.suffix == ".pdf":
        return len(PdfReader(path).pages) >= 1
    if path.suffix == ".json":
        return isinstance(json.loads(path.read_text()), dict)
    return True



@pytest.mark.slow
@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice is not installed")
def test_kill_9_at_random_points_of_render_convert_and_bundle(tmp_path):
    case = case_copy(tmp_path, "full-with-interim.yaml")
    out, tmpdir = tmp_path / "out", tmp_path / "tmp"
    tmpdir.mkdir()
    env = {**os.environ, "TMPDIR": str(tmpdir)}
    base = [sys.executable, "-m", "spo_cli"]
    commands = [base + ["render", str(case), "--draft", "--format", "both", "--out", str(out)],
                base + ["bundle", str(case), "--draft", "--out", str(out)]]
    for command in commands:  # the previous good outputs
        subprocess.run(command, env=env, check=True, capture_output=True)
    rng = random.Random(7)
    for iteration in range(20):
        process = subprocess.Popen(commands[iteration % 2], env=env, start_new_session=True,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.05, 2.5))
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        finals = [p for p in out.rglob("*") if p.is_file() and not p.name.startswith(".")]
        assert finals and all(valid(p) for p in finals), iteration
    wait_for_libreoffice(tmpdir)
    for command in commands:  # the next run sweeps what the kills left
        subprocess.run(command, env=env, check=True, capture_output=True)
    wait_for_libreoffice(tmpdir)
    assert partials(out, tmpdir) == []
    assert all(valid(p) for p in out.rglob("*") if p.is_file())


def test_a_full_disk_fails_cleanly_and_keeps_the_previous_output(tmp_path):
    case = case_copy(tmp_path, "full-with-interim.yaml")
    out = tmp_path / "out"
    assert spo("render", case, "--draft", "--out", out).returncode == 0
    folder = out / "NS-SPO-2026-0143"
    before = {p.name: digest(p) for p in folder.iterdir()}
    limited = subprocess.run(
        # 6 KiB a file: less than any rendered form (the smallest is about 11 KiB)
        ["bash", "-c", 'ulimit -f 6; exec "$0" -m spo_cli render "$1" --draft --out "$2"',
         sys.executable, str(case), str(out)], capture_output=True, text=True,
        # a fresh audit log: the session's shared one may already be past the size limit
        env={**os.environ, "SPO_AUDIT_LOG": str(tmp_path / "limited-audit.jsonl")})
    assert limited.returncode == 4, limited.stderr
    assert "could not write an output (File too large)" in limited.stderr
    assert {p.name: digest(p) for p in folder.iterdir()} == before
    assert partials(out) == []


def test_two_batches_on_one_output_folder_at_once(tmp_path):
    cases = tmp_path / "cases"
    cases.mkdir()
    for name in ("full-with-interim.yaml", "variation.yaml", "renewal.yaml", "discharge.yaml"):
        shutil.copy(FIXTURES / name, cases / name)
    shutil.copytree(FIXTURES / "exhibits", cases / "exhibits")
    command = [sys.executable, "-m", "spo_cli", "batch", "render", str(cases), "--draft",
               "--jobs", "2", "--out", str(tmp_path / "out")]
    runs = [subprocess.Popen(command + ["--report", str(tmp_path / f"r{i}.jsonl")],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE) for i in (1, 2)]
    for run in runs:
        assert run.wait(timeout=300) == 0, run.stderr.read()
    for report in ("r1.jsonl", "r2.jsonl"):
        rows = [json.loads(line) for line in (tmp_path / report).read_text().splitlines()]
        assert len(rows) == 4 and {r["status"] for r in rows} <= {"ok", "skipped"}
    finals = [p for p in (tmp_path / "out").rglob("*") if p.is_file()]
    assert all(valid(p) for p in finals)
    assert partials(tmp_path / "out") == []
