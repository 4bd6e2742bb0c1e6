"""A force's DOCX template is untrusted input: its zip package is checked member by member
before any member is decompressed for use.

Refused: names that could leave a folder, compression methods other than stored/deflate,
encrypted members, members whose declared or actual size passes a limit (a zip bomb), and
content that reaches outside the document or runs code: external relationships (linked
images, hyperlinks, attached templates, frames), altChunk imports, OLE objects, ActiveX
controls, macros and custom XML. LibreOffice then has nothing to fetch or run.
"""

from __future__ import annotations

import io
import re
import zipfile

MAX_TEMPLATE_BYTES = 20 * 1024 * 1024       # the .docx file itself
MAX_MEMBER_BYTES = 32 * 1024 * 1024         # one member, uncompressed
MAX_TOTAL_BYTES = 64 * 1024 * 1024          # all members, uncompressed
MAX_MEMBERS = 500
_METHODS = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)
# member names that hold active or embedded content (lower case)
_ACTIVE_MEMBERS = (
    (re.compile(r".*vbaproject\.bin|.*vbadata\.xml|.*\.bin$"), "macros or binary objects"),
    (re.compile(r"word/activex/.*"), "ActiveX controls"),
    (re.compile(r"word/embeddings/.*"), "embedded (OLE) objects"),
    (re.compile(r"customxml/.*"), "custom XML"),
    (re.compile(r".*\.(docm|dotm|xlsm|exe|dll|js|vbs|ps1|hta)$"), "executable content"),
)
_ACTIVE_MARKUP = (
    (b'TargetMode="External"', "an external relationship (a linked image, hyperlink, "
                               "attached template or frame)"),
    (b"TargetMode='External'", "an external relationship"),
    (b"<w:altChunk", "an altChunk (imported document)"),
    (b"<o:OLEObject", "an OLE object"),
    (b"<w:object", "an embedded object"),
    (b"<w:control", "an ActiveX control"),
    (b"macroEnabled", "a macro-enabled content type"),
    (b"vbaProject", "macros"),
    (b"INCLUDEPICTURE", "a field that fetches a picture"),
    (b"INCLUDETEXT", "a field that imports a file"),
    (b"<w:attachedTemplate", "an attached template"),
    (b"<!DOCTYPE", "a DOCTYPE (entity definitions)"),
    (b"<!ENTITY", "an entity definition"),
)


class PackageProblem(Exception):
    """The package is refused; the message names the member, never its content."""


def read_members(raw: bytes) -> dict[str, bytes]:
    """Every member of a checked DOCX package, or PackageProblem for the first refusal."""
    if len(raw) > MAX_TEMPLATE_BYTES:
        raise PackageProblem(f"the file is larger than {MAX_TEMPLATE_BYTES >> 20} MiB")
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
        infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError, EOFError):
        raise PackageProblem("it is not a DOCX file") from None
    if len(infos) > MAX_MEMBERS:
        raise PackageProblem(f"it has more than {MAX_MEMBERS} members")
    for info in infos:
        _check_info(info)
    if sum(info.file_size for info in infos) > MAX_TOTAL_BYTES:
        raise PackageProblem(f"its members add up to more than {MAX_TOTAL_BYTES >> 20} MiB")
    members = {info.filename: _read(archive, info) for info in infos}
    for name, content in members.items():
        _check_content(name, content)
    return members


def _check_info(info: zipfile.ZipInfo) -> None:
    name = info.filename
    label = _label(name)
    if name.startswith(("/", "\\")) or re.match(r"[A-Za-z]:", name) or \
            ".." in re.split(r"[/\\]", name) or "\\" in name or "\x00" in name:
        raise PackageProblem(f"member {label} has an absolute name or one with '..'")
    if info.compress_type not in _METHODS:
        raise PackageProblem(f"member {label} uses a compression method other than deflate")
    if info.flag_bits & 0x1:
        raise PackageProblem(f"member {label} is encrypted")
    if info.file_size > MAX_MEMBER_BYTES:
        raise PackageProblem(f"member {label} declares more than {MAX_MEMBER_BYTES >> 20} MiB")
    for pattern, what in _ACTIVE_MEMBERS:
        if pattern.fullmatch(name.lower()):
            raise PackageProblem(f"member {label} holds {what}")


def _read(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """The member, reading at most the limit: a lying size header cannot exhaust memory."""
    try:
        with archive.open(info) as handle:
            data = handle.read(MAX_MEMBER_BYTES + 1)
    except (zipfile.BadZipFile, RuntimeError, NotImplementedError, ValueError, EOFError,
            OSError):
        raise PackageProblem(f"member {_label(info.filename)} cannot be read") from None
    if len(data) > MAX_MEMBER_BYTES:
        raise PackageProblem(f"member {_label(info.filename)} is larger than "
                             f"{MAX_MEMBER_BYTES >> 20} MiB")
    return data


def _check_content(name: str, content: bytes) -> None:
    if not name.lower().endswith((".xml", ".rels")):
        return
    for needle, what in _ACTIVE_MARKUP:
        if needle in content:
            raise PackageProblem(f"member {_label(name)} holds {what}")


def _label(name: str) -> str:
    """A member name fit for a message (names are the template author's, but bounded)."""
    clean = "".join(c if c.isprintable() else "?" for c in name[:80])
    return clean or "(no name)"
