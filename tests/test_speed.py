"""The fast paths keep behaviour: the compiled-template cache (and its distrust of its own
folder), raw member copying, spo's line breaks, the unvalidated bundled schema, imports kept
off the hot path, LibreOffice started once per group of cases, a bundle converted once.

Nothing here times anything (benches under bench/ do); these tests fail if a fast path
changes output or stops being taken."""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import FIXTURES, INVALID, VALID, ids, spo

from spo_cli import compile_cache, documents, render, schema
from spo_cli.forms import BY_ID, Options

CASE = FIXTURES / "full-with-interim.yaml"


@pytest.fixture
def cache_home(tmp_path, monkeypatch):
    """A private cache folder for this test (never the user's)."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("SPO_CACHE", raising=False)
    render._compiled.clear()
    yield tmp_path / "cache" / "spo" / "templates"
    render._compiled.clear()


def _render_all() -> dict[str, bytes]:
    """Every form of the fixture, as DOCX bytes, compiled afresh (memory cache cleared)."""
    render._compiled.clear()
    _, case = documents.checked_case(CASE, True, None)
    return {form.id: documents.render_form(case, form, documents.template_for(form, None),
                                           Options(draft=True))
            for form in documents.choose_forms(case, [])}


def _no_compiling(monkeypatch):
    """A cache hit neither compiles nor re-reads the package: the entry was stored only after
    the package checks passed for the same bytes."""
    def refuse(*_):
        raise AssertionError("compiled or re-checked although the cache holds the template")
    monkeypatch.setattr(render, "_compile_parts", refuse)
    monkeypatch.setattr(render, "checked_members", refuse)


def test_second_compile_comes_from_the_private_cache_with_identical_output(cache_home,
                                                                             monkeypatch):
    first = _render_all()
    entries = list(cache_home.iterdir())
    assert len(entries) >= len(first)  # one per template, and the bundled YAML read as JSON
    assert stat.S_IMODE(cache_home.stat().st_mode) == 0o700
    assert stat.S_IMODE(cache_home.parent.stat().st_mode) == 0o700
    assert all(stat.S_IMODE(e.stat().st_mode) == 0o600 for e in entries)
    _no_compiling(monkeypatch)
    assert _render_all() == first  # byte for byte: output is deterministic across processes


@pytest.mark.parametrize("damage", ["truncated", "flipped", "garbage", "group-writable",
                                    "symlink", "wrong-key", "foreign-owned"])
def test_a_damaged_or_foreign_cache_entry_is_ignored(cache_home, damage, tmp_path):
    if damage == "foreign-owned" and os.getuid() != 0:
        pytest.skip("only root can give a file to another user")
    expected = _render_all()
    entries = sorted(cache_home.iterdir())
    originals = [e.read_bytes() for e in entries]
    for number, entry in enumerate(entries):
        data = originals[number]
        if damage == "truncated":
            entry.write_bytes(data[: len(data) // 2])
        elif damage == "flipped":
            entry.write_bytes(data[:-10] + bytes([data[-10] ^ 1]) + data[-9:])
        elif damage == "garbage":
            entry.write_bytes(os.urandom(len(data)))
        elif damage == "group-writable":
            entry.chmod(0o620)
        elif damage == "symlink":
            target = tmp_path / f"elsewhere-{entry.name}"
            target.write_bytes(data)
            target.chmod(0o600)
            entry.unlink()
            entry.symlink_to(target)
        elif damage == "wrong-key":  # a valid entry under another template's name
            entry.write_bytes(originals[number - 1])
        elif damage == "foreign-owned":
            os.chown(entry, 4242, 4242)
    for entry in cache_home.iterdir():
        assert compile_cache.load(entry.name) is None
    assert _render_all() == expected


@pytest.mark.parametrize("how", ["loose folder", "folder is a symlink", "foreign folder", "off"])
def test_an_untrusted_cache_folder_is_not_used(cache_home, how, tmp_path, monkeypatch):
    if how == "foreign folder":
        if os.getuid() != 0:
            pytest.skip("only root can give a folder to another user")
        cache_home.mkdir(parents=True, mode=0o700)
        os.chown(cache_home, 4242, 4242)
    elif how == "loose folder":
        cache_home.mkdir(parents=True)
        cache_home.chmod(0o777)
    elif how == "folder is a symlink":
        real = tmp_path / "real"
        real.mkdir(mode=0o700)
        cache_home.parent.mkdir(parents=True, mode=0o700)
        cache_home.symlink_to(real)
    else:
        monkeypatch.setenv("SPO_CACHE", "off")
    expected = _render_all()
    assert compile_cache.folder() is None
    assert not any(cache_home.iterdir()) if cache_home.is_dir() else True
    assert _render_all() == expected


def test_unchanged_members_are_copied_raw_and_rendered_ones_are_valid(cache_home):
    template = render.compile_template(documents.resource_dir("templates") / "forms" /
                                       BY_ID["complaint"].template)
    output = _render_all()["complaint"]
    archive = zipfile.ZipFile(io.BytesIO(output))
    assert archive.testzip() is None
    assert archive.namelist()[: len(template.order)] == template.order
    # rendered, or replaced by the force's own properties (core, app, custom)
    rendered = {n for n in template.parts} | {"docProps/core.xml", "docProps/app.xml",
                                               "docProps/custom.xml"}
    copied = zip_raw(output)
    for name, raw in template.raw.items():
        if name not in rendered:
            assert copied[name] == raw.data, name  # the template's compressed bytes
            assert archive.read(name) == template.members[name]
    assert all(i.date_time == (1980, 1, 1, 0, 0, 0) for i in archive.infolist())


def zip_raw(package: bytes) -> dict[str, bytes]:
    from spo_cli import zip_writer

    return {name: raw.data for name, raw in zip_writer.raw_members(package).items()}


@pytest.mark.parametrize("value", ["plain", "two\nlines", "tab\there", "bell\aparagraph",
                                   "page\fbreak", "all\n\t\a\fat once\n"])
def test_line_breaks_match_docxtpl(value):
    from docxtpl import DocxTemplate

    xml = ('<w:body><w:p><w:pPr><w:jc w:val="left"/></w:pPr><w:r><w:rPr><w:b/></w:rPr>'
           f'<w:t xml:space="preserve">{value}</w:t></w:r><w:r><w:t>x</w:t></w:r></w:p>'
           '<w:p><w:r><w:t>plain</w:t></w:r></w:p></w:body>')
    assert render.line_breaks(xml) == DocxTemplate.resolve_listing(None, xml)


def test_every_built_in_template_passes_the_lint_that_renders_skip():
    problems = {form_id: found for form_id, _, found in documents.check_templates(None)
                if found}
    assert problems == {}


def test_the_bundled_schema_passes_cerberus_own_validation_and_reports_the_same():
    document, _ = schema._schemas()
    validator_class = type(schema._validator())
    checked = validator_class(document)  # raises SchemaError if the schema is not valid
    assert dict(checked.schema) == dict(schema._validator().schema)


@pytest.mark.parametrize("path", INVALID[:12] + VALID[:4], ids=ids(INVALID[:12] + VALID[:4]))
def test_the_prepared_validator_finds_what_a_fully_validated_one_finds(path):
    from spo_cli.errors import SpoError
    from spo_cli.yaml_io import load_case_file

    try:
        document = load_case_file(path)
    except SpoError:
        pytest.skip("not loadable: the schema never sees it")
    fast = schema._validator()
    full = type(fast)(schema._schemas()[0])
    results = []
    for validator in (fast, full):
        ok = validator.validate(dict(document.data), normalize=False)
        results.append((ok, sorted((tuple(map(str, e.document_path)), e.code)
                                   for e in validator._errors)))
    assert results[0] == results[1]


@pytest.mark.parametrize("argv", [["check", str(CASE)], ["--help"],
                                  ["render", str(CASE), "--draft", "--format", "docx"]])
def test_heavy_libraries_stay_off_the_one_shot_paths(argv, tmp_path):
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    if argv[0] == "render":
        argv = [*argv, "--out", str(tmp_path / "out")]
        assert spo(*argv, env=env).returncode == 0  # fills the compile cache
    result = subprocess.run([sys.executable, "-X", "importtime", "-m", "spo_cli", *argv],
                            capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 0, result.stderr[-500:]
    imported = {line.split("|")[-1].strip() for line in result.stderr.splitlines()
                if line.startswith("import time:")}
    assert not {"pydantic", "docxtpl", "docx", "questionary", "pypdf"} & imported


def _counting_soffice(tmp_path: Path, drop_last: bool = False) -> dict[str, str]:
    """SPO_SOFFICE pointing at a wrapper that logs each start of the real soffice; with
    drop_last it leaves out the last file of a multi-file call, as LibreOffice was seen to
    stop early with exit 0."""
    real = shutil.which("soffice")
    if not real:
        pytest.skip("LibreOffice is not installed")
    log = tmp_path / "starts.log"
    wrapper = tmp_path / "soffice"
    drop = 'if [ "$n" -gt 1 ]; then set -- "${@:1:$(($#-1))}"; fi' if drop_last else ""
    wrapper.write_text(f'#!/bin/bash\nn=0; for a in "$@"; do case "$a" in *.docx) '
                       f'n=$((n+1));; esac; done\necho "$n" >> {log}\n{drop}\n'
                       f'exec {real} "$@"\n')
    wrapper.chmod(0o755)
    return {**os.environ, "SPO_SOFFICE": str(wrapper), "XDG_CACHE_HOME": str(tmp_path / "c")}


def _starts(tmp_path: Path) -> list[int]:
    log = tmp_path / "starts.log"
    return [int(n) for n in log.read_text().split()] if log.exists() else []


@pytest.mark.parametrize("cases,workers", [(200, 2), (25, 4), (13, 1), (5, 2), (1, 2), (0, 2)])
def test_batch_pdf_groups_are_even_and_shared_equally_by_the_workers(cases, workers):
    from spo_cli.batch import PDF_GROUP, _groups
    from spo_cli.batch_jobs import Job

    jobs = [Job(Path(f"case{n}.yaml"), Path("out"), "pdf", draft=True) for n in range(cases)]
    sizes = [len(group) for group in _groups("render", jobs, workers)]
    assert sum(sizes) == cases and all(0 < size <= PDF_GROUP for size in sizes)
    assert max(sizes, default=0) - min(sizes, default=0) <= 1
    assert cases < workers or len(sizes) % workers == 0


@pytest.mark.parametrize("drop_last", [False, True], ids=["complete", "stops-early"])
def test_batch_pdf_starts_libreoffice_once_per_group_and_verifies_every_pdf(tmp_path,
                                                                            drop_last):
    cases = tmp_path / "cases"
    cases.mkdir()
    for seed in ("renewal.yaml", "variation.yaml", "discharge.yaml"):
        shutil.copy(FIXTURES / seed, cases / seed)
    env = _counting_soffice(tmp_path, drop_last)
    result = spo("batch", "render", cases, "--format", "pdf", "--draft", "--jobs", "1",
                 "--out", tmp_path / "out", env=env)
    assert result.returncode == 0, result.stderr
    starts = _starts(tmp_path)
    pdfs = sorted((tmp_path / "out").rglob("*.pdf"))
    assert starts[0] == len(pdfs)  # every case's documents in the first start
    assert len(starts) == (2 if drop_last else 1)  # the missing one retried alone
    assert starts[1:] == ([1] if drop_last else [])
    for path in pdfs:
        assert path.read_bytes().startswith(b"%PDF")
    rows = [json.loads(line) for line in
            (tmp_path / "out" / "batch-report.jsonl").read_text().splitlines()]
    assert {r["status"] for r in rows} == {"ok"}


def _bundle_text(folder: Path) -> list[str]:
    from pypdf import PdfReader

    bundle = next(folder.rglob("bundle.pdf"))
    return [page.extract_text() for page in PdfReader(bundle).pages]


def test_a_bundle_converts_every_document_once_and_reads_the_same_every_time(tmp_path):
    """The index and checklist print every document's page range, known only after the
    conversion: they are converted with the page cells blank, in the same LibreOffice start,
    and the ranges written in. A first bundle in an empty folder, the same again, and one
    after a PDF render each convert every document once (never the index again) and read
    the same."""
    env = _counting_soffice(tmp_path)
    forms = len(documents.forms_for(documents.checked_case(CASE, True, None)[1])) + 1
    runs = [["bundle", "--out", tmp_path / "out"], ["bundle", "--out", tmp_path / "out"],
            ["render", "--format", "pdf", "--out", tmp_path / "rendered"],
            ["bundle", "--out", tmp_path / "rendered"]]
    for command, *options in runs:
        before = len(_starts(tmp_path))
        result = spo(command, CASE, "--draft", *options, env=env)
        assert result.returncode == 0, result.stderr
        assert sum(_starts(tmp_path)[before:]) == forms - (command == "render")  # no index
    assert _bundle_text(tmp_path / "rendered") == _bundle_text(tmp_path / "out")


def test_a_force_index_is_converted_again_with_the_ranges_typed_in(tmp_path):
    """Ranges are written only into spo's own layouts: a force's own index (here its page
    column says something else) gets them typed in by LibreOffice, converting the index and
    checklist a second time, with the same ranges on the same rows."""
    forms_dir = tmp_path / "forms"
    forms_dir.mkdir()
    source = FIXTURES.parent / "templates" / "forms" / "bundle-index.docx"
    with zipfile.ZipFile(source) as old, \
            zipfile.ZipFile(forms_dir / "bundle-index.docx", "w") as new:
        for item in old.infolist():
            data = old.read(item)
            if item.filename == "word/document.xml":
                assert data.count(b">Pages<") == 1
                data = data.replace(b">Pages<", b">Page numbers<")
            new.writestr(item, data)
    env = _counting_soffice(tmp_path)
    converted = []
    for out, extra in (("plain", []), ("force", ["--templates", forms_dir])):
        before = len(_starts(tmp_path))
        result = spo("bundle", CASE, "--draft", "--out", tmp_path / out, *extra, env=env)
        assert result.returncode == 0, result.stderr
        converted.append(sum(_starts(tmp_path)[before:]))
    forms = len(documents.forms_for(documents.checked_case(CASE, True, None)[1])) + 1
    assert converted == [forms, forms + 2]
    plain, force = _bundle_text(tmp_path / "plain"), _bundle_text(tmp_path / "force")
    assert "Page numbers" in force[0] and "Page numbers" not in plain[0]
    ranges = [re.findall(r"\b\d+-\d+\b", page) for page in plain]
    assert len(ranges[0]) > 5 and [re.findall(r"\b\d+-\d+\b", page) for page in force] == ranges


def _profile_logging_soffice(tmp_path: Path) -> dict[str, str]:
    """SPO_SOFFICE pointing at a wrapper that logs, for each start, whether the profile it is
    given was already warm (a LibreOffice run made user/extensions), how many symbolic links it
    holds, and whether macros are disabled in it."""
    real = shutil.which("soffice")
    if not real:
        pytest.skip("LibreOffice is not installed")
    log = tmp_path / "profiles.log"
    wrapper = tmp_path / "soffice"
    wrapper.write_text(
        '#!/bin/bash\nfor a in "$@"; do case "$a" in -env:UserInstallation=file://*) '
        'p="${a#-env:UserInstallation=file://}";; esac; done\n'
        'w=new; [ -d "$p/user/extensions" ] && w=warm\n'
        'l=$(find "$p" -type l | wc -l)\n'
        'm=$(grep -c "DisableMacrosExecution" "$p/user/registrymodifications.xcu")\n'
        f'echo "$w $l $m" >> {log}\nexec {real} "$@"\n')
    wrapper.chmod(0o755)
    return {**os.environ, "SPO_SOFFICE": str(wrapper), "XDG_CACHE_HOME": str(tmp_path / "c")}


def test_libreoffice_starts_from_a_private_warm_profile_and_only_a_trustworthy_one(tmp_path):
    env = _profile_logging_soffice(tmp_path)

    def render() -> list[str]:
        result = spo("render", CASE, "--draft", "--format", "pdf", "--out", tmp_path / "out",
                     env=env)
        assert result.returncode == 0, result.stderr
        return (tmp_path / "profiles.log").read_text().split("\n")[-2].split()

    assert render()[0] == "new"
    [template] = (tmp_path / "c" / "spo" / "libreoffice").iterdir()
    assert stat.S_IMODE(template.stat().st_mode) == 0o700
    assert not any(str(tmp_path) in p.read_text(errors="replace")
                   for p in template.rglob("*") if p.is_file())  # no job or case path kept
    assert render() == ["warm", "0", "1"]
    (template / "user" / "link").symlink_to(tmp_path)  # never copied
    assert render() == ["warm", "0", "1"]
    settings = template / "user" / "registrymodifications.xcu"
    settings.write_text(settings.read_text().replace("DisableMacrosExecution", "Other"))
    assert render() == ["new", "0", "1"]  # a template without the offline settings: unused


def test_bundled_yaml_comes_back_the_same_from_the_cache_and_a_bad_entry_is_ignored(
        cache_home):
    from spo_cli import resources, yaml_io

    path = resources.resource_dir("schemas") / "case.yaml"
    fresh = yaml_io.load_data_file(path)
    entries = list(cache_home.iterdir())
    assert len(entries) == 1
    assert yaml_io.load_data_file(path) == fresh
    entries[0].write_bytes(entries[0].read_bytes()[:-3] + b"}}}")
    assert yaml_io.load_data_file(path) == fresh
