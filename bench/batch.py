"""Benchmark `spo batch render` against baselines measured in the same run (3+ rounds,
variants interleaved, min and median, ratios per round).

    python bench/batch.py [N] [--pdf M] [--jobs J] [--rounds R]

DOCX: N generated cases rendered as full packs (every form of the case's kind) by spo's batch
(J worker processes) against the naive baseline (one docxtpl load and render per document,
sequentially; timed on a sample, scaled); then the same batch again, unchanged, which must be
at least 10x faster (everything is up to date; issue 12).
PDF: M cases as PDF packs by spo's batch against what a competent script does with the same
DOCX files: `soffice --convert-to pdf` one process at a time, 100 files a call (one call
over ~250+ files stops silently), missing PDFs converted again. Totals and per core.
Targets: >= 16 packs/s DOCX (issue 5); unchanged re-run >= 10x faster at 200 cases (issue
12); PDF batch >= 1.6x sequential soffice calls, and the national year (116,792 cases)
under 12 hours of PDF on one 2-core machine (issue 14). Also prints peak memory.
"""

from __future__ import annotations

import argparse
import io
import os
import re
import resource
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from baselines import CORES, interleaved, one_soffice_call, ratio, stats

from spo_cli import batch, pdf
from spo_cli.check import check_file
from spo_cli.forms import Options, forms_for

ROOT = Path(__file__).resolve().parent.parent
SEEDS = [p for p in sorted((ROOT / "fixtures").glob("*.yaml")) if p.name != "contract-example.yaml"]


def generate(folder: Path, count: int) -> list[Path]:
    folder.mkdir(parents=True)
    shutil.copytree(ROOT / "fixtures" / "exhibits", folder / "exhibits")
    paths = []
    for i in range(count):
        text = SEEDS[i % len(SEEDS)].read_text(encoding="utf-8")
        text = re.sub(r"(?m)^(  reference: )(\S+)", rf"\g<1>\g<2>-B{i:04d}", text, count=1)
        paths.append(folder / f"case-{i:04d}.yaml")
        paths[-1].write_text(text.replace("Northtown", f"Northtown {i % 89}"), encoding="utf-8")
    return paths


def run_batch(paths: list[Path], out: Path, fmt: str, jobs: int) -> float:
    work = [batch.Job(p, out, fmt, draft=True) for p in paths]
    start = time.perf_counter()
    rows = batch.run("render", work, jobs, out / "report.jsonl")
    elapsed = time.perf_counter() - start
    bad = [r for r in rows if r.status == "failed"]
    assert not bad, bad[0]
    return elapsed


def naive_docx(paths: list[Path]) -> float:
    """One DocxTemplate load and render per document, as a script would do it."""
    from docxtpl import DocxTemplate
    from jinja2 import Environment

    start = time.perf_counter()
    for path in paths:
        case = check_file(path).case
        for form in forms_for(case):
            document = DocxTemplate(ROOT / "templates" / "forms" / form.template)
            context = form.context(case, Options(draft=True, title=form.title, form_id=form.id))
            document.render(context, jinja_env=Environment(autoescape=True), autoescape=True)
            document.save(io.BytesIO())
    return time.perf_counter() - start



NATIONAL_YEAR = 116_792  # SPO-relevant cases a year in England and Wales (issue 14)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("count", nargs="?", type=int, default=200)
    parser.add_argument("--pdf", type=int, default=200, help="cases for the PDF comparison")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--sample", type=int, default=20, help="cases timed for baselines")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    print(f"load average at start: {os.getloadavg()[0]:.1f} on {CORES} cores")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        paths = generate(folder / "cases", args.count)
        packs = len(paths)
        sample = paths[: args.sample]
        firsts, agains, naives = [], [], []
        for number in range(args.rounds):
            shutil.rmtree(folder / "out", ignore_errors=True)
            if number % 2:  # alternate which variant goes first
                naives.append(naive_docx(sample) * packs / len(sample))
            firsts.append(run_batch(paths, folder / "out", "docx", args.jobs))
            agains.append(run_batch(paths, folder / "out", "docx", args.jobs))
            if not number % 2:
                naives.append(naive_docx(sample) * packs / len(sample))
        rate = packs / statistics.median(firsts)
        print(f"DOCX packs, {packs} cases, --jobs {args.jobs}, {args.rounds} rounds: "
              f"{stats(firsts)} ({rate:.1f} packs/s); naive one-docxtpl-per-document "
              f"{stats(naives)} (timed {len(sample)}, scaled); spo is "
              f"{ratio(naives, firsts)[1]:.1f}x ({ratio(naives, firsts)[1] / args.jobs:.1f}x "
              "per core)")
        print(f"  target >= 16 packs/s: {'met' if rate >= 16 else 'MISSED'}")
        low, mid = ratio(firsts, agains)
        print(f"  unchanged second run: {stats(agains)}; {mid:.1f}x faster than the first "
              f"(min {low:.1f}x; target >= 10x: {'met' if mid >= 10 else 'MISSED'})")
        try:
            pdf.find_soffice()
        except pdf.ConversionError:
            print("PDF: LibreOffice is not installed; skipped")
        else:
            if args.pdf < 1:
                print("PDF: skipped (--pdf 0)")
            else:
                pdf_step(folder, paths[: args.pdf], args)
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"peak memory: this process {own:.0f} MiB; largest worker or LibreOffice "
          f"{children:.0f} MiB")
    return 0


def pdf_step(folder: Path, pdf_paths: list[Path], args: argparse.Namespace) -> None:
    """spo's PDF batch against sequential soffice calls (100 files each) over the same DOCX."""
    run_batch(pdf_paths, folder / "out-docx", "docx", args.jobs)
    documents = []
    for number, docx in enumerate(sorted((folder / "out-docx").rglob("*.docx"))):
        documents.append(folder / "flat" / f"{number:05d}-{docx.name}")  # unique names
        documents[-1].parent.mkdir(exist_ok=True)
        shutil.copyfile(docx, documents[-1])

    def ours() -> float:
        shutil.rmtree(folder / "out-pdf", ignore_errors=True)
        return run_batch(pdf_paths, folder / "out-pdf", "pdf", args.jobs)

    times = interleaved({"spo": ours,
                         "one soffice": lambda: one_soffice_call(documents, folder / "base")},
                        args.rounds)
    made = len(list((folder / "out-pdf").rglob("*.pdf")))
    assert made == len(documents), f"spo made {made} of {len(documents)} PDFs"
    low, mid = ratio(times["one soffice"], times["spo"])
    per_case = statistics.median(times["spo"]) / len(pdf_paths)
    print(f"PDF packs, {len(pdf_paths)} cases ({len(documents)} documents), --jobs "
          f"{args.jobs}: spo {stats(times['spo'])} "
          f"({len(documents) / statistics.median(times['spo']):.1f} docs/s); sequential "
          f"soffice calls (100 files each) over the same DOCX "
          f"{stats(times['one soffice'])}; spo is {mid:.2f}x (min "
          f"{low:.2f}x), {mid / args.jobs:.2f}x per core")
    print(f"  target >= 1.6x sequential soffice: {'met' if mid >= 1.6 else 'MISSED'}")
    hours = NATIONAL_YEAR * per_case / 3600
    print(f"  national year ({NATIONAL_YEAR:,} cases) as PDF packs at this rate: "
          f"{hours:.1f} h (target < 12 h: {'met' if hours < 12 else 'MISSED'})")


if __name__ == "__main__":
    raise SystemExit(main())
