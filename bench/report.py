"""Benchmark `spo report` at force scale: a cold run (empty fact index) against the speed
`spo check` loads the same files, and a warm re-run (nothing changed) against the cold run,
all in one process on one set of generated files.

    python bench/report.py [N]        (default N = 10000 case files)

Targets (issue 13): cold at the speed `spo check` loads the files (ratio <= 1.0, within noise);
warm at least 20x faster than cold.
"""

from __future__ import annotations

import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "fixtures" / "report").glob("r*.yaml"))


def generate(folder: Path, count: int) -> list[Path]:
    """`count` case files made from the report fixtures: new references, shifted months."""
    paths = []
    for i in range(count):
        seed = SEEDS[i % len(SEEDS)]
        text = seed.read_text(encoding="utf-8")
        text = re.sub(r"(?m)^(  reference: NS/SPO/)(\S+)", rf"\g<1>\g<2>-B{i:05d}", text,
                      count=1)
        sub = folder / f"{i // 1000:02d}"  # a force keeps cases in sub-folders
        sub.mkdir(exist_ok=True)
        path = sub / f"case-{i:05d}.yaml"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def check_load(paths: list[Path]) -> float:
    """Seconds for `spo check`'s pipeline over the files (load, schema, every rule)."""
    from spo_cli.check import check_files

    start = time.perf_counter()
    done = sum(1 for _ in check_files(paths))
    assert done == len(paths)
    return time.perf_counter() - start


def report_run(folder: Path, out: Path) -> tuple[float, dict]:
    """Seconds for a whole `spo report` (HTML, charts included) and its result."""
    from spo_cli.report import write_report

    start = time.perf_counter()
    result = write_report(folder, out, "html", None, None, None)
    return time.perf_counter() - start, result


def main() -> int:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    with tempfile.TemporaryDirectory() as tmp:
        folder, out = Path(tmp) / "cases", Path(tmp) / "out" / "report.html"
        folder.mkdir()
        paths = generate(folder, count)
        check_load(paths[:20])  # warm-up: imports, schema, validator (both sides use them)
        report_run(Path(ROOT / "fixtures" / "report"), Path(tmp) / "warmup" / "r.html")
        check_s = check_load(paths)
        cold_s, cold = report_run(folder, out)
        warm_s, warm = report_run(folder, out)
        assert cold["meta"]["index"]["read"] == count
        assert warm["meta"]["index"] == {"reused": count, "read": 0}
        assert {k: v for k, v in warm.items() if k != "meta"} == \
            {k: v for k, v in cold.items() if k != "meta"}
    print(f"spo report over {count} case files (one process, same files)")
    print(f"  baseline, spo check loading them: {check_s:.2f} s "
          f"({count / check_s:,.0f} files/s)")
    print(f"  report, cold (empty index):       {cold_s:.2f} s  ratio to check "
          f"{cold_s / check_s:.2f}  (target <= 1.0: {'met' if cold_s <= check_s else 'MISSED'})")
    print(f"  report, warm (nothing changed):   {warm_s:.2f} s  {cold_s / warm_s:.1f}x faster "
          f"than cold (target >= 20x: {'met' if cold_s >= 20 * warm_s else 'MISSED'})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
