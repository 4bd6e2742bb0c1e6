"""Benchmark a case's first `spo bundle` (empty output folder) against `spo render CASE
--format pdf` of the same case, for every fixture (fresh processes, interleaved, the order
alternating between cases).

    python bench/bundle.py [--rounds R]

The bundle's index and checklist print page ranges, known only once LibreOffice has laid
the forms out: they are converted with blank page cells in the same LibreOffice start as the
other documents and the ranges are written in afterwards (spo_cli/pdf_cells.py), so a first
bundle converts every document once. Prints the bundle/render ratio per case, its median
and the worst. Target (issue 14): bundle <= 1.2x a PDF render.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from baselines import CORES, process

ROOT = Path(__file__).resolve().parent.parent
CASES = sorted((ROOT / "fixtures").glob("*.yaml"))
SPO = [sys.executable, "-m", "spo_cli"]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=1)
    args = parser.parse_args()
    if not shutil.which(os.environ.get("SPO_SOFFICE") or "soffice"):
        print("bundle: LibreOffice is not installed; skipped")
        return 0
    print(f"load average at start: {os.getloadavg()[0]:.1f} on {CORES} cores")
    results: dict[str, list[tuple[float, float]]] = {}  # case -> (bundle s, render s)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        env = {**os.environ, "XDG_CACHE_HOME": str(folder / "cache")}
        process([*SPO, "render", str(CASES[0]), "--draft", "--out", str(folder / "warm")],
                env)()  # compile cache and LibreOffice profile warm, as after any earlier run
        for round_ in range(args.rounds):
            for number, case in enumerate(CASES):
                timed = {}
                order = ("bundle", "render") if (number + round_) % 2 else ("render", "bundle")
                for name in order:
                    out = folder / f"out-{name}"
                    shutil.rmtree(out, ignore_errors=True)
                    extra = ["--format", "pdf"] if name == "render" else []
                    start = time.perf_counter()
                    process([*SPO, name, str(case), "--draft", *extra, "--out", str(out)],
                            env)()
                    timed[name] = time.perf_counter() - start
                results.setdefault(case.name, []).append((timed["bundle"], timed["render"]))
    ratios = []
    for name, runs in results.items():
        bundle = statistics.median(b for b, _ in runs)
        render = statistics.median(r for _, r in runs)
        ratios.append(bundle / render)
        print(f"  {name}: bundle {bundle:.2f} s, render pdf {render:.2f} s, "
              f"{bundle / render:.2f}x")
    print(f"a case's first bundle in an empty folder, {len(CASES)} fixtures x {args.rounds} "
          f"round(s): bundle/render median {statistics.median(ratios):.2f}x, worst "
          f"{max(ratios):.2f}x")
    print(f"  target bundle <= 1.2x a PDF render: "
          f"{'met' if max(ratios) <= 1.2 else 'MISSED'} for "
          f"{sum(r <= 1.2 for r in ratios)} of {len(ratios)} cases")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
