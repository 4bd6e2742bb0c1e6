"""SIGTERM and SIGHUP end a run like Ctrl-C: exit 130, temp folders and .part files removed,
earlier outputs unchanged, batch workers stop without tracebacks; folders of killed runs are
swept by the next run; a closed pipe on stdout is not a traceback."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import case_copy, spo
from pypdf import PdfReader

needs_soffice = pytest.mark.skipif(not shutil.which("soffice"), reason="needs LibreOffice")


def leftovers(*roots: Path) -> list[str]:
    return sorted(str(p) for root in roots for p in root.rglob("*")
                  if p.name.startswith(("spo-", ".spo-")) or p.suffix == ".part")


def snapshot(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()}


def start(args: list[str], tmpdir: Path) -> subprocess.Popen:
    """spo as a terminal starts it: Ctrl-C (SIGINT) at its default. A test run started in the
    background of a script inherits SIGINT ignored, and so would spo (Python then installs no
    KeyboardInterrupt handler): a Ctrl-C test would see the batch run on to the end."""
    return subprocess.Popen([sys.executable, "-m", "spo_cli", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "TMPDIR": str(tmpdir)},
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))


def wait_for(predicate, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


@needs_soffice
@pytest.mark.pdf
@pytest.mark.parametrize("number", [signal.SIGTERM, signal.SIGHUP], ids=["TERM", "HUP"])
def test_a_signal_during_conversion_is_an_interrupt_that_cleans_up(tmp_path, number):
    case = case_copy(tmp_path, "full-with-interim.yaml")
    out, tmpdir = tmp_path / "out", tmp_path / "tmp"
    tmpdir.mkdir()
    assert spo("render", case, "--draft", "--form", "summons", "--out", out).returncode == 0
    before = snapshot(out / "NS-SPO-2026-0143")
    process = start(["render", str(case), "--draft", "--format", "both", "--out", str(out)],
                    tmpdir)
    wait_for(lambda: any(tmpdir.glob("spo-lo-*")))  # LibreOffice is converting
    time.sleep(0.3)
    process.send_signal(number)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130, stderr
    assert "interrupted" in stderr and "Traceback" not in stderr
    assert not libreoffice_in(tmpdir)  # stopped with spo, not left to finish on its own
    assert leftovers(tmpdir, out) == []
    assert snapshot(out / "NS-SPO-2026-0143") == before


def copies(tmp_path: Path, count: int) -> Path:
    """`count` copies of the full case, each with its own reference, in tmp_path/cases."""
    cases = tmp_path / "cases"
    cases.mkdir()
    for number in range(count):
        case_copy(cases, "full-with-interim.yaml",
                  ("reference: NS/SPO/2026/0143", f"reference: NS/SPO/2026/{number:04d}"))
        (cases / "full-with-interim.yaml").rename(cases / f"case{number:02d}.yaml")
    return cases


def libreoffice_in(tmpdir: Path) -> bool:
    """Whether a process still runs in tmpdir (LibreOffice's working folder is there)."""
    ps = subprocess.run(["ps", "-eo", "stat,args"], capture_output=True, text=True).stdout
    return any(str(tmpdir) in line and not line.startswith("Z") for line in ps.splitlines())


@needs_soffice
@pytest.mark.pdf
@pytest.mark.parametrize("jobs,number", [("2", signal.SIGTERM), ("1", signal.SIGINT)],
                         ids=["workers-TERM", "one-worker-INT"])
def test_a_signal_to_a_pdf_batch_stops_every_libreoffice_and_leaves_nothing(tmp_path, jobs,
                                                                            number):
    cases = copies(tmp_path, 6)
    tmpdir = tmp_path / "tmp"
    tmpdir.mkdir()
    process = start(["batch", "render", str(cases), "--draft", "--format", "pdf", "--jobs",
                     jobs, "--out", str(tmp_path / "out")], tmpdir)
    wait_for(lambda: any(tmpdir.glob("spo-lo-*")))  # a worker's LibreOffice is converting
    time.sleep(0.5)
    process.send_signal(number)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130, stderr
    assert "Traceback" not in stderr
    assert not libreoffice_in(tmpdir)
    assert leftovers(tmpdir) == [] and list(tmpdir.iterdir()) == []
    for made in (tmp_path / "out").rglob("*.pdf"):  # any PDF there is whole
        assert len(PdfReader(made).pages) >= 1


def test_folders_of_killed_runs_are_swept_on_start(tmp_path):
    case = case_copy(tmp_path, "full-with-interim.yaml")
    tmpdir = tmp_path / "tmp"
    dead = subprocess.run(["true"]).args and subprocess.Popen(["true"])
    dead.wait()
    for kind in ("docx", "batch"):
        stale = tmpdir / f"spo-{kind}-{dead.pid}-abc123"
        stale.mkdir(parents=True)
        (stale / "doc000.docx").write_bytes(b"old case data")
    alive = tmpdir / f"spo-docx-{os.getpid()}-live"
    alive.mkdir()
    result = spo("render", case, "--draft", "--form", "summons", "--out", tmp_path / "out",
                 env={**os.environ, "TMPDIR": str(tmpdir)})
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in tmpdir.iterdir()) == [alive.name]


def test_batch_workers_stop_cleanly_on_sigterm(tmp_path):
    cases = copies(tmp_path, 12)
    tmpdir = tmp_path / "tmp"
    tmpdir.mkdir()
    report = tmp_path / "report.jsonl"
    process = start(["batch", "render", str(cases), "--draft", "--jobs", "2", "--out",
                     str(tmp_path / "out"), "--report", str(report)], tmpdir)
    wait_for(lambda: (tmp_path / "out").exists())
    time.sleep(0.5)
    process.send_signal(signal.SIGTERM)
    _, stderr = process.communicate(timeout=60)
    finished = report.exists()  # written whole or not at all (a late signal may follow it)
    # A run that finished first may even take the signal as the interpreter exits, once
    # Python has put the default handlers back: killed then, it left nothing undone.
    assert process.returncode in ((0, 130, -signal.SIGTERM) if finished else (130,)), stderr
    assert "Traceback" not in stderr and "BrokenPipe" not in stderr
    assert leftovers(tmpdir) == []
    if finished:
        rows = report.read_text().splitlines()
        assert len(rows) == 12 and all(json.loads(row)["file"] for row in rows)


@pytest.mark.parametrize("command", [["check"], ["explain"]])
def test_a_closed_pipe_is_not_a_traceback(tmp_path, command):
    from conftest import FIXTURES

    args = [sys.executable, "-m", "spo_cli", *command]
    if command == ["check"]:
        args += [str(p) for p in sorted(FIXTURES.glob("*.yaml"))] * 3
    result = subprocess.run(" ".join(f"'{a}'" for a in args) + " | head -c 1", shell=True,
                            capture_output=True, text=True, timeout=120)
    assert "Traceback" not in result.stderr and "Exception ignored" not in result.stderr


@pytest.mark.parametrize("command", [["interview", "NEW", "--kind", "full"], ["authorise", "CASE"]])
def test_stdin_closed_is_a_clear_outcome(tmp_path, command):
    case = case_copy(tmp_path, "full-with-interim.yaml")
    args = [str(tmp_path / "new.yaml") if a == "NEW" else str(case) if a == "CASE" else a
            for a in command]
    result = subprocess.run([sys.executable, "-m", "spo_cli", *args], stdin=subprocess.DEVNULL,
                            capture_output=True, text=True, timeout=60)
    closed = subprocess.run(f"'{sys.executable}' -m spo_cli {' '.join(args)} <&-", shell=True,
                            capture_output=True, text=True, timeout=60)
    for outcome in (result, closed):
        assert outcome.returncode == 3, outcome.stderr
        assert "Traceback" not in outcome.stderr and "missing" in outcome.stderr
