"""Benchmark form rendering, one-shot commands and PDF conversion against baselines measured
in the same run (3+ interleaved rounds, min and median, ratios per round).

    python bench/render.py [N] [--rounds R]

DOCX warm: ms per form, spo's renderer (templates compiled once) against plain per-call
docxtpl (DocxTemplate(path).render(..., autoescape=True) + save), over N forms.
One-shot: `spo render CASE --format docx` (7 forms, fresh process, compile cache warm and
off) against a competent script (a fresh process rendering the same 7 templates with docxtpl
from the same contexts, no checks). `spo bundle` (first time and again) against `spo render
--format pdf` of the same case.
PDF: spo's converter (one LibreOffice per core) against ONE `soffice --convert-to pdf` call
over the same N files (N <= 100); totals and per core.

Targets: <= 10 ms per form warm (issue 3); one-shot DOCX render <= 400 ms, bundle <= 1.2x a
PDF render (issue 14).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from baselines import CORES, interleaved, one_soffice_call, process, ratio, stats

from spo_cli import pdf, render
from spo_cli.check import check_file
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



ONE_SHOT_BASELINE = """
import io, json, sys
from docxtpl import DocxTemplate
from jinja2 import Environment
for template, context in json.load(open(sys.argv[1])):
    document = DocxTemplate(template)
    document.render(context, jinja_env=Environment(autoescape=True), autoescape=True)
    document.save(sys.argv[2] + "/" + template.rsplit("/", 1)[-1])
"""


def one_shot(folder: Path, rounds: int) -> None:
    """A user's one command, as fresh processes."""
    case = ROOT / "fixtures" / "full-with-interim.yaml"
    report = check_file(case)
    items = [(str(ROOT / "templates" / "forms" / form.template),
              form.context(report.case, Options(draft=True, title=form.title, form_id=form.id)))
             for form in forms_for(report.case)]
    (folder / "contexts.json").write_text(json.dumps(items, default=str))
    (folder / "script-out").mkdir()
    cache = {**os.environ, "XDG_CACHE_HOME": str(folder / "cache")}
    spo = [sys.executable, "-m", "spo_cli"]
    render_docx = [*spo, "render", str(case), "--draft", "--format", "docx", "--out",
                   str(folder / "out")]
    process(render_docx, cache)()  # fills the compile cache, as any earlier render does
    times = interleaved({
        "spo": process(render_docx, cache),
        "spo, no cache": process(render_docx, {**cache, "SPO_CACHE": "off"}),
        "script": process([sys.executable, "-c", ONE_SHOT_BASELINE,
                           str(folder / "contexts.json"), str(folder / "script-out")]),
    }, max(rounds, 5))
    print(f"one-shot `spo render CASE --format docx` ({len(items)} forms): "
          f"{stats(times['spo'], 1000, 'ms')} (compile cache warm); "
          f"{stats(times['spo, no cache'], 1000, 'ms')} (cache off); competent docxtpl script "
          f"{stats(times['script'], 1000, 'ms')}; script/spo median "
          f"{ratio(times['script'], times['spo'])[1]:.2f}x")
    print(f"  target <= 400 ms: "
          f"{'met' if statistics.median(times['spo']) <= 0.4 else 'MISSED'}")
    try:
        pdf.find_soffice()
    except pdf.ConversionError:
        return
    render_pdf = [*spo, "render", str(case), "--draft", "--format", "pdf", "--out",
                  str(folder / "out-pdf")]
    bundle = [*spo, "bundle", str(case), "--draft", "--out", str(folder / "out-bundle")]

    def first_bundle() -> float:  # a case never bundled: an empty output folder
        shutil.rmtree(folder / "out-bundle", ignore_errors=True)
        start = time.perf_counter()
        process(bundle, cache)()
        return time.perf_counter() - start

    after = [*spo, "bundle", str(case), "--draft", "--out", str(folder / "out-after")]

    def bundle_after_render() -> float:  # only the bundle is timed
        shutil.rmtree(folder / "out-after", ignore_errors=True)
        process([*render_pdf[:-1], str(folder / "out-after")], cache)()
        start = time.perf_counter()
        process(after, cache)()
        return time.perf_counter() - start

    pdf_times = interleaved({"render pdf": process(render_pdf, cache),
                             "bundle, first": first_bundle,
                             "bundle, after render": bundle_after_render,
                             "bundle, again": process(bundle, cache)}, rounds)
    again = ratio(pdf_times["bundle, again"], pdf_times["render pdf"])
    first = ratio(pdf_times["bundle, first"], pdf_times["render pdf"])
    later = ratio(pdf_times["bundle, after render"], pdf_times["render pdf"])
    print(f"`spo render CASE --format pdf` {stats(pdf_times['render pdf'])}; `spo bundle` "
          f"first time in an empty folder (every fixture: bench/bundle.py) "
          f"{stats(pdf_times['bundle, first'])} ({first[1]:.2f}x "
          f"the render), first time after a PDF render into the same folder "
          f"{stats(pdf_times['bundle, after render'])} ({later[1]:.2f}x), again "
          f"{stats(pdf_times['bundle, again'])} ({again[1]:.2f}x)")
    print(f"  target bundle <= 1.2x a PDF render: again {'met' if again[1] <= 1.2 else 'MISSED'}"
          f", after a render {'met' if later[1] <= 1.2 else 'MISSED'}, in an empty folder "
          f"{'met' if first[1] <= 1.2 else 'MISSED'}")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("count", nargs="?", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    print(f"load average at start: {os.getloadavg()[0]:.1f} on {CORES} cores")
    items = workload(args.count)

    ours_docx(items[:30])  # warm: compile each template once, as a long run does
    times = interleaved({"ours": lambda: ours_docx(items)[0],
                         "plain": lambda: plain_docxtpl(items)}, args.rounds)
    per_form = 1000 / len(items)
    ours_ms = statistics.median(times["ours"]) * per_form
    print(f"DOCX warm, {len(items)} forms: spo {stats(times['ours'], per_form, 'ms/form')}; "
          f"plain per-call docxtpl {stats(times['plain'], per_form, 'ms/form')}; spo is "
          f"{ratio(times['plain'], times['ours'])[1]:.1f}x faster (median of rounds)")
    print(f"  target <= 10 ms per form warm: {'met' if ours_ms <= 10 else 'MISSED'}")

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        one_shot(folder, args.rounds)
        try:
            pdf.find_soffice()
        except pdf.ConversionError:
            print("PDF: LibreOffice is not installed; skipped")
            return 0
        _, documents = ours_docx(items)
        paths = []
        for number, data in enumerate(documents):
            paths.append(folder / f"doc{number:03d}.docx")
            paths[-1].write_bytes(data)

        def spo_convert() -> float:
            start = time.perf_counter()
            job, _ = pdf.convert(paths)
            elapsed = time.perf_counter() - start
            pdf.cleanup(job)
            return elapsed

        conv = interleaved({"spo": spo_convert,
                            "one soffice": lambda: one_soffice_call(paths, folder / "base")},
                           args.rounds)
    low, mid = ratio(conv["one soffice"], conv["spo"])
    print(f"PDF, {len(paths)} documents: spo {stats(conv['spo'])} "
          f"({len(paths) / statistics.median(conv['spo']):.2f} docs/s, {CORES} LibreOffice); "
          f"ONE soffice call {stats(conv['one soffice'])}; spo is {mid:.2f}x (min {low:.2f}x)"
          f", {mid / CORES:.2f}x per core")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
