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
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cache, cached_property
from html import escape
from pathlib import Path
from typing import Any

from . import __version__, compile_cache, zip_writer
from .errors import TemplateError

RENDERED_PARTS = re.compile(r"word/(document|header\d*|footer\d*)\.xml")
FORBIDDEN_IN_TEMPLATES = (("|safe", "the 'safe' filter"), ("autoescape false", "autoescape off"),
                          ("Markup(", "Markup()"), ("{% include", "include"),
                          ("{% import", "import"), ("{% extends", "extends"))
HIDDEN_MARKUP = (("<w:ins ", "tracked insertions"), ("<w:del ", "tracked deletions"),
                 ("<w:vanish", "hidden text"), ("w:commentReference", "comments"))


@dataclass
class Compiled:
    """A template ready to render many times."""

    path: Path
    sha256: str
    package: bytes                 # the template file as read
    parts: dict[str, Any]          # part name -> compiled Jinja template
    variables: frozenset[str]      # top-level names the template uses
    order: list[str] = field(default_factory=list)  # member names, in the template's order

    @cached_property
    def members(self) -> dict[str, bytes]:
        """Every member, uncompressed (for lint and checks; rendering copies them raw)."""
        return checked_members(self.path, self.package)

    @cached_property
    def raw(self) -> dict[str, zip_writer.Raw]:
        """Every member as stored, for copying unchanged into a rendered DOCX."""
        return zip_writer.raw_members(self.package)


class _Fields(dict[str, Any]):
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


def environment() -> Any:
    """The one Jinja environment for every form: the sandbox of jinja_policy."""
    from .jinja_policy import environment as sandboxed

    return sandboxed()


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
    raw = read_template(path)
    digest = hashlib.sha256(raw).hexdigest()
    key = (path.resolve(), digest)
    if key not in _compiled:
        _compiled[key] = _compile(path, raw, digest)
    return _compiled[key]


def _compile(path: Path, raw: bytes, digest: str) -> Compiled:
    """From the on-disk cache when it holds this template's code (see compile_cache), else
    checked, compiled here and stored there."""
    import jinja2

    env = environment()
    flavour = compile_cache.flavour(env, jinja2.__version__) + ":" + _checks_digest()
    name = compile_cache.key(digest, __version__, flavour)
    cached = compile_cache.load(name)
    if cached is not None and "word/document.xml" in cached.parts:
        # An entry is stored only after the package checks (docx_package: external links,
        # macros, sizes, names, methods, CRCs) passed for these exact bytes, and its key is
        # their sha256 under this spo version: a hit is that verdict, so the members are not
        # read again (they are read lazily if ever needed; see Compiled.members).
        return Compiled(path, digest, raw, _templates(env, cached.parts), cached.variables,
                        list(cached.order))
    members = checked_members(path, raw)  # every member read, size-capped, CRCs checked
    codes, variables = _compile_parts(path, members)
    compile_cache.store(name, compile_cache.Entry(codes, variables, tuple(members)))
    compiled = Compiled(path, digest, raw, _templates(env, codes), variables, list(members))
    compiled.__dict__["members"] = members
    return compiled


@cache
def _checks_digest() -> str:
    """The package checks' own source in the cache key: an entry stands for the verdict of
    these checks, so changed checks (even under the same version) judge every template anew."""
    from . import docx_package

    return hashlib.sha256(Path(docx_package.__file__).read_bytes()).hexdigest()[:16]


def _templates(env: Any, codes: dict[str, Any]) -> dict[str, Any]:
    return {part: env.template_class.from_code(env, code, env.make_globals(None), None)
            for part, code in codes.items()}


def _compile_parts(path: Path, members: dict[str, bytes]) -> tuple[dict[str, Any],
                                                                   frozenset[str]]:
    """Jinja code for every rendered part (parsed once), and the variables it uses."""
    from docxtpl import DocxTemplate
    from jinja2 import TemplateSyntaxError, meta

    env = environment()
    patcher = DocxTemplate.__new__(DocxTemplate)  # only its text-patching methods are used
    parts, variables = {}, set()
    for name, content in members.items():
        if not RENDERED_PARTS.fullmatch(name):
            continue
        xml = patcher.patch_xml(content.decode("utf-8"))
        xml = re.sub(r"<w:p([ >])", r"\n<w:p\1", xml)  # as docxtpl: {%p%} works per line
        try:
            tree = env.parse(xml)
            variables |= meta.find_undeclared_variables(tree)
            parts[name] = env.compile(tree)
        except TemplateSyntaxError as exc:
            split = [p for p in lint_members(members) if "split across runs" in p]
            raise TemplateError(f"template {path.name}: " + (split[0] if split else
                                f"part {name}: Jinja syntax error ({exc.message})")) from None
    if "word/document.xml" not in parts:
        raise TemplateError(f"template {path.name} has no word/document.xml")
    return parts, frozenset(variables)


def render(compiled: Compiled, context: dict[str, Any], properties: dict[str, str],
           when: date) -> bytes:
    """The rendered DOCX as bytes; TemplateError names a missing variable, never a value."""
    from lxml import etree

    output: dict[str, bytes] = {}
    for name, template in compiled.parts.items():
        xml = _render_part(compiled, name, template, context)
        xml = re.sub(r"\n<w:p([ >])", r"<w:p\1", xml)
        xml = line_breaks(xml)  # "\n" in a value -> line break
        try:  # strict: a value must never change the document's structure
            etree.fromstring(xml.encode("utf-8"))
        except etree.XMLSyntaxError:
            raise TemplateError(f"template {compiled.path.name}: part {name} is not "
                                "well-formed after rendering") from None
        output[name] = xml.encode("utf-8")
    output["docProps/core.xml"] = _core_properties(properties, when)
    output.update(_replaced_properties(dict.fromkeys(compiled.order), properties))
    for name in compiled.order:  # a member stored in a way we do not copy: re-deflate it
        if name not in output and name not in compiled.raw:
            output[name] = compiled.members[name]
    order = compiled.order + [n for n in output if n not in compiled.order]
    return zip_writer.write(order, output, compiled.raw)


def read_template(path: Path) -> bytes:
    """A template's bytes: a regular file under the size limit, checked before reading."""
    from .docx_package import MAX_TEMPLATE_BYTES
    from .input_files import Refused, read_bounded

    try:
        return read_bounded(path, MAX_TEMPLATE_BYTES)
    except Refused as exc:
        raise TemplateError(f"template {path.name} cannot be used: {exc}") from None


def checked_members(path: Path, raw: bytes) -> dict[str, bytes]:
    """The template's zip members after the package checks (docx_package)."""
    from .docx_package import PackageProblem, read_members

    try:
        return read_members(raw)
    except PackageProblem as exc:
        raise TemplateError(f"template {path.name} cannot be used: {exc}") from None


def _render_part(compiled: Compiled, name: str, template: Any, context: dict[str, Any]) -> str:
    """One part rendered in the sandbox; any failure of the template's own code (a missing
    value, 1/0, a type error, a sandbox refusal) is a TemplateError naming the template and
    line, never a traceback and never a value."""
    from jinja2 import TemplateError as JinjaError
    from jinja2 import UndefinedError

    try:
        return str(template.render(named(context)))
    except UndefinedError as exc:
        raise TemplateError(f"template {compiled.path.name} needs a value the form does "
                            f"not provide: {_undefined_name(exc)}") from None
    except (JinjaError, ArithmeticError, TypeError, ValueError, AttributeError, LookupError,
            RecursionError) as exc:
        raise TemplateError(f"template {compiled.path.name}: part {name}"
                            f"{_template_line(exc)} failed ({type(exc).__name__})") from None


def _template_line(exc: BaseException) -> str:
    """' line N' of the template where `exc` was raised, if Jinja's traceback knows it."""
    tb = exc.__traceback__
    line = None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            line = tb.tb_lineno
        tb = tb.tb_next
    return f" line {line}" if line else ""


def _replaced_properties(members: Mapping[str, object],
                         properties: dict[str, str]) -> dict[str, bytes]:
    """app.xml and custom.xml come from the force like core.xml, never from the template's
    author (Company, Manager, custom fields)."""
    replaced = {}
    if "docProps/app.xml" in members:
        replaced["docProps/app.xml"] = (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
            'extended-properties"><Application>spo</Application>'
            f"<Company>{escape(properties.get('author', ''))}</Company>"
            "</Properties>").encode()
    if "docProps/custom.xml" in members:
        replaced["docProps/custom.xml"] = (
            b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
            b'custom-properties"/>')
    return replaced


def _undefined_name(exc: Exception) -> str:
    match = re.search(r"'([^']+)' is undefined", str(exc))
    return match.group(1) if match else "a variable"


def _core_properties(properties: dict[str, str], when: date) -> bytes:
    """Document properties from the force, never the template's or the OS user's; fixed
    times so the same case renders to the same bytes."""
    stamp = f"{when.isoformat()}T00:00:00Z"
    fields = "".join(f"<{tag}>{escape(properties.get(key, ''), quote=False)}</{tag}>"
                     for key, tag in
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


_TEXT_WITH_BREAKS = re.compile(r"<w:t(?: [^>]*)?>[^<]*[\t\a\n\f][^<]*</w:t>")


def line_breaks(xml: str) -> str:
    """Tabs, line breaks and page breaks in values become Word's own elements, in the run's
    and paragraph's formatting: the same result as docxtpl's resolve_listing (a test compares
    them), without importing docxtpl (python-docx) on every render."""
    if not _TEXT_WITH_BREAKS.search(xml):
        return xml
    return re.sub(r"<w:p(?: [^>]*)?>.*?</w:p>", _paragraph_breaks, xml, flags=re.DOTALL)


def _paragraph_breaks(paragraph: re.Match[str]) -> str:
    found = re.search(r"<w:pPr>.*?</w:pPr>", paragraph.group(0))
    p_props = found.group(0) if found else ""

    def run(match: re.Match[str]) -> str:
        found = re.search(r"<w:rPr>.*?</w:rPr>", match.group(0))
        r_props = found.group(0) if found else ""
        return re.sub(r"<w:t(?: [^>]*)?>.*?</w:t>",
                      lambda text: _text_breaks(text.group(0), p_props, r_props),
                      match.group(0), flags=re.DOTALL)

    return re.sub(r"<w:r(?: [^>]*)?>.*?</w:r>", run, paragraph.group(0), flags=re.DOTALL)


def _text_breaks(text: str, p_props: str, r_props: str) -> str:
    reopen = '<w:t xml:space="preserve">'
    text = text.replace("\t", f"</w:t></w:r><w:r>{r_props}<w:tab/></w:r><w:r>{r_props}{reopen}")
    text = text.replace("\a", f"</w:t></w:r></w:p><w:p>{p_props}<w:r>{r_props}{reopen}")
    text = text.replace("\n", f"</w:t><w:br/>{reopen}")
    return text.replace("\f", '</w:t></w:r></w:p><w:p><w:r><w:br w:type="page"/></w:r></w:p>'
                        f"<w:p>{p_props}<w:r>{r_props}{reopen}")


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
        problems += _tree_problems(name, text)
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


def _tree_problems(name: str, xml: str) -> list[str]:
    """jinja_policy's checks on the Jinja tree of a rendered part (as docxtpl patches it)."""
    from docxtpl import DocxTemplate

    from .jinja_policy import problems

    if not RENDERED_PARTS.fullmatch(name):
        return []
    patcher = DocxTemplate.__new__(DocxTemplate)
    source = re.sub(r"<w:p([ >])", r"\n<w:p\1", patcher.patch_xml(xml))
    return [f"{name}: {problem}" for problem in problems(source)]


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
