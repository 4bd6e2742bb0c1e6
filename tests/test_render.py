"""DOCX rendering: every fixture renders every applicable form; the text read back (with
python-docx) carries the case's facts exactly; golden files pin the wording."""

from __future__ import annotations

import io
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT, case_copy, docx_all_text, render_pairs, spo
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from spo_cli.check import check_file
from spo_cli.documents import check_template, render_case, render_form
from spo_cli.forms import BY_ID, Options
from spo_cli.render import compile_template, docx_text

PAIRS = render_pairs()
GOLDEN = ROOT / "tests" / "golden"


def rendered(path: Path, form_id: str, draft: bool = True) -> bytes:
    case = check_file(path).case
    form = BY_ID[form_id]
    compiled = compile_template(ROOT / "templates" / "forms" / form.template)
    return render_form(case, form, compiled, Options(draft=draft))


@pytest.mark.parametrize("path,form_id", PAIRS, ids=[f"{p.stem}-{f}" for p, f in PAIRS])
def test_every_form_renders_with_the_case_facts(path, form_id, update_golden):
    data = rendered(path, form_id)
    text = docx_all_text(data)
    case = check_file(path).case
    name = case.get("defendant", "name")
    assert f"{name['given']} {name['family']}" in text
    assert case.get("application", "reference") in text
    assert "OFFICIAL-SENSITIVE" in text and "DRAFT - NOT FOR SERVICE OR FILING" in text
    assert not re.search(r"\{\{|\{%|\}\}|%\}", text), "a template tag survived"
    archive = zipfile.ZipFile(io.BytesIO(data))
    for part in archive.namelist():  # nothing hidden, tracked or commented in any output
        content = archive.read(part)
        for marker in (b"<w:vanish", b"<w:ins ", b"<w:del ", b"commentReference",
                       b"TargetMode=\"External\""):
            assert marker not in content, (part, marker)
    assert "None" not in re.findall(r"\bNone\b(?! (known|recorded|needed|\.))", text)
    golden = GOLDEN / path.stem / f"{form_id}.txt"
    if update_golden:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(docx_text(data) + "\n", encoding="utf-8")
    assert docx_text(data) + "\n" == golden.read_text(encoding="utf-8"), \
        f"wording changed: run pytest --update-golden and review git diff {golden}"


@pytest.mark.parametrize("fixture,form_id,facts", [
    ("full-with-interim.yaml", "complaint", [
        "Coleridge & Webb Solicitors, 3 High Street, Northtown", "until 28 February 2027",
        "a fixed period of 3 years beginning with the day the order is made (section 3(2))",
        "and an Interim Stalking Protection Order at the same time (section 5(2)(a))",
        "Stalking Protection Act 2019, sections 1 and 2, and section 5(2)(a)",
        "Confidential: not shown", "Main application\nthis complaint (section 5(2)(a))"]),
    ("full-with-interim.yaml", "draft-order", [
        "This order has effect for a fixed period of 3 years beginning with the day it is "
        "made (section 3(2)).",
        "within 800 metres of the point marked on the map at exhibit SP/5"]),
    ("full-with-interim.yaml", "draft-interim-order", [
        "DRAFT Interim Stalking Protection Order", "considering it appropriate to make an "
        "interim order (section 5(3))", "until 28 February 2027, or until the main application "
        "is determined, if sooner (section 5(6))"]),
    ("full-with-interim.yaml", "notification", [
        "[date of service + 2 days: ______________]", "[to be completed at service: "]),
    ("transfer-ready.yaml", "notification", ["by the end of 3 July 2025"]),
    ("transfer-ready.yaml", "transfer", [
        "Westmere Constabulary", "17 November 2026", "27 Chapel Lane, Eastbridge, WM2 8EE",
        "Not to contact Mei Chen by any means.", "29 June 2027"]),
    ("full-stranger-online.yaml", "complaint", [
        "until further order (section 3(1)(b))", "Siân Ó Briain, Ffion Ó Briain",
        "No (protection of another person, s.1(1)(c))"]),
    ("child-defendant-yjs.yaml", "complaint", [
        "Westmere Youth Justice Service, Jo Whitfield, YJS case manager, 28 October 2026"]),
    ("interim-alone.yaml", "draft-interim-order", [
        "Interim Stalking Protection Order", "Stalking Protection Act 2019, section 5",
        "Locality: Northtown.", "made under section 5(2)(b)"]),
    ("interim-alone.yaml", "complaint", [
        "Complaint for an Interim Stalking Protection Order", "applies under section 5(2)(b)"]),
    ("variation.yaml", "complaint-vary-renew-discharge", [
        "Variation", "NTMC/2024/SPO/118", "Not to enter Elmfield Road, Northtown.",
        "P2", "remove", "Until further order"]),
    ("discharge.yaml", "complaint-vary-renew-discharge", [
        "The defendant consents. The chief officer consents.",
        "Complaint to discharge a Stalking Protection Order"]),
    ("discharge.yaml", "draft-order-vary-renew-discharge", [
        "is discharged with effect from the date of this order."]),
    ("renewal.yaml", "draft-order-vary-renew-discharge", [
        "is renewed for a further period of 2 years, until [end date: ______________].",
        "P2. Not to enter Lark Street."]),
    ("renewal.yaml", "complaint-vary-renew-discharge", [
        "If the further period runs on from the end of the order as made (19 November 2026), "
        "it ends on 19 November 2028; legal services to confirm"]),
    ("variation.yaml", "draft-order-vary-renew-discharge", [
        "Term P2 (\u201cNot to enter Elmfield Road, Northtown.\u201d) is removed.",
        "A new term P3 is added", "P2. [Removed by this order.]"]),
    ("full-authorised-hearsay.yaml", "authorisation", [
        "Helen Okafor", "Superintendent 117", "Authorised",
        "sha256:0c9201a87e1b43e07c6bcc6a982d19d59053002a9f64e0654edb4d536117a87b"]),
    ("full-authorised-hearsay.yaml", "complaint", ["Jordan O'Neill & Sons",
                                                   'asks for "peace at home"']),
    ("justified-conflict.yaml", "complaint", [
        "P1 clashes with it; why that cannot be avoided: The stalking happens at his "
        "workplace"]),
    ("btp-non-territorial.yaml", "complaint", ["Chief Constable of British Transport Police",
                                               "s.1(3) does not apply"]),
])
def test_key_facts(fixture, form_id, facts):
    text = docx_all_text(rendered(FIXTURES / fixture, form_id))
    for fact in facts:
        assert fact in text


def test_line_breaks_in_narratives_become_breaks():
    data = rendered(FIXTURES / "full-stranger-online.yaml", "complaint")
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    assert "Created eleven accounts to message her after each block.</w:t><w:br/>" in xml
    assert "Created eleven accounts to message her after each block.\nPosted photographs" in \
        docx_all_text(data)


def test_final_render_has_no_draft_banner():
    text = docx_all_text(rendered(FIXTURES / "full-authorised-hearsay.yaml", "summons", False))
    assert "DRAFT" not in text


HOSTILE_TEXT = "</w:t></w:r><w:r><w:rPr><w:vanish/></w:rPr><w:t>HIDDEN {{ 7*7 }} {% if %} a&b <c>"


def test_markup_and_template_syntax_in_data_come_out_literally(tmp_path):
    case = case_copy(tmp_path, "full-with-interim.yaml", (
        "description: Sat in his car opposite her home from 21:00 to 23:40.",
        f"description: '{HOSTILE_TEXT}'"))
    produced = render_case(case, ["complaint"], "docx", tmp_path / "out", draft=True)
    data = produced.files[0].read_bytes()
    assert HOSTILE_TEXT in docx_all_text(data)
    archive = zipfile.ZipFile(io.BytesIO(data))
    assert not any(b"<w:vanish" in archive.read(n) for n in archive.namelist())


@pytest.mark.parametrize("form_id", ["complaint", "summons", "draft-order", "notification"])
def test_served_documents_never_carry_a_confidential_address(form_id):
    data = rendered(FIXTURES / "full-with-interim.yaml", form_id)
    archive = zipfile.ZipFile(io.BytesIO(data))
    for name in archive.namelist():
        content = archive.read(name)
        assert b"Elm Grove" not in content and b"NT2 5RF" not in content, name


def test_document_properties_come_from_the_force():
    data = rendered(FIXTURES / "full-with-interim.yaml", "complaint")
    core = zipfile.ZipFile(io.BytesIO(data)).read("docProps/core.xml").decode()
    assert "<dc:creator>Northshire Police</dc:creator>" in core
    assert "<cp:lastModifiedBy>Northshire Police</cp:lastModifiedBy>" in core
    assert "python-docx" not in core and "Harlow" not in core


def test_same_case_renders_to_the_same_bytes():
    assert rendered(FIXTURES / "variation.yaml", "summons") == \
        rendered(FIXTURES / "variation.yaml", "summons")


def test_outputs_are_private_and_the_manifest_lists_them(tmp_path):
    produced = render_case(FIXTURES / "full-with-interim.yaml", [], "docx", tmp_path / "o",
                           draft=True)
    folder = produced.folder
    assert folder == tmp_path / "o" / "NS-SPO-2026-0143"
    assert oct(folder.stat().st_mode & 0o777) == "0o700"
    assert oct((tmp_path / "o").stat().st_mode & 0o777) == "0o700"
    for file in folder.iterdir():
        assert oct(file.stat().st_mode & 0o777) == "0o600", file
    import hashlib
    import json

    manifest = json.loads((folder / "manifest.json").read_text())
    assert set(manifest["outputs"]) == {p.name for p in produced.files}
    for name, entry in manifest["outputs"].items():
        assert entry["sha256"] == hashlib.sha256((folder / name).read_bytes()).hexdigest()
        assert entry["template"] == f"{entry['form']}.docx"
    assert manifest["case"]["content_hash"].startswith("sha256:")
    assert "Harlow" not in (folder / "manifest.json").read_text()
    assert not list(folder.glob(".spo-*"))


def test_final_render_needs_a_valid_authorisation(tmp_path):
    result = spo("render", FIXTURES / "full-with-interim.yaml", "--out", tmp_path)
    assert result.returncode == 1
    assert "only a draft" in result.stderr and not list(tmp_path.iterdir())
    stale = FIXTURES / "invalid" / "authorisation-stale.yaml"
    assert spo("render", stale, "--out", tmp_path).returncode == 1
    assert spo("render", stale, "--draft", "--out", tmp_path).returncode == 0
    assert spo("render", FIXTURES / "full-authorised-hearsay.yaml", "--out",
               tmp_path).returncode == 0


@pytest.mark.parametrize("args,code,words", [
    (["--form", "nonsense"], 2, "there is no form"),
    (["--form", "complaint-vary-renew-discharge"], 2, "does not apply"),
    (["--form", "transfer"], 2, "needs a transfer section"),
    (["--format", "odt"], 2, "--format"),
])
def test_render_usage_errors(tmp_path, args, code, words):
    result = spo("render", FIXTURES / "full-with-interim.yaml", "--draft", "--out", tmp_path,
                 *args)
    assert (result.returncode, words in result.stderr) == (code, True), result.stderr


def test_case_errors_block_even_a_draft(tmp_path):
    result = spo("render", FIXTURES / "invalid" / "duration.yaml", "--draft", "--out", tmp_path)
    assert result.returncode == 1 and "run spo check" in result.stderr


def edited_template(folder: Path, form_id: str, old: bytes, new: bytes) -> Path:
    """A copy of a built-in template with one text change in the body."""
    source = ROOT / "templates" / "forms" / f"{form_id}.docx"
    archive = zipfile.ZipFile(source)
    folder.mkdir(exist_ok=True)
    target = folder / source.name
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for info in archive.infolist():
            content = archive.read(info)
            if info.filename == "word/document.xml":
                assert old in content
                content = content.replace(old, new, 1)
            out.writestr(info, content)
    return target


def test_force_template_replaces_the_built_in_one(tmp_path, monkeypatch):
    forms = tmp_path / "force-templates"
    edited_template(forms, "summons", b">Summons<", b">Northshire Police summons<")
    produced = render_case(FIXTURES / "full-with-interim.yaml", ["summons", "complaint"], "docx",
                           tmp_path / "out", draft=True, templates=forms)
    texts = {p.stem: docx_all_text(p.read_bytes()) for p in produced.files}
    assert "Northshire Police summons" in texts["summons"]
    assert "Northshire Police summons" not in texts["complaint"]
    monkeypatch.setenv("SPO_TEMPLATES", str(forms))
    produced = render_case(FIXTURES / "full-with-interim.yaml", ["summons"], "docx",
                           tmp_path / "out2", draft=True)
    assert "Northshire Police summons" in docx_all_text(produced.files[0].read_bytes())


@pytest.mark.parametrize("old,new,problem", [
    (b"{{ court.hearing_date }}", b"{{ court.hearing_date }} {{ victim_address }}",
     "uses victim_address, which the form does not provide"),
    (b"{{ service.served_by }}", b"{{ service.served_by|safe }}", "the 'safe' filter"),
    (b"{{ defendant.dob }}", b"{{ defendant.dob ", "split across runs"),
])
def test_a_bad_force_template_is_refused_and_the_old_output_kept(tmp_path, old, new, problem):
    out = tmp_path / "out"
    good = render_case(FIXTURES / "full-with-interim.yaml", ["summons"], "docx", out, draft=True)
    before = good.files[0].read_bytes()
    forms = tmp_path / "force"
    edited_template(forms, "summons", old, new)
    check = spo("templates", "check", forms)
    assert check.returncode == 1 and problem in check.stdout, check.stdout
    result = spo("render", FIXTURES / "full-with-interim.yaml", "--draft", "--form", "summons",
                 "--out", out, "--templates", forms)
    assert result.returncode == 4, result.stderr
    assert good.files[0].read_bytes() == before


def test_builtin_templates_pass_the_lint_and_match_the_build_script(tmp_path):
    result = spo("templates", "check")
    assert result.returncode == 0 and result.stdout.count(": ok") == len(BY_ID)
    import subprocess
    import sys

    subprocess.run([sys.executable, ROOT / "templates" / "make_forms.py", tmp_path], check=True)
    for built in tmp_path.glob("*.docx"):
        committed = ROOT / "templates" / "forms" / built.name
        assert built.read_bytes() == committed.read_bytes(), \
            f"run python templates/make_forms.py ({built.name})"


def test_every_form_registry_entry_matches_its_template():
    for form in BY_ID.values():
        compiled = compile_template(ROOT / "templates" / "forms" / form.template)
        assert check_template(form, compiled) == [], form.id


def test_a_missing_value_names_the_field(tmp_path):
    forms = tmp_path / "t"
    edited_template(forms, "summons", b"{{ court.hearing_date }}", b"{{ court.room }}")
    from spo_cli.render import TemplateError

    form = BY_ID["summons"]
    compiled = compile_template(forms / "summons.docx")
    case = check_file(FIXTURES / "full-with-interim.yaml").case
    with pytest.raises(TemplateError, match=r"court\.room"):
        render_form(case, form, compiled, Options(draft=True))
    shutil.rmtree(forms)


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(min_size=1, max_size=80))
@example("\ud800")
@example("\x00")
@example("\x0b")
@example("\ufffe")
@example("\u202e")
@example("]]>")
@example("{_{ x }_}")
@example("a & b < c")
def test_any_text_is_refused_or_carried_exactly_into_the_document(value):
    """The property: validation refuses it, or the DOCX shows exactly that text."""
    from spo_cli.model import Case
    from spo_cli.text_policy import text_problem

    if text_problem(value, prose=True) is not None:
        return
    base = check_file(FIXTURES / "full-with-interim.yaml").case
    data = {**base.data, "conduct": [{**base.data["conduct"][0], "description": value}]}
    form = BY_ID["complaint"]
    compiled = compile_template(ROOT / "templates" / "forms" / form.template)
    text = docx_all_text(render_form(Case(data), form, compiled, Options(draft=True)))
    assert value.strip() in text


def _make_at_once(barrier, target, errors) -> None:
    from spo_cli.outputs import private_dir

    barrier.wait()
    try:
        private_dir(target)
    except Exception as exc:  # reported back to the test
        errors.put(type(exc).__name__)


def test_output_folders_can_be_created_by_many_processes_at_once(tmp_path):
    """Batch workers start together and may all create OUT/ at the same moment."""
    import multiprocessing

    context = multiprocessing.get_context("fork")
    for round_ in range(10):
        barrier, errors = context.Barrier(12), context.Queue()
        workers = [context.Process(target=_make_at_once, args=(
            barrier, tmp_path / f"out{round_}" / "shared" / f"case{i}", errors))
            for i in range(12)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join(30)
        assert errors.empty(), errors.get()
        assert oct((tmp_path / f"out{round_}").stat().st_mode & 0o777) == "0o700"
