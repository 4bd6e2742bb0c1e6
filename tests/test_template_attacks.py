"""A force's template is untrusted input: the sandbox, the Jinja-tree lint, the DOCX package
checks, and LibreOffice fetching nothing (a loopback HTTP server counts the requests)."""

from __future__ import annotations

import http.server
import io
import threading
import zipfile
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT, spo

from spo_cli import render
from spo_cli.docx_package import MAX_MEMBER_BYTES, PackageProblem, read_members
from spo_cli.jinja_policy import problems

BUILT_IN = ROOT / "templates" / "forms" / "complaint.docx"
CASE = FIXTURES / "full-with-interim.yaml"


def members() -> dict[str, bytes]:
    with zipfile.ZipFile(BUILT_IN) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def with_paragraph(xml: str, extra: dict[str, bytes] | None = None,
                   rels: str = "") -> dict[str, bytes]:
    """The built-in complaint with `xml` as the first paragraph of the body."""
    parts = members()
    body = parts["word/document.xml"].decode()
    start = body.index("<w:body>") + len("<w:body>")
    parts["word/document.xml"] = (body[:start] + xml + body[start:]).encode()
    if rels:
        text = parts["word/_rels/document.xml.rels"].decode()
        parts["word/_rels/document.xml.rels"] = text.replace(
            "</Relationships>", rels + "</Relationships>").encode()
    parts.update(extra or {})
    return parts


def text_paragraph(jinja: str) -> str:
    return f'<w:p><w:r><w:t xml:space="preserve">{jinja}</w:t></w:r></w:p>'


def write_docx(path: Path, parts: dict[str, bytes],
               method: int = zipfile.ZIP_DEFLATED) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w") as archive:
        for name, content in parts.items():
            archive.writestr(zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0)), content,
                             compress_type=method)
    return path


ESCAPES = [
    "{{ cycler.__init__.__globals__.os.popen('touch MARK').read() }}",
    "{{ joiner.__init__.__globals__ }}",
    "{{ namespace.__init__ }}",
    "{{ self.__init__.__globals__ }}",
    "{{ court.__class__.__mro__[1].__subclasses__() }}",
    "{{ court['__class__'] }}",
    "{{ lipsum.__globals__['os'].popen('touch MARK') }}",
]


@pytest.mark.parametrize("payload", ESCAPES)
def test_sandbox_escapes_are_refused_and_never_run(tmp_path, payload):
    forms = tmp_path / "force"
    write_docx(forms / "complaint.docx", with_paragraph(text_paragraph(payload)))
    check = spo("templates", "check", forms, cwd=tmp_path)
    assert check.returncode == 1 and "complaint.docx:" in check.stdout
    result = spo("render", CASE, "--draft", "--form", "complaint", "--out", tmp_path / "out",
                 "--templates", forms, cwd=tmp_path)
    assert result.returncode == 4 and "Traceback" not in result.stderr
    assert not (tmp_path / "MARK").exists() and not (tmp_path / "out").exists()


@pytest.mark.parametrize("payload", ESCAPES)
def test_the_sandbox_holds_even_without_the_lint(tmp_path, payload, monkeypatch):
    """Defence in depth: rendering a compiled template directly never runs the payload."""
    monkeypatch.chdir(tmp_path)
    path = write_docx(tmp_path / "complaint.docx", with_paragraph(text_paragraph(payload)))
    compiled = render.compile_template(path)
    context = {"court": {"name": "x"}}
    with pytest.raises(render.TemplateError) as caught:
        render.render(compiled, context, {}, __import__("datetime").date(2026, 1, 1))
    assert "complaint.docx" in caught.value.message
    assert not (tmp_path / "MARK").exists()


@pytest.mark.parametrize("payload,kind", [
    ("{{ 1/0 }}", "failed (ZeroDivisionError)"),
    ("{{ court ~ (1 + 'a') }}", "failed (TypeError)"),
    ("{{ (court | list)[99] }}", "needs a value the form does not provide"),
])
def test_a_failing_template_is_exit_4_naming_template_and_line(tmp_path, payload, kind):
    forms = tmp_path / "force"
    write_docx(forms / "complaint.docx", with_paragraph(text_paragraph(payload)))
    result = spo("render", CASE, "--draft", "--form", "complaint", "--out", tmp_path / "out",
                 "--templates", forms)
    assert result.returncode == 4, result.stderr
    assert "Traceback" not in result.stderr and "complaint.docx" in result.stderr
    assert kind in result.stderr and ("line " in result.stderr or "needs" in kind)


LINTED = [
    ("{{ court.name|safe }}", "safe"),
    ("{{ court.name |   safe }}", "safe"),
    ("{{ court.name | safe() }}", "safe"),
    ("{% filter safe %}{{ court.name }}{% endfilter %}", "safe"),
    ("{% filter upper|safe %}{{ court.name }}{% endfilter %}", "safe"),
    ("{% autoescape false %}{{ court.name }}{% endautoescape %}", "autoescape"),
    ("{% autoescape 0 %}{{ court.name }}{% endautoescape %}", "autoescape"),
    ("{% autoescape none %}{{ court.name }}{% endautoescape %}", "autoescape"),
    ("{{ markup }}", "markup"),
    ("{{ court[defendant.name] }}", "subscript"),
    ("{{ court[court.name] }}", "subscript"),
    ("{% include 'x.xml' %}", "include"),
    ("{% import 'x.xml' as x %}", "import"),
    ("{% from 'x.xml' import y %}", "import"),
    ("{% macro m() %}{% endmacro %}", "macro"),
    ("{% set x = court %}", "set"),
    ("{{ self }}", "self"),
    ("{{ cycler }}", "cycler"),
    ("{{ joiner }}", "joiner"),
    ("{{ namespace }}", "namespace"),
    ("{{ court.__class__ }}", "'_'"),
    ("{{ court|attr('name') }}", "attr"),
]


@pytest.mark.parametrize("payload,word", LINTED, ids=[p for p, _ in LINTED])
def test_the_lint_reads_the_jinja_tree(payload, word):
    found = problems(payload)
    assert found and word in " ".join(found)


@pytest.mark.parametrize("payload", ["{{ court.name }}", "{% if court.name %}x{% endif %}",
                                     "{% for row in court.rows %}{{ row[0] }}{% endfor %}",
                                     "{% autoescape true %}{{ court.name }}{% endautoescape %}"])
def test_the_lint_accepts_plain_forms(payload):
    assert problems(payload) == []


def test_a_missing_value_never_prints_a_case_value(tmp_path):
    forms = tmp_path / "force"
    write_docx(forms / "complaint.docx",
               with_paragraph(text_paragraph("{{ court[defendant.name.given] }}")))
    result = spo("render", CASE, "--draft", "--form", "complaint", "--out", tmp_path / "out",
                 "--templates", forms)
    assert result.returncode == 4
    given = CASE.read_text().split("given:")[1].split("\n")[0].strip().strip('"')
    assert given and given not in result.stderr + result.stdout


EXTERNAL_IMAGE = (
    '<w:p><w:r><w:drawing><wp:inline xmlns:wp="http://schemas.openxmlformats.org/'
    'drawingml/2006/wordprocessingDrawing"><wp:extent cx="952500" cy="952500"/>'
    '<wp:docPr id="99" name="p"/><a:graphic xmlns:a="http://schemas.openxmlformats.org/'
    'drawingml/2006/main"><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/'
    '2006/picture"><pic:pic xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/'
    'picture"><pic:nvPicPr><pic:cNvPr id="99" name="p"/><pic:cNvPicPr/></pic:nvPicPr>'
    '<pic:blipFill><a:blip xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships" r:link="rIdEvil"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>'
    '<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="952500" cy="952500"/></a:xfrm>'
    '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData>'
    '</a:graphic></wp:inline></w:drawing></w:r></w:p>')
IMAGE_REL = ('<Relationship Id="rIdEvil" Type="http://schemas.openxmlformats.org/'
             'officeDocument/2006/relationships/image" Target="{url}" TargetMode="External"/>')


def package_cases() -> list[tuple[str, dict[str, bytes], int]]:
    rel = IMAGE_REL.format(url="http://127.0.0.1:9/x.png")
    link = ('<Relationship Id="rIdL" Type="http://schemas.openxmlformats.org/officeDocument/'
            '2006/relationships/hyperlink" Target="file:///etc/passwd" TargetMode="External"/>')
    deflated = zipfile.ZIP_DEFLATED
    return [
        ("linked-image", with_paragraph(EXTERNAL_IMAGE, rels=rel), deflated),
        ("external-hyperlink", with_paragraph("", rels=link), deflated),
        ("attached-template", with_paragraph("", {"word/_rels/settings.xml.rels": (
            b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
            b'relationships"><Relationship Id="r1" Type="http://schemas.openxmlformats.org/'
            b'officeDocument/2006/relationships/attachedTemplate" Target="http://127.0.0.1:9/'
            b't.dotm" TargetMode="External"/></Relationships>')}), deflated),
        ("altchunk", with_paragraph('<w:altChunk r:id="rId99"/>'), deflated),
        ("ole", with_paragraph('<w:p><w:r><w:object><o:OLEObject ProgID="Package"/>'
                               '</w:object></w:r></w:p>'), deflated),
        ("activex", with_paragraph("", {"word/activeX/activeX1.xml": b"<x/>"}), deflated),
        ("macros", with_paragraph("", {"word/vbaProject.bin": b"\0" * 10}), deflated),
        ("custom-xml", with_paragraph("", {"customXml/item1.xml": b"<x/>"}), deflated),
        ("dotdot-name", with_paragraph("", {"../evil.xml": b"<x/>"}), deflated),
        ("absolute-name", with_paragraph("", {"/etc/evil.xml": b"<x/>"}), deflated),
        ("bzip2", with_paragraph(""), zipfile.ZIP_BZIP2),
        ("lzma", with_paragraph(""), zipfile.ZIP_LZMA),
        ("bomb", with_paragraph("", {"word/media/big.png": b"\0" * (MAX_MEMBER_BYTES + 10)}),
         deflated),
        ("doctype", with_paragraph("", {"word/footnotes.xml":
                                        b'<!DOCTYPE x [<!ENTITY a "b">]><x/>'}), deflated),
    ]


PACKAGES = package_cases()


@pytest.mark.parametrize("name,parts,method", PACKAGES, ids=[c[0] for c in PACKAGES])
def test_the_package_is_checked_member_by_member(tmp_path, name, parts, method):
    forms = tmp_path / "force"
    write_docx(forms / "complaint.docx", parts, method)
    check = spo("templates", "check", forms)
    assert check.returncode == 1 and "cannot be used" in check.stdout, check.stdout
    result = spo("render", CASE, "--draft", "--form", "complaint", "--out", tmp_path / "out",
                 "--templates", forms)
    assert result.returncode == 4 and "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


def lying_sizes(path: Path, declared: int) -> bytes:
    """A valid zip whose headers declare `declared` bytes for one member."""
    data = bytearray(path.read_bytes())
    import struct
    cd = data.rfind(b"PK\x01\x02")
    struct.pack_into("<I", data, cd + 24, declared)
    return bytes(data)


def test_declared_and_actual_sizes_are_both_bounded(tmp_path):
    path = write_docx(tmp_path / "t.docx", with_paragraph(""))
    with pytest.raises(PackageProblem, match="declares"):
        read_members(lying_sizes(path, 2**31))
    with pytest.raises(PackageProblem):
        read_members(b"PK\x03\x04" + b"\0" * 100)
    encrypted = bytearray(path.read_bytes())
    cd = encrypted.rfind(b"PK\x01\x02")
    encrypted[cd + 8] |= 1
    with pytest.raises(PackageProblem, match="encrypted"):
        read_members(bytes(encrypted))


@pytest.mark.parametrize("make", ["missing", "empty", "unrecognised", "file"])
def test_templates_check_of_a_wrong_folder_is_an_error(tmp_path, make):
    folder = tmp_path / "force"
    if make == "empty":
        folder.mkdir()
    elif make == "unrecognised":
        folder.mkdir()
        (folder / "letterhead.docx").write_bytes(BUILT_IN.read_bytes())
    elif make == "file":
        folder.write_text("x")
    result = spo("templates", "check", folder)
    assert result.returncode == 2 and result.stderr.startswith("spo: the templates folder")


def test_force_document_properties_are_replaced(tmp_path):
    parts = members()
    parts["docProps/app.xml"] = (b'<?xml version="1.0"?><Properties xmlns="http://schemas.'
                                 b'openxmlformats.org/officeDocument/2006/extended-properties">'
                                 b'<Company>LeakyCorp</Company><Manager>Jane Leak</Manager>'
                                 b'</Properties>')
    parts["docProps/custom.xml"] = (b'<?xml version="1.0"?><Properties xmlns="http://schemas.'
                                    b'openxmlformats.org/officeDocument/2006/custom-properties">'
                                    b'<property name="Secret">SecretValue</property></Properties>')
    forms = tmp_path / "force"
    write_docx(forms / "complaint.docx", parts)
    result = spo("render", CASE, "--draft", "--form", "complaint", "--out", tmp_path / "out",
                 "--templates", forms)
    assert result.returncode == 0, result.stderr
    data = Path(result.stdout.split()[0]).read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        app = archive.read("docProps/app.xml")
        custom = archive.read("docProps/custom.xml")
    for leak in (b"LeakyCorp", b"Jane Leak", b"SecretValue", b"Secret"):
        assert leak not in app + custom


class _Counter(http.server.BaseHTTPRequestHandler):
    requests: list[str] = []

    def do_GET(self):  # noqa: N802 - the stdlib's name
        _Counter.requests.append(self.path)
        self.send_response(404)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.mark.pdf
def test_libreoffice_never_fetches_a_linked_image(tmp_path):
    """Even a DOCX that slipped past the package checks makes LibreOffice fetch nothing."""
    from spo_cli import pdf

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Counter)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/linked.png"
        docx = write_docx(tmp_path / "linked.docx",
                          with_paragraph(EXTERNAL_IMAGE, rels=IMAGE_REL.format(url=url)))
        job, outputs = pdf.convert([docx])
        try:
            assert outputs[0].is_file()
        finally:
            pdf.cleanup(job)
    finally:
        server.shutdown()
    assert _Counter.requests == []
