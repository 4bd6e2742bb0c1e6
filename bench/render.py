"""Benchmark form rendering and PDF conversion against baselines measured in the same run.

    python bench/render.py [N] [--baseline-sample K]

DOCX: ms per form for spo's renderer (templates compiled once per process) against a plain
per-call docxtpl render (DocxTemplate(path).render(..., autoescape=True) + save), over N forms.
PDF: documents/s for spo's path (one LibreOffice per core, each converting a share) against
one `soffice --convert-to pdf` process per document. The per-document baseline costs ~1 s a
document; --baseline-sample K times K of them and scales (default: all N).

Targets (issue 3): <= 10 ms per form warm; PDF >= 8x the per-file baseline.
"""

from __future__ import annotations

import argparse
import io
import statistics
import tempfile
import time
from pathlib import Path

from baselines import one_soffice_per_document

from spo_cli import pdf, render
from spo_cli.build import check_file
from spo_cli.forms import Options, forms_for

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = [p for p in sorted((ROOT / "fixtures").glob("*.yaml"))]


def workload(count: int) -> list[tuple[Path, dict, object]]:
    """`count` (template, context, form) triples cycling through fixtures and their forms."""
    triples = []
    for path in FIXTURES:
        case = check_file(path).case
        for form in forms_for(case):
            template = ROOT / "templates" / "forms" / form.template
            triples.append((template, form.context(case, Options(draft=True, title=form.title,
                                                                   form_id=form.id)), case))
    return [triples[i % len(triples)] for i in range(count)]


def ours_docx(items) -> tuple[float, list[bytes]]:
    outputs, start = [], time.perf_counter()
    for template, context, case in items:
        compiled = render.compile_template(template)
        outputs.append(render.render(compiled, context, {"title": "bench"},
                                     case.application_date))
    return time.perf_counter() - start, outputs


def plain_docxtpl(items) -> float:
    from docxtpl import DocxTemplate
    from jinja2 import Environment

    start = time.perf_counter()
    for template, context, _ in items:
        document = DocxTemplate(template)
        document.render(context, jinja_env=Environment(autoescape=True), autoescape=True)
        document.save(io.BytesIO())
    return time.perf_counter() - start



def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("count", nargs="?", type=int, default=100)
    parser.add_argument("--baseline-sample", type=int, default=None)
    args = parser.parse_args()
    items = workload(args.count)

    ours_docx(items[:30])  # warm: compile each template once, as a long run does
    ours_runs = [ours_docx(items)[0] for _ in range(3)]
    plain_runs = [plain_docxtpl(items) for _ in range(3)]
    ours_ms = statistics.median(ours_runs) * 1000 / len(items)
    plain_ms = statistics.median(plain_runs) * 1000 / len(items)
    print(f"DOCX, {len(items)} forms: spo {ours_ms:.1f} ms/form; plain per-call docxtpl "
          f"{plain_ms:.1f} ms/form; spo is {plain_ms / ours_ms:.1f}x faster")
    print(f"  target <= 10 ms per form warm: {'met' if ours_ms <= 10 else 'MISSED'}")

    try:
        pdf.find_soffice()
    except pdf.ConversionError:
        print("PDF: LibreOffice is not installed; skipped")
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        _, documents = ours_docx(items)
        paths = []
        for number, data in enumerate(documents):
            paths.append(folder / f"doc{number:03d}.docx")
            paths[-1].write_bytes(data)
        start = time.perf_counter()
        job, pdfs = pdf.convert(paths)
        ours_s = time.perf_counter() - start
        pdf.cleanup(job)
        sample = paths[: args.baseline_sample or len(paths)]
        base_s = one_soffice_per_document(sample, folder) * len(paths) / len(sample)
    ours_rate, base_rate = len(paths) / ours_s, len(paths) / base_s
    note = f" (timed {len(sample)}, scaled)" if len(sample) < len(paths) else ""
    print(f"PDF, {len(paths)} documents: spo {ours_rate:.2f} docs/s ({ours_s:.1f} s); one "
          f"soffice per document {base_rate:.2f} docs/s{note}; spo is "
          f"{ours_rate / base_rate:.1f}x")
    print(f"  target >= 8x: {'met' if ours_rate / base_rate >= 8 else 'MISSED'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
