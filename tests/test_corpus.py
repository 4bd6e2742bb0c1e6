"""The bad-input corpus: every hazard in design/hazards.md, each with its expected result.
Rejected: exit 1, no traceback, no output, the issue located (line, column, field path), the
value never echoed. Accepted: the text carried exactly into the DOCX and the PDF."""

from __future__ import annotations

import json
import re
import shutil
import unicodedata
from pathlib import Path

import pytest
from conftest import FIXTURES, HOSTILE, case_copy, docx_all_text, expected, spo

from spo_cli.documents import render_case
from spo_cli.errors import CaseError

LINE = ("  name: {given: Daniel James, family: Harlow}\n", "defendant.name.family")
PROSE = ("    description: Sat in his car opposite her home from 21:00 to 23:40.\n",
         "conduct[0].description")

# (id, where, value, rules any of which must fire)
REJECTED = [
    ("nul", PROSE, "a\x00b", {"text", "yaml"}), ("vertical-tab", PROSE, "a\x0bb", {"text"}),
    ("escape", LINE, "x\x1b[31mred", {"text"}), ("form-feed", PROSE, "a\x0cb", {"text"}),
    ("bell", LINE, "a\x07b", {"text"}), ("delete", LINE, "a\x7fb", {"text", "yaml"}),
    ("u-fffe", LINE, "a\ufffeb", {"text", "yaml"}), ("u-ffff", LINE, "a\uffffb", {"text", "yaml"}),
    ("right-to-left-override", LINE, "Smith\u202eevil", {"text"}),
    ("left-to-right-isolate", LINE, "Smith\u2066x", {"text"}),
    ("arabic-letter-mark", LINE, "x\u061cy", {"text"}),
    ("zero-width-space", LINE, "Smi\u200bth", {"text"}),
    ("soft-hyphen", LINE, "Smi\u00adth", {"text"}),
    ("line-separator", PROSE, "a\u2028b", {"yaml"}), ("next-line", PROSE, "a\u0085b", {"yaml"}),
    ("byte-order-mark-inside", LINE, "Smi\ufeffth", {"text"}),
    ("docxtpl-markers", PROSE, "{_{ x }_}", {"text"}),
    ("line-break-in-a-name", LINE, "Smith\nJones", {"text"}),
    ("long-name", LINE, "Smith " * 60, {"text"}), ("long-token", PROSE, "x" * 121, {"text"}),
    ("huge-narrative", PROSE, "word " * 4001, {"text"}), ("blank", LINE, "   ", {"text"}),
    ("emoji", PROSE, "He sent \U0001F642 twice", {"text"}),
    ("lone-surrogate", LINE, "Jo\ud800hn", {"yaml", "text"}),
]
RAW = [  # (id, edit of the fixture text, rule, field path)
    ("reference-traversal", ("reference: NS/SPO/2026/0143", 'reference: "../../etc/passwd"'),
     "schema", "application.reference"),
    ("reference-absolute", ("reference: NS/SPO/2026/0143", 'reference: "/etc/spo"'), "schema",
     "application.reference"),
    ("exhibit-outside-folder", ("file: exhibits/sp5-map.pdf", "file: ../outside.pdf"),
     "exhibit-reference", "exhibits[4].file"),
    ("exhibit-absolute-path", ("file: exhibits/sp5-map.pdf", "file: /etc/passwd"), "schema",
     "exhibits[4].file"),
    ("number-for-text", ('number: "4521"', "number: 4521"), "schema", "applicant_officer.number"),
    ("quoted-date", ("date: 2026-11-20", 'date: "2026-11-20"'), "schema", "application.date"),
    ("yaml-1-1-yes", ("interim_sought: true", "interim_sought: yes"), "schema",
     "application.interim_sought"),
    ("misspelt-key", ("  area_basis: resides", "  area_basis: resides\n  areabasis: resides"),
     "schema", "defendant.areabasis"),
]
ACCEPTED = [
    "Smith & Sons <Ltd>", "a < b & c ]]> d", "He said \"hi\" & 'bye'",
    "{{ 7*7 }} and {% if x %}", "</w:t></w:r><w:r><w:rPr><w:vanish/></w:rPr><w:t>HIDDEN",
    "محمد عبد الله", "王小明", "Łódź Żółć, Siân Ó Briain, ŵ ŷ",
    "O'Neill paid €100 - then left", "line one\nline two", "Zoë naïve café ﬁnal",
]


def quoted(value: str) -> str:
    """A YAML double-quoted scalar (JSON's escapes are YAML's); characters outside ASCII are
    written as themselves, except lone surrogates, which only an escape can carry."""
    lone = any(0xD800 <= ord(c) <= 0xDFFF for c in value)
    return json.dumps(value, ensure_ascii=lone)


def rejected_case(folder: Path, where: tuple[str, str], value: str) -> Path:
    line, _ = where
    if where is LINE:
        edit = (line, f"  name: {{given: Daniel James, family: {quoted(value)}}}\n")
    else:
        edit = (line, f"    description: {quoted(value)}\n")
    return case_copy(folder, "full-with-interim.yaml", edit)


CASES = ([(f"value-{n}", "value", (w, v, r)) for n, w, v, r in REJECTED]
         + [(f"raw-{n}", "raw", (e, r, p)) for n, e, r, p in RAW]
         + [(f"file-{p.stem}", "file", p) for p in HOSTILE])


def test_the_corpus_is_large_and_spans_the_hazards():
    assert len(CASES) + len(ACCEPTED) >= 40


@pytest.mark.parametrize("name,kind,spec", CASES, ids=[c[0] for c in CASES])
def test_rejected_with_location_and_no_echo(tmp_path, name, kind, spec):
    if kind == "value":
        where, value, rules = spec
        path, field = rejected_case(tmp_path, where, value), where[1]
        secret = value.strip()[:12]
    elif kind == "raw":
        edit, rule, field = spec
        path, rules, secret = case_copy(tmp_path, "full-with-interim.yaml", edit), {rule}, None
    else:
        path, rules, field, secret = spec, set(expected(spec)), None, "CANARY"
    result = spo("check", "--json", path)
    output = result.stdout + result.stderr
    assert result.returncode == 1 and "Traceback" not in output
    report = json.loads(result.stdout)
    hits = [i for i in report["issues"] if i["rule"] in rules]
    assert hits, report["issues"]
    assert all(i["line"] and i["column"] for i in hits)
    if field and not any(i["rule"] == "yaml" for i in hits):
        assert field in {i["path"] for i in hits}
    if secret and len(secret) > 3:
        assert secret not in output
    if kind != "file":
        with pytest.raises(CaseError):
            render_case(path, [], "docx", tmp_path / "out", draft=True)
        assert not any((tmp_path / "out").rglob("*.docx"))


def test_accepted_text_comes_out_exactly_in_docx_and_pdf(tmp_path):
    source = (FIXTURES / "full-with-interim.yaml").read_text(encoding="utf-8")
    block = source[source.index("  - id: C1\n"):source.index("  - id: C2\n")]
    items = "".join(block.replace("id: C1", f"id: X{i}").replace(
        "description: Sat in his car opposite her home from 21:00 to 23:40.",
        f"description: {quoted(value)}") for i, value in enumerate(ACCEPTED))
    case = case_copy(tmp_path, "full-with-interim.yaml", ("  - id: C2\n", items + "  - id: C2\n"))
    fmt = "both" if shutil.which("soffice") else "docx"
    produced = render_case(case, ["complaint"], fmt, tmp_path / "out", draft=True)
    docx = docx_all_text((produced.folder / "complaint.docx").read_bytes())
    for value in ACCEPTED:
        assert value in docx, value
    if fmt == "both":
        from pypdf import PdfReader

        pages = PdfReader(produced.folder / "complaint.pdf").pages
        text = "".join(unicodedata.normalize("NFKC", "".join(p.extract_text()
                                                             for p in pages)).split())
        for value in ACCEPTED:  # line wrapping may split a long token: compare without spaces
            assert "".join(unicodedata.normalize("NFKC", value).split()) in text, value


def test_crlf_and_a_byte_order_mark_are_read_as_the_same_case(tmp_path):
    text = (FIXTURES / "full-with-interim.yaml").read_text(encoding="utf-8")
    path = tmp_path / "full-with-interim.yaml"
    shutil.copytree(FIXTURES / "exhibits", tmp_path / "exhibits")
    path.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    result = spo("check", "--json", path)
    assert result.returncode == 0
    rules = sorted({i["rule"] for i in json.loads(result.stdout)["issues"]})
    assert rules == expected(FIXTURES / "full-with-interim.yaml")
    assert re.search(r"Daniel James", path.read_bytes().decode("utf-8-sig"))
