"""DOCX rendering with docxtpl and one Jinja environment: autoescape on, StrictUndefined.

Each template is compiled once per process (docxtpl's tag patching, then Jinja compilation of
every document, header and footer part); a render is then only Jinja output, docxtpl's line
break handling, a strict XML parse of every part and a deterministic zip. The context is
plain data: values are escaped, never evaluated as template syntax.
"""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from .errors import ToolError

RENDERED_PARTS = re.compile(r"word/(document|header\d*|footer\d*)\.xml")
FORBIDDEN_IN_TEMPLATES = (("|safe", "the 'safe' filter"), ("autoescape false", "autoescape off"),
                          ("Markup(", "Markup()"), ("{% include", "include"),
                          ("{% import", "import"), ("{% extends", "extends"))
HIDDEN_MARKUP = (("<w:ins ", "tracked insertions"), ("<w:del ", "tracked deletions"),
                 ("<w:vanish", "hidden text"), ("w:commentReference", "comments"))
ZIP_TIME = (1980, 1, 1, 0, 0, 0)


class TemplateError(ToolError):
    """A template is broken or asks for a value the form does not provide."""


@dataclass
class Compiled:
    """A template ready to render many times."""

    path: Path
    sha256: str
    members: dict[str, bytes]
    parts: dict[str, Any]          # part name -> compiled Jinja template
    variables: frozenset[str]      # top-level names the template uses


class _Fields(dict):  # type: ignore[type-arg]
    """A context mapping that knows its own path, so a missing value can be named."""

    spo_path = ""


def named(value: Any, path: str = "") -> Any:
    """The context with every mapping labelled by its path (court, conduct[0], ...)."""
    if isinstance(value, dict):
        fields = _Fields({k: named(v, f"{path}.{k}" if path else k) for k, v in value.items()})
        fields.spo_path = path
        return fields
    if isinstance(value, list):
        return [named(v, f"{path}[{i}]") for i, v in enumerate(value)]
    return value


@cache
def environment() -> Any:
    """The one Jinja environment for every form."""
    from jinja2 import Environment, StrictUndefined
    from jinja2.utils import missing

    class NamedUndefined(StrictUndefined):
        @property
        def _undefined_message(self) -> str:
            path = getattr(self._undefined_obj, "spo_path", "")
            if self._undefined_obj is missing or not path:
                return f"'{self._undefined_name}' is undefined"
            return f"'{path}.{self._undefined_name}' is undefined"

    return Environment(autoescape=True, undefined=NamedUndefined, keep_trailing_newline=True)


@cache
def expression(source: str) -> Any:
    """A workflow condition (`when:`) compiled in Jinja's sandbox; call it with the facts.
    Workflow files ship with spo (they are code); case data is only ever a value here."""
    from jinja2 import ChainableUndefined
    from jinja2.sandbox import SandboxedEnvironment

    # a missing answer (case.existing_order.kind before it is asked) is simply false
    compiled = SandboxedEnvironment(undefined=ChainableUndefined).compile_expression(source)
    return lambda facts: compiled(**facts)


_compiled: dict[tuple[Path, str], Compiled] = {}


def compile_template(path: Path) -> Compiled:
    """Load and compile `path`, once per process and content."""
    try:
        raw = path.read_bytes()
    except OSError:
        raise TemplateError(f"template {path.name} cannot be read") from None
    digest = hashlib.sha256(raw).hexdigest()
    key = (path.resolve(), digest)
    if key not in _compiled:
        _compiled[key] = _compile(path, raw, digest)
    return _compiled[key]


def _compile(path: Path, raw: bytes, digest: str) -> Compiled:
    from docxtpl import DocxTemplate
    from jinja2 import TemplateSyntaxError, meta

    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
        members = {info.filename: archive.read(info) for info in archive.infolist()}
    except (zipfile.BadZipFile, KeyError):
        raise TemplateError(f"template {path.name} is not a DOCX file") from None
    env = environment()
    patcher = DocxTemplate.__new__(DocxTemplate)  # only its text-patching methods are used
    parts, variables = {}, set()
    for name, content in members.items():
        if not RENDERED_PARTS.fullmatch(name):
            continue
        xml = patcher.patch_xml(content.decode("utf-8"))
        xml = re.sub(r"<w:p([ >])", r"\n<w:p\1", xml)  # as docxtpl: {%p%} works per line
        try:
            parts[name] = env.from_string(xml)
            variables |= meta.find_undeclared_variables(env.parse(xml))
        except TemplateSyntaxError as exc:
            split = [p for p in lint_members(members) if "split across runs" in p]
            raise TemplateError(f"template {path.name}: " + (split[0] if split else
                                f"part {name}: Jinja syntax error ({exc.message})")) from None
    if "word/document.xml" not in parts:
        raise TemplateError(f"template {path.name} has no word/document.xml")
    return Compiled(path, digest, members, parts, frozenset(variables))


def render(compiled: Compiled, context: dict[str, Any], properties: dict[str, str],
           when: date) -> bytes:
    """The rendered DOCX as bytes; TemplateError names a missing variable, never a value."""
    from docxtpl import DocxTemplate
    from jinja2 import UndefinedError
    from lxml import etree

    output = dict(compiled.members)
    for name, template in compiled.parts.items():
        try:
            xml = template.render(named(context))
        except UndefinedError as exc:
            raise TemplateError(f"template {compiled.path.name} needs a value the form does "
                                f"not provide: {_undefined_name(exc)}") from None
        xml = re.sub(r"\n<w:p([ >])", r"<w:p\1", xml)
        xml = DocxTemplate.resolve_listing(None, xml)  # "\n" in a value -> line break
        try:  # strict: a value must never change the document's structure
            etree.fromstring(xml.encode("utf-8"))
        except etree.XMLSyntaxError:
            raise TemplateError(f"template {compiled.path.name}: part {name} is not "
                                "well-formed after rendering") from None
        output[name] = xml.encode("utf-8")
    output["docProps/core.xml"] = _core_properties(properties, when)
    return _zip(output)


def _undefined_name(exc: Exception) -> str:
    match = re.search(r"'([^']+)' is undefined", str(exc))
    return match.group(1) if match else "a variable"


def _core_properties(properties: dict[str, str], when: date) -> bytes:
    """Document properties from the force, never the template's or the OS user's; fixed
    times so the same case renders to the same bytes."""
    stamp = f"{when.isoformat()}T00:00:00Z"
    fields = "".join(f"<{tag}>{escape(properties.get(key, ''))}</{tag}>" for key, tag in
                     (("title", "dc:title"), ("author", "dc:creator"),
                      ("author", "cp:lastModifiedBy"), ("subject", "dc:subject")))
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
        'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"{fields}<cp:revision>1</cp:revision>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>'
        "</cp:coreProperties>").encode()


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in members.items():
            info = zipfile.ZipInfo(name, ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, content, compresslevel=1)  # 3x faster than 6; ~10% larger
    return buffer.getvalue()


def lint(compiled: Compiled) -> list[str]:
    """Problems with a template as a source: unsafe Jinja, hidden content, split tags."""
    return lint_members(compiled.members)


def lint_members(members: dict[str, bytes]) -> list[str]:
    """`lint` on a template's zip members."""
    problems = []
    for name, content in members.items():
        if name.startswith("docProps/thumbnail") or name.startswith("customXml/"):
            problems.append(f"{name}: templates must not carry thumbnails or custom XML")
        if not name.endswith(".xml"):
            continue
        text = content.decode("utf-8", "replace")
        problems += [f"{name}: {what} is not allowed" for needle, what in FORBIDDEN_IN_TEMPLATES
                     if needle in text]
        problems += [f"{name}: {what} must be removed" for needle, what in HIDDEN_MARKUP
                     if needle in text]
        for run_text in re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", text):
            opened = run_text.count("{{") + run_text.count("{%")
            closed = run_text.count("}}") + run_text.count("%}")
            if opened != closed:
                problems.append(f"{name}: a Jinja tag is split across runs; retype it in one "
                                "go (or rebuild with templates/make_forms.py)")
                break
    return problems


def docx_text(data: bytes) -> str:
    """The visible text of a DOCX (body, then headers and footers), one paragraph a line."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    names = ["word/document.xml"] + sorted(n for n in archive.namelist()
                                           if re.fullmatch(r"word/(header|footer)\d*\.xml", n))
    out = []
    for name in names:
        xml = archive.read(name).decode("utf-8")
        for paragraph in re.findall(r"<w:p[ >].*?</w:p>", xml, flags=re.S):
            paragraph = re.sub(r"<w:br/>", "\n", paragraph)
            texts = re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>|(\n)", paragraph)
            line = "".join(a or b for a, b in texts)
            out.append(_unescape(line))
    return "\n".join(out)


def _unescape(text: str) -> str:
    import html

    return html.unescape(text)
