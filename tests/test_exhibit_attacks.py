"""Exhibit PDFs are untrusted: rewritten into the bundle without active content, refused
before reading when too big or too long, and a NUL in `file:` is a located error."""

from __future__ import annotations

import io
import shutil

import pytest
from conftest import FIXTURES, spo

from spo_cli import pdf

ACTIVE = {"/JavaScript", "/JS", "/OpenAction", "/AA", "/Launch", "/EmbeddedFile",
          "/EmbeddedFiles", "/XFA", "/AcroForm", "/FileAttachment", "/GoToR", "/SubmitForm"}


def hostile_pdf() -> bytes:
    """One page carrying every kind of active content an exhibit could bring."""
    from pypdf import PdfWriter
    from pypdf.generic import (
        ArrayObject,
        DictionaryObject,
        NameObject,
        NumberObject,
        TextStringObject,
    )

    writer = PdfWriter()
    page = writer.add_blank_page(200, 200)
    writer.add_attachment("payload.exe", b"MZ...")
    script = writer._add_object(DictionaryObject({
        NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject("1")}))
    names = writer._root_object["/Names"]
    names[NameObject("/JavaScript")] = DictionaryObject(
        {NameObject("/Names"): ArrayObject([TextStringObject("x"), script])})
    launch = DictionaryObject({NameObject("/S"): NameObject("/Launch"),
                               NameObject("/F"): TextStringObject("/bin/sh")})
    writer._root_object[NameObject("/OpenAction")] = writer._add_object(launch)
    writer._root_object[NameObject("/AcroForm")] = DictionaryObject(
        {NameObject("/XFA"): TextStringObject("<xdp/>"), NameObject("/Fields"): ArrayObject()})
    page[NameObject("/AA")] = DictionaryObject({NameObject("/O"): launch})

    def link(action: dict) -> object:
        return writer._add_object(DictionaryObject({
            NameObject("/Type"): NameObject("/Annot"), NameObject("/Subtype"): NameObject("/Link"),
            NameObject("/Rect"): ArrayObject([NumberObject(0)] * 4),
            NameObject("/A"): DictionaryObject({NameObject(k): v for k, v in action.items()})}))

    page[NameObject("/Annots")] = ArrayObject([
        link({"/S": NameObject("/Launch"), "/F": TextStringObject("calc.exe")}),
        link({"/S": NameObject("/URI"), "/URI": TextStringObject("file:///etc/passwd")}),
        link({"/S": NameObject("/JavaScript"), "/JS": TextStringObject("app.alert(1)")}),
        link({"/S": NameObject("/GoToR"), "/F": TextStringObject("other.pdf")}),
        link({"/S": NameObject("/URI"), "/URI": TextStringObject("https://example.org/")}),
        writer._add_object(DictionaryObject({
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/FileAttachment"),
            NameObject("/Rect"): ArrayObject([NumberObject(0)] * 4)})),
    ])
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def names_in(data: bytes) -> set[str]:
    """Every dictionary key and name value reachable from the PDF's trailer."""
    from pypdf import PdfReader
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

    found: set[str] = set()
    seen: set[int] = set()
    reader = PdfReader(io.BytesIO(data))
    todo = [reader.trailer]
    while todo:
        node = todo.pop()
        if isinstance(node, IndirectObject):
            if node.idnum in seen:
                continue
            seen.add(node.idnum)
            node = node.get_object()
        if isinstance(node, DictionaryObject):
            for key, value in node.items():
                found.add(str(key))
                todo.append(value)
        elif isinstance(node, ArrayObject):
            todo.extend(node)
        elif isinstance(node, NameObject):
            found.add(str(node))
    return found


def test_the_hostile_exhibit_really_is_hostile():
    assert ACTIVE & names_in(hostile_pdf()) >= {"/JavaScript", "/OpenAction", "/Launch", "/XFA"}


def test_the_bundle_holds_no_active_content_from_an_exhibit():
    bundle = pdf.assemble([pdf.Part("Exhibit X", hostile_pdf())])
    assert ACTIVE & names_in(bundle) == set()
    assert b"file:///etc/passwd" not in bundle and b"calc.exe" not in bundle
    assert pdf.page_count(bundle) == 1


def test_a_web_link_in_an_exhibit_survives():
    from pypdf import PdfReader

    bundle = pdf.assemble([pdf.Part("Exhibit X", hostile_pdf())])
    annotations = [a.get_object() for a in PdfReader(io.BytesIO(bundle)).pages[0]["/Annots"]]
    uris = [a["/A"]["/URI"] for a in annotations if "/A" in a]
    assert uris == ["https://example.org/"]


def test_page_count_is_checked_from_the_page_tree_before_reading_pages(monkeypatch):
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(3):
        writer.add_blank_page(100, 100)
    buffer = io.BytesIO()
    writer.write(buffer)
    monkeypatch.setattr(pdf, "MAX_EXHIBIT_PAGES", 2)
    with pytest.raises(pdf.ToolError, match="more than 2 pages"):
        pdf.check_exhibit(buffer.getvalue(), "SP/9")
    lying = buffer.getvalue().replace(b"/Count 3", b"/Count 999999999")
    monkeypatch.setattr(pdf, "MAX_EXHIBIT_PAGES", 2000)
    with pytest.raises(pdf.ToolError, match="more than 2000 pages"):
        pdf.check_exhibit(lying, "SP/9")


def case_with_exhibit(tmp_path):
    case = tmp_path / "case.yaml"
    shutil.copy(FIXTURES / "full-with-interim.yaml", case)
    (tmp_path / "exhibits").mkdir()
    return case, tmp_path / "exhibits" / "sp5-map.pdf"


@pytest.mark.parametrize("kind", ["sparse", "fifo", "folder"])
def test_an_oversized_or_odd_exhibit_is_refused_before_reading(tmp_path, kind):
    import os

    case, exhibit = case_with_exhibit(tmp_path)
    if kind == "sparse":
        with exhibit.open("wb") as handle:
            handle.truncate(pdf.MAX_EXHIBIT_BYTES + 1)
    elif kind == "fifo":
        os.mkfifo(exhibit)
    else:
        exhibit.mkdir()
    result = spo("bundle", case, "--draft", "--out", tmp_path / "out", timeout=60)
    assert result.returncode == 1, result.stderr
    assert result.stderr.startswith("spo: ") and "Traceback" not in result.stderr
    assert not (tmp_path / "out" / "NS-SPO-2026-0143").exists() or kind == "folder"


def test_a_nul_in_an_exhibit_file_name_is_a_located_error(tmp_path):
    text = (FIXTURES / "full-with-interim.yaml").read_text()
    case = tmp_path / "case.yaml"
    case.write_text(text.replace("file: exhibits/sp5-map.pdf", 'file: "exhibits/sp5\\0map.pdf"'))
    for command in (["check"], ["render", "--draft", "--out", tmp_path / "out"],
                    ["bundle", "--draft", "--out", tmp_path / "out"]):
        result = spo(command[0], case, *command[1:])
        assert result.returncode == 1 and "Traceback" not in result.stderr
    result = spo("check", case)
    assert "exhibits[4].file" in result.stdout and ":156:" in result.stdout
