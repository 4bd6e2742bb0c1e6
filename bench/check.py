"""Benchmark `spo check` throughput and `spo --help` start-up, each against a baseline run in
the same process or session, and print the ratios.

    python bench/check.py [N]        (default N = 1000 generated case files)

Targets (issue 2): >= 100 cases/s in one process; `spo --help` <= 150 ms.
"""

from __future__ import annotations

import copy
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = sorted((ROOT / "fixtures").glob("*.yaml"))


def generate(folder: Path, count: int) -> list[Path]:
    """`count` varied case files made from the fixtures (new references, shifted text)."""
    paths = []
    for i in range(count):
        seed = FIXTURES[i % len(FIXTURES)]
        text = seed.read_text(encoding="utf-8")
        text = re.sub(r"(?m)^(  reference: )(\S+)", rf"\g<1>\g<2>-B{i:04d}", text, count=1)
        text = text.replace("Northtown", f"Northtown{i % 97}")
        path = folder / f"case-{i:04d}.yaml"
        path.write_text(text, encoding="utf-8")
        (folder / "exhibits").mkdir(exist_ok=True)
        paths.append(path)
    (folder / "exhibits" / "sp5-map.pdf").write_bytes(
        (ROOT / "fixtures" / "exhibits" / "sp5-map.pdf").read_bytes())
    return paths


def ours(paths: list[Path]) -> float:
    """Seconds for spo's own pipeline (C-parser event loader, shared validator, all rules)."""
    from spo_cli.build import check_files

    start = time.perf_counter()
    reports = list(check_files(paths))
    elapsed = time.perf_counter() - start
    assert len(reports) == len(paths)
    return elapsed


def naive(paths: list[Path]) -> float:
    """Seconds for the straightforward way: ruamel round-trip load and a new cerberus
    Validator per case (same schema), without the rules."""
    from ruamel.yaml import YAML

    from spo_cli import schema

    document, _ = schema._schemas()
    validator_class = type(schema._validator())  # cerberus.Validator plus our custom check
    start = time.perf_counter()
    for path in paths:
        data = YAML(typ="rt").load(path.read_text(encoding="utf-8"))
        validator_class(copy.deepcopy(document)).validate(dict(data))
    return time.perf_counter() - start


def startup(argv: list[str], runs: int = 15) -> float:
    """Median wall time in ms of a fresh process."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, capture_output=True, check=False)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> int:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    with tempfile.TemporaryDirectory() as tmp:
        paths = generate(Path(tmp), count)
        ours(paths[:20])  # warm: imports, schema and validator built once per process
        ours_s = min(ours(paths) for _ in range(3))
        naive_n = min(count, 200)  # the baseline is slow; per-case rate from a sample
        naive_s = naive(paths[:naive_n]) * count / naive_n
        cli_start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "spo_cli", "check", "--json", *map(str, paths)],
                       capture_output=True, check=False)
        cli_s = time.perf_counter() - cli_start
    rate, naive_rate = count / ours_s, count / naive_s
    print(f"spo check, {count} cases in one process: {rate:,.0f} cases/s "
          f"({ours_s * 1000 / count:.2f} ms/case)")
    print(f"  baseline (ruamel rt load + new cerberus Validator per case, no rules): "
          f"{naive_rate:,.0f} cases/s; ours is {rate / naive_rate:.1f}x")
    print(f"  whole CLI process, {count} files, --json: {cli_s:.2f} s "
          f"({count / cli_s:,.0f} cases/s)")
    print(f"  target >= 100 cases/s: {'met' if rate >= 100 else 'MISSED'}")

    help_ms = startup([sys.executable, "-m", "spo_cli", "--help"])
    bare_ms = startup([sys.executable, "-c", "pass"])
    eager_ms = startup([sys.executable, "-c", "import typer, ruamel.yaml, cerberus, docxtpl, "
                        "pypdf, questionary"])
    print(f"spo --help start-up: {help_ms:.0f} ms (median of 15)")
    print(f"  baselines: bare python {bare_ms:.0f} ms; importing every dependency eagerly "
          f"{eager_ms:.0f} ms; ours is {eager_ms / help_ms:.1f}x faster than eager")
    print(f"  target <= 150 ms: {'met' if help_ms <= 150 else 'MISSED'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
