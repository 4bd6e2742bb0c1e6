"""Benchmark `spo batch render` against the naive way, in one run.

    python bench/batch.py [N] [--pdf M] [--jobs J]

DOCX: N generated cases rendered as full packs (every form of the case's kind) by spo's batch
(J worker processes) against the naive baseline: one docxtpl load and render per document,
sequentially (timed on a sample, scaled). Then the same batch again, unchanged, which must be
at least 10x faster (everything is up to date).
PDF: M cases as PDF packs by spo's batch against one soffice process per document (timed on
a sample of documents, scaled).
Targets (issue 5): 1,000 DOCX packs in <= 60 s on 2 cores (>= 16 packs/s); PDF >= 8x the
one-process-per-document baseline. Also prints peak memory.
"""

from __future__ import annotations

import argparse
import io
import re
import resource
import shutil
import tempfile
import time
from pathlib import Path

from baselines import one_soffice_per_document

from spo_cli import batch, pdf
from spo_cli.build import check_file
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



def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("count", nargs="?", type=int, default=1000)
    parser.add_argument("--pdf", type=int, default=40, help="cases for the PDF comparison")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--sample", type=int, default=40, help="cases timed for baselines")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        paths = generate(folder / "cases", args.count)
        packs = sum(1 for _ in paths)
        first = run_batch(paths, folder / "out", "docx", args.jobs)
        again = run_batch(paths, folder / "out", "docx", args.jobs)
        sample = paths[: args.sample]
        naive = naive_docx(sample) * len(paths) / len(sample)
        print(f"DOCX packs, {packs} cases, --jobs {args.jobs}: {first:.1f} s "
              f"({packs / first:.1f} packs/s); naive one-docxtpl-per-document "
              f"{packs / naive:.1f} packs/s (timed {len(sample)}, scaled); spo is "
              f"{naive / first:.1f}x")
        print(f"  target 1,000 packs <= 60 s (>= 16 packs/s): "
              f"{'met' if packs / first >= 16 else 'MISSED'}")
        print(f"  unchanged second run: {again:.2f} s, {first / again:.0f}x faster "
              f"(target >= 10x: {'met' if first / again >= 10 else 'MISSED'})")
        try:
            pdf.find_soffice()
        except pdf.ConversionError:
            print("PDF: LibreOffice is not installed; skipped")
        else:
            if args.pdf < 1:
                print("PDF: skipped (--pdf 0)")
                return 0
            pdf_paths = paths[: args.pdf]
            ours = run_batch(pdf_paths, folder / "out-pdf", "pdf", args.jobs)
            documents = sorted((folder / "out").rglob("*.docx"))[: args.sample // 4 or 1]
            per_doc = one_soffice_per_document(documents, folder / "naive") / len(documents)
            forms = sum(len(forms_for(check_file(p).case)) for p in pdf_paths)
            naive_total = per_doc * forms
            print(f"PDF packs, {len(pdf_paths)} cases ({forms} documents): spo {ours:.1f} s "
                  f"({len(pdf_paths) / ours:.2f} packs/s); one soffice per document "
                  f"{len(pdf_paths) / naive_total:.2f} packs/s (timed {len(documents)} "
                  f"documents, scaled); spo is {naive_total / ours:.1f}x "
                  f"(target >= 8x: {'met' if naive_total / ours >= 8 else 'MISSED'})")
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"peak memory: this process {own:.0f} MiB; largest worker or LibreOffice "
          f"{children:.0f} MiB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
