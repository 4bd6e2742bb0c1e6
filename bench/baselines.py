"""Baselines the benchmarks compare against, and the timing discipline they share: several
rounds, the variants interleaved within each round (so a busy neighbour slows both alike),
min and median reported, ratios taken per round."""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from spo_cli import pdf

CORES = os.cpu_count() or 1


def interleaved(variants: dict[str, Callable[[], float | None]],
                rounds: int = 3) -> dict[str, list[float]]:
    """Run every variant once per round, in alternating order; each returns its seconds
    (or None to time the call itself)."""
    times: dict[str, list[float]] = {name: [] for name in variants}
    names = list(variants)
    for number in range(rounds):
        for name in names if number % 2 == 0 else reversed(names):
            start = time.perf_counter()
            measured = variants[name]()
            times[name].append(measured if measured is not None
                               else time.perf_counter() - start)
    return times


def stats(values: list[float], scale: float = 1.0, unit: str = "s") -> str:
    """'min X, median Y unit'."""
    return (f"min {min(values) * scale:.{1 if unit == 's' else 0}f}, median "
            f"{statistics.median(values) * scale:.{1 if unit == 's' else 0}f} {unit}")


def ratio(slow: list[float], fast: list[float]) -> tuple[float, float]:
    """(min, median) of the per-round ratios slow/fast."""
    each = [s / f for s, f in zip(slow, fast, strict=True)]
    return min(each), statistics.median(each)


def process(argv: list[str], env: dict[str, str] | None = None) -> Callable[[], None]:
    """A variant that runs one fresh process (must exit 0)."""
    def run() -> None:
        result = subprocess.run(argv, capture_output=True, env=env, check=False)
        assert result.returncode == 0, result.stderr.decode(errors="replace")[-800:]
    return run


def python(code: str) -> list[str]:
    """argv for a fresh interpreter running `code`."""
    return [sys.executable, "-c", code]


SOFFICE_CHUNK = 100  # LibreOffice stops silently (exit 0) after ~247 files in one call


def one_soffice_call(documents: list[Path], folder: Path) -> float:
    """Seconds for what a competent script does: `soffice --convert-to pdf` over every DOCX,
    one process at a time with its own profile and unique file names, as few starts as
    LibreOffice allows (`xargs -n 100`: one call over more than ~247 files stops silently
    with exit 0), then every missing PDF converted again."""
    soffice = pdf.find_soffice()
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    profile = folder / "profile"
    names = {d.name for d in documents}
    assert len(names) == len(documents), "the baseline needs unique file names"

    def missing() -> list[Path]:
        return [d for d in documents if not (folder / "out" / f"{d.stem}.pdf").is_file()]

    start = time.perf_counter()
    for _ in range(2):  # the second pass only if LibreOffice skipped some
        todo = missing()
        for first in range(0, len(todo), SOFFICE_CHUNK):
            subprocess.run([soffice, f"-env:UserInstallation={profile.as_uri()}",
                            "--headless", "--convert-to", "pdf", "--outdir",
                            str(folder / "out"), *map(str, todo[first:first + SOFFICE_CHUNK])],
                           capture_output=True, check=False, timeout=3600,
                           cwd=folder)  # its pkcs11.txt lands there, not in the checkout
    elapsed = time.perf_counter() - start
    assert not missing(), f"the baseline made {len(documents) - len(missing())} of " \
        f"{len(documents)}"
    return elapsed
