"""Benchmark `spo check` throughput and `spo --help` start-up, each against a baseline run in
the same process or session, and print the ratios.

    python bench/check.py [N]        (default N = 1000 generated case files)

Targets: >= 100 cases/s in one process (issue 2); one-shot `spo check CASE` <= 300 ms and
`spo --help` <= 150 ms wall (issue 12). Rounds are interleaved; min and median are printed.
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

from baselines import interleaved, process, python, ratio, stats

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
    from spo_cli.check import check_files

    start = time.perf_counter()
    reports = list(check_files(paths))
    elapsed = time.perf_counter() - start
    assert len(reports) == len(paths)
    return elapsed


def naive(paths: list[Path]) -> float:
    """Seconds for a competent script: the C-based YAML loader and ONE reused cerberus
    Validator over the same schema (without spo's rules, text policy or positions)."""
    from ruamel.yaml import YAML

    from spo_cli import schema

    document, _ = schema._schemas()
    validator = type(schema._validator())(copy.deepcopy(document))
    loader = YAML(typ="safe", pure=False)
    start = time.perf_counter()
    for path in paths:
        validator.validate(dict(loader.load(path.read_text(encoding="utf-8"))),
                           normalize=False)
    return time.perf_counter() - start


ONE_SHOT_BASELINE = """
import sys
from ruamel.yaml import YAML
from spo_cli import schema
validator = type(schema._validator())(schema._schemas()[0])
validator.validate(dict(YAML(typ="safe", pure=False).load(open(sys.argv[1], "rb"))),
                   normalize=False)
"""


def main() -> int:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    rounds = 3
    with tempfile.TemporaryDirectory() as tmp:
        paths = generate(Path(tmp), count)
        ours(paths[:20])  # warm: imports, schema and validator built once per process
        naive(paths[:20])
        naive_n = min(count, 300)
        times = interleaved({"ours": lambda: ours(paths),
                             "naive": lambda: naive(paths[:naive_n]) * count / naive_n}, rounds)
        cli_start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "spo_cli", "check", "--json", *map(str, paths)],
                       capture_output=True, check=False)
        cli_s = time.perf_counter() - cli_start
        case = str(paths[0])
        one = interleaved({
            "check": process([sys.executable, "-m", "spo_cli", "check", case]),
            "script": process([sys.executable, "-c", ONE_SHOT_BASELINE, case]),
            "help": process([sys.executable, "-m", "spo_cli", "--help"]),
            "bare": process(python("pass")),
            "eager": process(python("import typer, ruamel.yaml, cerberus, docxtpl, pypdf, "
                                    "questionary")),
        }, rounds=7)
    low, mid = ratio(times["naive"], times["ours"])
    rate = count / statistics.median(times["ours"])
    print(f"spo check, {count} cases in one process ({rounds} interleaved rounds): ours "
          f"{stats(times['ours'])} ({rate:,.0f} cases/s, all rules); competent script "
          f"(C loader, one reused cerberus Validator, no rules) {stats(times['naive'])} "
          f"(timed {naive_n}, scaled)")
    print(f"  ours / script speed: min {low:.2f}x, median {mid:.2f}x (one core each)")
    print(f"  whole CLI process, {count} files, --json: {cli_s:.2f} s "
          f"({count / cli_s:,.0f} cases/s)")
    print(f"  target >= 100 cases/s: {'met' if rate >= 100 else 'MISSED'}")
    check_ms = statistics.median(one["check"]) * 1000
    print(f"one-shot `spo check CASE` (7 interleaved rounds): {stats(one['check'], 1000, 'ms')}"
          f"; baseline script (load + one cerberus Validator, no rules) "
          f"{stats(one['script'], 1000, 'ms')}; ratio ours/script median "
          f"{1 / ratio(one['script'], one['check'])[1]:.2f}")
    print(f"  target <= 300 ms: {'met' if check_ms <= 300 else 'MISSED'}")
    help_ms = statistics.median(one["help"]) * 1000
    print(f"spo --help start-up: {stats(one['help'], 1000, 'ms')}; bare python "
          f"{stats(one['bare'], 1000, 'ms')}; importing every dependency eagerly "
          f"{stats(one['eager'], 1000, 'ms')}; ours is "
          f"{ratio(one['eager'], one['help'])[1]:.1f}x faster than eager (median)")
    print(f"  target <= 150 ms: {'met' if help_ms <= 150 else 'MISSED'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
