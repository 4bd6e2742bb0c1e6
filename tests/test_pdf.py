"""PDF with real LibreOffice, read back with pypdf: every fixture, every applicable form; the
court bundle; fonts; missing LibreOffice. CI installs LibreOffice, so these never skip there."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata
from pathlib import Path

import pytest
from conftest import FIXTURES, VALID, case_copy, ids, spo
from pypdf import PdfReader

from spo_cli.bundle import bundle_case
from spo_cli.check import check_file
from spo_cli.documents import render_case
from spo_cli.forms import forms_for

HAVE_SOFFICE = bool(shutil.which("soffice") or shutil.which("libreoffice"))
if not HAVE_SOFFICE and os.environ.get("CI"):
    raise RuntimeError("CI must install LibreOffice (.ci/run does): the PDF tests are real")
pytestmark = [pytest.mark.pdf,
              pytest.mark.skipif(not HAVE_SOFFICE, reason="LibreOffice is not installed")]


def folded(text: str) -> str:
    """Text with line wraps and spacing folded, NFC: how a reader compares a PDF."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def pdf_pages(path: Path) -> list[str]:
    return [folded(page.extract_text()) for page in PdfReader(path).pages]


def convert_beside(documents: list[Path]) -> None:
    """Convert the DOCX in one LibreOffice start; each PDF lands beside its DOCX."""
    from spo_cli import pdf

    job, pdfs = pdf.convert(documents)
    try:
        for document, made in zip(documents, pdfs, strict=True):
            shutil.move(made, document.with_suffix(".pdf"))
    finally:
        pdf.cleanup(job)


@pytest.fixture(autouse=True)
def private_tmp(tmp_path, monkeypatch):
    """Each test's conversions use their own temp folder, so checks see only their own."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def no_leftovers() -> None:
    """No LibreOffice process or job folder of ours survives a conversion."""
    folder = tempfile.gettempdir()
    ps = subprocess.run(["ps", "-eo", "args"], capture_output=True, text=True).stdout
    assert folder not in ps, "a LibreOffice process outlived its conversion"
    assert not list(Path(folder).glob("spo-lo-*"))


@pytest.fixture(scope="module")
def converted(tmp_path_factory) -> dict[Path, Path]:
    """Every applicable form of every valid fixture, rendered as DOCX and converted to PDF in
    one conversion (one LibreOffice start per core for all of them, not per case): fixture ->
    its output folder. Cases' PDFs via `spo render --format both` are tested below."""

    root = tmp_path_factory.mktemp("forms")
    folders, documents = {}, []
    for number, path in enumerate(VALID):
        case = check_file(path).case
        produced = render_case(path, applicable(case), "docx", root / str(number), draft=True)
        folders[path] = produced.folder
        documents += sorted(produced.folder.glob("*.docx"))
    convert_beside(documents)
    no_leftovers()
    return folders


def applicable(case) -> list[str]:
    return [f.id for f in forms_for(case)] + (["transfer"] if case.get("transfer") else [])


@pytest.mark.parametrize("path", VALID, ids=ids(VALID))
def test_every_applicable_form_converts_and_reads_back(converted, path):
    case = check_file(path).case
    forms = applicable(case)
    name = case.get("defendant", "name")
    for form_id in forms:
        pages = pdf_pages(converted[path] / f"{form_id}.pdf")
        assert pages
        body = " ".join(pages)
        assert folded(f"{name['given']} {name['family']}") in body, form_id
        assert case.get("application", "reference") in body
        for number, page in enumerate(pages, 1):
            assert "DRAFT - NOT FOR SERVICE OR FILING" in page, (form_id, number)
            assert "OFFICIAL-SENSITIVE" in page, (form_id, number)
            assert f"Page {number} of {len(pages)}" in page, (form_id, number)
        for condition in case.get("conditions", "prohibitions") or []:
            if form_id in ("complaint", "draft-order"):
                assert folded(condition["text"])[:40] in body


NAMES = ["Siân Ŵyn", "O'Neill & <Sons> \"Ltd\"", "Łucja Żółć", "Seán Ó Briain",
         "محمد عبد الله", "王小明"]


STORY = " ".join(f"Sentence {i} of a long account of what happened that evening."
                 for i in range(300))


@pytest.fixture(scope="module")
def complaints(tmp_path_factory) -> dict[str, Path]:
    """The complaint of two edited cases, names in every script and a long narrative,
    converted in one LibreOffice start: name -> folder with complaint.docx and .pdf."""

    root = tmp_path_factory.mktemp("complaints")
    edits = {
        "names": [("name: {given: Daniel James, family: Harlow}",
                   'name: {given: "Siân Ŵyn", family: "O\'Neill & <Sons> \\"Ltd\\""}'),
                  ("other_names: [Danny Harlow]",
                   'other_names: ["Łucja Żółć", "Seán Ó Briain"]'),
                  ("name: {given: Laura, family: Bennett}",
                   'name: {given: "محمد عبد الله", family: "王小明"}')],
        "long": [("description: Sat in his car opposite her home from 21:00 to 23:40.",
                  f"description: >-\n      {STORY}")],
    }
    folders = {}
    for name, changes in edits.items():
        (root / name).mkdir()
        case = case_copy(root / name, "full-with-interim.yaml", *changes)
        folders[name] = render_case(case, ["complaint"], "docx", root / name / "out",
                                    draft=True).folder
    documents = [folder / "complaint.docx" for folder in folders.values()]
    convert_beside(documents)
    return folders


def test_names_in_every_script_come_out_exactly(complaints):
    from conftest import docx_all_text

    docx = docx_all_text((complaints["names"] / "complaint.docx").read_bytes())
    text = " ".join(pdf_pages(complaints["names"] / "complaint.pdf"))
    for name in NAMES:
        assert name in docx
        assert folded(name) in text, name
    fonts = subprocess.run(["pdffonts", complaints["names"] / "complaint.pdf"],
                           capture_output=True, text=True)
    if fonts.returncode == 0:  # poppler-utils: every font embedded, so no silent boxes
        rows = fonts.stdout.splitlines()[2:]
        assert rows and all(" yes " in row for row in rows), fonts.stdout
        assert any("CJK" in row for row in rows)


def test_long_narrative_flows_across_pages(complaints):
    pages = pdf_pages(complaints["long"] / "complaint.pdf")
    assert len(pages) > 4
    assert "Sentence 299 of a long account" in " ".join(pages)


def test_bundle_has_index_bookmarks_page_numbers_and_exhibits(tmp_path):
    produced = bundle_case(FIXTURES / "full-with-interim.yaml", tmp_path, draft=True)
    reader = PdfReader(produced.files[0])
    total = len(reader.pages)
    marks = [(o.title, reader.get_destination_page_number(o)) for o in reader.outline]
    titles = [t for t, _ in marks]
    assert titles[0] == "Index to the bundle"
    assert titles[1:3] == ["Complaint for a Stalking Protection Order",
                           "Summons to appear on a complaint"]
    assert titles[-1] == "Exhibit SP/5: Annotated map of exclusion zone"
    starts = [page for _, page in marks]
    assert starts == sorted(starts) and starts[0] == 0
    for number, page in enumerate(reader.pages, 1):  # exhibits too: the marking on every page
        assert f"OFFICIAL-SENSITIVE | Bundle page {number} of {total} - DRAFT" in \
            folded(page.extract_text())
    index = folded(reader.pages[0].extract_text())
    ends = [s for s in starts[1:]] + [total]
    for (title, start), end in zip(marks, ends, strict=True):
        words = folded(title)[:12]
        assert words in index
        assert f"{start + 1}-{end}" in index, (title, start, end)
    checklist = [p for p in reader.pages if "Bundle checklist" in p.extract_text()]
    assert checklist and f"{starts[1] + 1}-" in folded(checklist[0].extract_text())
    assert "Exhibit SP/5 - fictional map" in folded(reader.pages[-1].extract_text())
    no_leftovers()


@pytest.mark.parametrize("fixture", ["child-defendant-yjs", "variation-replace"])
def test_each_page_range_is_written_on_its_documents_row(tmp_path, fixture):
    """The index and checklist are converted with blank page cells and the ranges written in
    afterwards: read as a clerk reads the page (pdftotext's layout), each document's row
    ends with its own range, in the index and in the checklist (whose rows here run on to a
    second page)."""
    produced = bundle_case(FIXTURES / f"{fixture}.yaml", tmp_path, draft=True)
    reader = PdfReader(produced.files[0])
    marks = [(o.title, reader.get_destination_page_number(o)) for o in reader.outline]
    ends = [page for _, page in marks[1:]] + [len(reader.pages)]

    def lines(first: int, last: int) -> list[str]:
        text = subprocess.run(["pdftotext", "-layout", "-f", str(first), "-l", str(last),
                               str(produced.files[0]), "-"], capture_output=True, text=True,
                              check=True).stdout
        return [" ".join(line.split()) for line in text.splitlines()]

    checklist = next(page for title, page in marks if title.startswith("Bundle checklist"))
    index, listed = lines(1, 1), lines(checklist + 1, checklist + 3)
    drafted = [line for line in listed if " drafted by spo " in line]
    assert len(drafted) >= 4
    for number, ((title, start), end) in enumerate(zip(marks, ends, strict=True), 1):
        head, pages = " ".join(title.split()[:2]), f"{start + 1}-{end}"
        [row] = [line for line in index if line.startswith(f"{number} {head}")]
        assert row.endswith(f" Yes {pages}"), (row, pages)
        if not title.startswith(("Index", "Bundle checklist", "Superintendent", "Exhibit")):
            [row] = [line for line in drafted if head in line]
            assert row.endswith(f" drafted by spo {pages}"), (row, pages)
    no_leftovers()


def test_missing_libreoffice_exits_4_and_still_delivers_docx(tmp_path):
    env = {**os.environ, "PATH": str(Path(sys.executable).parent)}
    env.pop("SPO_SOFFICE", None)
    result = spo("render", FIXTURES / "full-with-interim.yaml", "--draft", "--format", "pdf",
                 "--out", tmp_path, env=env)
    assert result.returncode == 4
    assert "apt-get install libreoffice-writer-nogui" in result.stderr
    folder = tmp_path / "NS-SPO-2026-0143"
    assert sorted(p.suffix for p in folder.iterdir()) == [".docx"] * 8 + [".json"]


def test_cli_render_both_lists_every_output(tmp_path):
    result = spo("render", FIXTURES / "variation.yaml", "--draft", "--format", "both",
                 "--out", tmp_path)
    assert result.returncode == 0, result.stderr
    listed = result.stdout.split()
    assert len(listed) == 12 and all(Path(p).is_file() for p in listed)
    assert re.search(r"complaint-vary-renew-discharge\.pdf", result.stdout)
    assert PdfReader(io.BytesIO(Path(listed[-1]).read_bytes())).pages


@pytest.mark.parametrize("timeout", [1.0, 120.0], ids=["stopped", "finished"])
def test_libreoffice_leaves_no_socket_in_the_system_temp_folder(tmp_path, timeout):
    """LibreOffice makes its single-instance socket in /tmp whatever TMPDIR says, and one that
    is stopped leaves it there: spo removes the socket of its own profile after every run."""
    from spo_cli import libreoffice_profile, pdf
    from spo_cli.errors import ConversionError

    folder = tmp_path / "job"
    (folder / "in").mkdir(parents=True)
    shutil.copy(FIXTURES.parent / "templates" / "forms" / "summons.docx",
                folder / "in" / "doc000.docx")
    try:
        pdf._convert_folder(pdf.find_soffice(), folder, timeout)
    except ConversionError:
        assert timeout < 60  # only the one stopped on purpose
    socket = libreoffice_profile.ipc_socket(folder / "profile")
    assert socket.startswith(f"OSL_PIPE_{os.getuid()}_SingleOfficeIPC_")
    assert not (Path("/tmp") / socket).exists()


def test_a_killed_runs_folder_goes_with_its_libreoffice_and_its_socket(tmp_path, monkeypatch):
    """spo killed (SIGKILL runs no clean-up) leaves a LibreOffice converting in its job folder
    for nobody. The next run stops it first (deleting its profile under it would crash it,
    leaving its socket in /tmp), then removes the folder and any socket of its profile."""
    import socket as sockets

    from spo_cli import libreoffice_profile, pdf

    dead = subprocess.Popen(["true"])
    dead.wait()
    temp = tmp_path / "tmp"
    job = temp / "spo-lo-killedrun"
    (job / "w0" / "tmp").mkdir(parents=True)
    (job / "w0" / "profile").mkdir()
    (job / "owner").write_text(str(dead.pid))
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    left = Path("/tmp") / libreoffice_profile.ipc_socket(job / "w0" / "profile")
    server = sockets.socket(sockets.AF_UNIX)
    server.bind(str(left))
    orphan = subprocess.Popen(["sleep", "60"], cwd=job / "w0" / "tmp")  # "still converting"
    try:
        pdf.sweep_stale_jobs()
        assert orphan.wait(timeout=10) == -9  # stopped by the sweep
        assert not job.exists() and not left.exists()
    finally:
        orphan.kill()
        server.close()
        left.unlink(missing_ok=True)
