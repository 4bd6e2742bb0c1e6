"""Benchmark a NEW case's first `spo bundle` (empty output folder) against `spo render CASE
--format pdf` of the same case, for every fixture in turn (fresh processes, interleaved).

    python bench/bundle.py [--rounds R]

The bundle's index prints page ranges, known only once LibreOffice has laid the forms out. A
first bundle guesses them from the page history of earlier bundles (spo_cli/page_history.py)
and checks the guess; a wrong guess costs a second LibreOffice start. To measure a case the
history has never seen, each fixture is bundled with a history holding every OTHER fixture
(leave one out; contract-example.yaml is left out, being a near copy of full-with-interim),
written before each timed run. Prints whether each guess held, and the bundle/render ratio
for hits, misses and all. Target (issue 14): bundle <= 1.2x a PDF render.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from baselines import CORES, process

ROOT = Path(__file__).resolve().parent.parent
CASES = [p for p in sorted((ROOT / "fixtures").glob("*.yaml"))
         if p.name != "contract-example.yaml"]
SPO = [sys.executable, "-m", "spo_cli"]


def observations(case: Path, folder: Path, env: dict[str, str]) -> dict[str, list[int]]:
    """'form:template sha256' -> [text length, pages] of the case's bundle documents."""
    from spo_cli import page_history
    from spo_cli.documents import template_for
    from spo_cli.forms import BY_ID

    out = folder / "probe"
    shutil.rmtree(out, ignore_errors=True)
    for command in (["bundle", str(case)], ["render", str(case), "--format", "docx"]):
        process([*SPO, *command, "--draft", "--out", str(out)], env)()
    [manifest] = out.glob("*/manifest.json")
    outputs = json.loads(manifest.read_text())["outputs"]
    pages = outputs["bundle.pdf"]["pages"]
    found = {}
    for form, count in pages.items():
        entry = outputs.get(f"{form}.docx")
        if entry is None:  # the index, rendered by the bundle only: its count is what counts
            found[f"{form}:{template_for(BY_ID[form], None).sha256}"] = [0, count]
            continue
        length = page_history.text_length((manifest.parent / f"{form}.docx").read_bytes())
        found[f"{form}:{entry['template_sha256']}"] = [length, count]
    return found


def write_history(entries: list[dict[str, list[int]]]) -> None:
    """A fresh history holding exactly these observations (spo_cli.page_history's own
    format, in the cache folder that XDG_CACHE_HOME names for this process and spo's)."""
    from spo_cli import compile_cache, page_history

    folder = compile_cache.folder(page_history.FOLDER)
    assert folder is not None
    (folder / page_history.NAME).unlink(missing_ok=True)
    for entry in entries:
        page_history.record({tuple(key.split(":")): tuple(pair)  # type: ignore[misc]
                             for key, pair in entry.items()})


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=1)
    args = parser.parse_args()
    if not shutil.which(os.environ.get("SPO_SOFFICE") or "soffice"):
        print("bundle: LibreOffice is not installed; skipped")
        return 0
    print(f"load average at start: {os.getloadavg()[0]:.1f} on {CORES} cores")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        os.environ["XDG_CACHE_HOME"] = str(folder / "cache")  # here and in spo's processes
        env = dict(os.environ)
        seen = {case: observations(case, folder, env) for case in CASES}
        results = []  # (case, held, bundle seconds, render seconds)
        for _ in range(args.rounds):
            for number, case in enumerate(CASES):
                write_history([v for k, v in seen.items() if k != case])
                held = guess_holds(seen[case])
                timed = {}
                order = ("bundle", "render") if number % 2 else ("render", "bundle")
                for name in order:
                    out = folder / f"out-{name}"
                    shutil.rmtree(out, ignore_errors=True)
                    extra = ["--format", "pdf"] if name == "render" else []
                    start = time.perf_counter()
                    process([*SPO, name, str(case), "--draft", *extra, "--out", str(out)],
                            env)()
                    timed[name] = time.perf_counter() - start
                results.append((case.name, held, timed["bundle"], timed["render"]))
    for name, held, bundle, render in results:
        print(f"  {name}: guess {'held' if held else 'missed'}, bundle {bundle:.2f} s, "
              f"render pdf {render:.2f} s, {bundle / render:.2f}x")
    hits = [b / r for _, held, b, r in results if held]
    misses = [b / r for _, held, b, r in results if not held]
    every = hits + misses
    print(f"new case's first bundle, {len(CASES)} fixtures x {args.rounds} round(s): guess "
          f"held for {len(hits)} of {len(every)}; bundle/render median "
          f"{statistics.median(every):.2f}x (held: {_median(hits)}, missed: {_median(misses)})")
    print(f"  target bundle <= 1.2x a PDF render: "
          f"{'met' if statistics.median(every) <= 1.2 else 'MISSED'} at the median; "
          f"{sum(r <= 1.2 for r in every)} of {len(every)} runs within it")
    return 0


def guess_holds(own: dict[str, list[int]]) -> bool:
    """Whether the history as written guesses every document of this case right, asked as
    the bundle asks (its index and checklist by the usual count, not yet rendered)."""
    from spo_cli import page_history

    wanted = {key.split(":")[0]: (key.split(":")[1],
                                  None if key.startswith("bundle-") else pair[0])
              for key, pair in own.items()}
    found = page_history.guess_all(wanted)
    return bool(found) and all(found[k.split(":")[0]] == pair[1] for k, pair in own.items())


def _median(values: list[float]) -> str:
    return f"{statistics.median(values):.2f}x" if values else "none"


if __name__ == "__main__":
    raise SystemExit(main())
