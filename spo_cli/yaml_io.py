"""Safe YAML reading with ruamel.yaml: every value typed by us, every field located.

Case files are read from the parser's event stream, not through ruamel's constructors, so
that nothing can build objects (tags), expand (aliases), recurse (deep nesting) or silently
re-type data (YAML 1.1, leading zeros). Messages never quote the file's content.
"""

from __future__ import annotations

import contextlib
import math
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ruamel.yaml import events as ev  # this module is never imported by `spo --help`

from .errors import CaseFileError

MAX_BYTES = 1024 * 1024
MAX_DEPTH = 32
MAX_DIGITS = 30
MAX_ITEMS = 500  # items in one list
YEARS = (1900, 2199)  # every date in a case (births, conduct, orders) falls in these years

Path_ = tuple[str | int, ...]

_NULL = {"", "~", "null", "Null", "NULL"}
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"[-+]?[0-9]+")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?")
_SPECIAL_NUMBER = re.compile(r"[-+]?(0o[0-7]+|0x[0-9a-fA-F]+|\.(inf|Inf|INF)|\.(nan|NaN|NAN))")
_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_YAML_BREAKS = re.compile("[\u0085\u2028\u2029]")
_DATE_LIKE = re.compile(r"[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([Tt ].*)?")


@dataclass(frozen=True)
class Problem:
    """Something wrong in the file that is not fatal to reading the rest."""

    path: Path_
    line: int
    column: int
    message: str


@dataclass
class Document:
    """A loaded case file: plain data (dict/list/str/int/float/bool/date/None) and positions."""

    data: dict[str, Any]
    positions: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    notices: list[Problem] = field(default_factory=list)  # read, but worth a warning


def _yaml(pure: bool = False) -> Any:  # ruamel's YAML object (untyped)
    from ruamel.yaml import YAML

    # typ='safe' with the C parser (ruamel.yaml.clib) is ~18x faster than the pure one.
    return YAML(typ="safe", pure=pure)


def read_case_bytes(path: Path) -> bytes:
    """The file's bytes, refusing anything over the size limit, and anything that is not a
    regular file (a FIFO, a device), before reading it."""
    from .input_files import Refused, read_bounded

    try:
        return read_bounded(path, MAX_BYTES)
    except Refused as exc:
        hint = "attach long material as exhibits, not text" if "larger" in str(exc) else None
        message = str(exc)
        if "larger" in message:
            message = "the file is larger than 1 MiB; a case file never needs to be"
        raise CaseFileError(message, hint=hint) from None


def decode(raw: bytes) -> str:
    """UTF-8 text (a UTF-8 BOM is dropped); other encodings are refused with a location."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise CaseFileError("the file is UTF-16; save it as UTF-8", 1, 1)
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, column = _offset_position(raw[: exc.start].decode("utf-8", "replace"))
        raise CaseFileError("the file is not valid UTF-8 (a byte here belongs to another "
                            "encoding)", line, column,
                            hint="save the file as UTF-8") from None
    text = text.replace("\r\n", "\n")
    tab = text.find("\t")
    if tab >= 0:
        raise CaseFileError("a tab character; case files are indented with spaces",
                            *_offset_position(text[:tab]))
    odd = _YAML_BREAKS.search(text)
    if odd:  # YAML reads these as line breaks: inside a value they would silently vanish
        raise CaseFileError(f"a U+{ord(odd.group()):04X} character, which YAML reads as a line "
                            "break; remove it", *_offset_position(text[:odd.start()]))
    return text


def _offset_position(prefix: str) -> tuple[int, int]:
    return prefix.count("\n") + 1, len(prefix) - (prefix.rfind("\n") + 1) + 1


def load_case_text(text: str) -> Document:
    """Build the document from parser events; raise CaseFileError for what stops reading."""
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    try:
        return _Builder().build(_yaml().parse(text))
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise CaseFileError(f"YAML syntax: {_neutral(exc.problem or exc.context)}",
                            mark.line + 1 if mark else None,
                            mark.column + 1 if mark else None) from None
    except YAMLError as exc:  # ReaderError: unacceptable character
        position = getattr(exc, "position", None)
        where = _offset_position(text[:position]) if isinstance(position, int) else (None, None)
        raise CaseFileError("a character that YAML does not allow in a file "
                            "(a control character)", *where) from None


def _neutral(problem: str | None) -> str:
    """ruamel's problem text without any quoted piece of the file."""
    return re.sub(r"'[^']*'|\"[^\"]*\"", "(…)", problem or "not valid YAML").strip()


def load_case_file(path: Path) -> Document:
    """Read, decode and load one case file."""
    return load_case_text(decode(read_case_bytes(path)))


def load_data_file(path: Path) -> Any:
    """A bundled YAML file (schemas, workflows): trusted, plain safe loading. The result is
    kept as JSON in spo's private cache, keyed by the file's sha256 (JSON builds only plain
    data; an entry that is not plain data equal to the YAML is never written)."""
    import hashlib
    import json

    from . import __version__, compile_cache

    raw = path.read_bytes()
    name = hashlib.sha256(b"data-file\0" + __version__.encode() + b"\0" + raw).hexdigest()
    cached = compile_cache.load_bytes(name)
    if cached is not None:
        with contextlib.suppress(ValueError):
            return json.loads(cached)
    data = _yaml().load(raw)
    with contextlib.suppress(TypeError, ValueError):
        text = json.dumps(data)
        if json.loads(text) == data:
            compile_cache.store_bytes(name, text.encode())
    return data


@dataclass
class _Frame:
    """An open mapping or sequence while events are read."""

    container: dict[str, Any] | list[Any]
    path: Path_
    flow: bool
    key: str | None = None           # the key whose value comes next
    overflow: bool = False           # a list past MAX_ITEMS: reported once, rest dropped
    key_plain: bool = False
    last_plain_key: str | None = None  # in a flow mapping: the last key with a plain text value


class _Builder:
    """Turns the event stream into plain data, recording positions and problems."""

    def __init__(self) -> None:
        self.doc = Document(data={})
        self.stack: list[_Frame] = []
        self.documents = 0

    def build(self, events: Any) -> Document:
        root: Any = None
        for event in events:
            if isinstance(event, ev.DocumentStartEvent):
                self._start_document(event)
            elif isinstance(event, ev.AliasEvent):
                self._refuse(event, "an alias (*name); case files may not repeat or "
                             "reference other parts")
            elif isinstance(event, (ev.ScalarEvent, ev.MappingStartEvent,
                                    ev.SequenceStartEvent)):
                self._check_node(event)
                if not self.stack:
                    root = self._root(event)
                elif self._is_key_slot():
                    self._key(event)
                else:
                    self._value(event)
            elif isinstance(event, (ev.MappingEndEvent, ev.SequenceEndEvent)):
                self.stack.pop()
        if root is None or root == "":
            raise CaseFileError("the file holds no case data", 1, 1)
        if not isinstance(root, dict):
            raise CaseFileError("the top level must be a mapping of sections "
                                "(schema:, application:, …), not a list or a single value", 1, 1)
        self.doc.data = root
        return self.doc

    def _start_document(self, event: Any) -> None:
        self.documents += 1
        if self.documents > 1:
            raise CaseFileError("more than one YAML document (---); one case per file",
                                *_mark(event))
        if event.version is not None and tuple(event.version) != (1, 2):
            raise CaseFileError("a %YAML directive for a version other than 1.2; remove it "
                                "(case files are YAML 1.2)", *_mark(event))
        if event.tags:
            raise CaseFileError("a %TAG directive; tags are not allowed", *_mark(event))

    def _refuse(self, event: Any, message: str) -> None:
        raise CaseFileError(message, *_mark(event))

    def _check_node(self, event: Any) -> None:
        if event.anchor is not None:
            self._refuse(event, "an anchor (&name); case files may not use anchors or aliases")
        if event.tag is not None:
            self._refuse(event, "a YAML tag (!…); tags are not allowed in case files")

    def _root(self, event: Any) -> Any:
        self.doc.positions[()] = _mark(event)
        if _is_scalar(event):
            return resolve_scalar(event.value, plain=not event.style)[0]
        return self._open(event, ())

    def _is_key_slot(self) -> bool:
        frame = self.stack[-1]
        return isinstance(frame.container, dict) and frame.key is None

    def _key(self, event: Any) -> None:
        if not _is_scalar(event):
            self._refuse(event, "a key that is a list or mapping; keys must be plain names")
        frame = self.stack[-1]
        key = str(event.value)
        if key in frame.container:
            first = self.doc.positions.get((*frame.path, key), (None, None))[0]
            self.doc.problems.append(Problem(
                (*frame.path, key), *_mark(event),
                f"duplicate key '{_safe_key(key)}' (first given on line {first}); "
                "each key may appear once"))
            key = _DuplicateKey(key)  # the second value is read but never stored
        frame.key, frame.key_plain = key, not event.style
        self.doc.positions.setdefault((*frame.path, str(key)), _mark(event))

    def _value(self, event: Any) -> None:
        frame = self.stack[-1]
        if isinstance(frame.container, list):
            path: Path_ = (*frame.path, len(frame.container))
            self.doc.positions[path] = _mark(event)
        else:
            path = (*frame.path, frame.key)  # type: ignore[arg-type]  # a mapping's key: str
            if self._comma_continuation(frame, event):
                return
        if _is_scalar(event):
            value, problem = resolve_scalar(event.value, plain=not event.style)
            if problem:
                self.doc.problems.append(Problem(path, *_mark(event), problem))
        else:
            value = self._open(event, path)
        self._store(frame, value, plain_text=_is_scalar(event) and not event.style
                    and isinstance(value, str))

    def _comma_continuation(self, frame: _Frame, event: Any) -> bool:
        """`{description: Doorbell video, 2 June 2026}`: YAML reads `2 June 2026` as a key
        with no value; the writer meant one value with a comma. Rejoin it and warn."""
        if not (frame.flow and frame.key_plain and frame.last_plain_key and _is_scalar(event)
                and not event.style and event.value == ""):
            return False
        container = frame.container
        assert isinstance(container, dict)
        container[frame.last_plain_key] += ", " + str(frame.key)
        self.doc.positions.pop((*frame.path, str(frame.key)), None)
        self.doc.notices.append(Problem(
            (*frame.path, frame.last_plain_key), *_mark(event),
            "a comma inside an unquoted value in {…} ends the value in YAML; read here as part "
            "of the value, but put the value in quotes so every YAML reader agrees"))
        frame.key = None
        return True

    def _store(self, frame: _Frame, value: Any, plain_text: bool) -> None:
        if isinstance(frame.container, list):
            if len(frame.container) >= MAX_ITEMS:
                self._overflow(frame)
                return
            frame.container.append(value)
            return
        key = frame.key
        frame.key = None
        if isinstance(key, _DuplicateKey) or key is None:
            return
        frame.container[key] = value
        frame.last_plain_key = key if plain_text else None

    def _overflow(self, frame: _Frame) -> None:
        """One located problem per list that is longer than MAX_ITEMS."""
        if frame.overflow:
            return
        frame.overflow = True
        where = self.doc.positions.get((*frame.path, MAX_ITEMS), (0, 0))
        self.doc.problems.append(Problem(
            frame.path, *where, f"a list of more than {MAX_ITEMS} items; a case file never "
            "needs so many (this is where the limit was passed)"))

    def _open(self, event: Any, path: Path_) -> Any:
        if len(self.stack) >= MAX_DEPTH:
            self._refuse(event, f"nesting deeper than {MAX_DEPTH} levels; "
                         "case files are never this deep")
        value: Any = {} if isinstance(event, ev.MappingStartEvent) else []
        self.stack.append(_Frame(value, path, flow=bool(event.flow_style)))
        return value


def _is_scalar(event: Any) -> bool:
    return isinstance(event, ev.ScalarEvent)


class _DuplicateKey(str):
    """Marks the second occurrence of a key so its value is not stored."""


def _safe_key(key: str) -> str:
    """A key is a field name, but a duplicated one may be anything: show it only if it looks
    like a field name."""
    return key if re.fullmatch(r"[a-z_][a-z0-9_]{0,40}", key) else "…"


def _mark(event: Any) -> tuple[int, int]:
    mark = event.start_mark
    return (mark.line + 1, mark.column + 1) if mark is not None else (0, 0)


def lookup(node: Any, path: Path_) -> Any:
    """The value at `path` in nested mappings and lists, or None."""
    for part in path:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return None
    return node


def resolve_scalar(text: str, plain: bool) -> tuple[Any, str | None]:
    """YAML 1.2 core typing for plain scalars, plus dates; quoted scalars stay text."""
    if not plain:
        return text, None
    if text in _NULL:
        return None, None
    if text in _BOOL:
        return _BOOL[text], None
    if _INT.fullmatch(text):
        digits = text.lstrip("+-")
        if len(digits) > MAX_DIGITS:  # int() of 4,300+ digits raises; no field needs 30
            return text, f"a number with more than {MAX_DIGITS} digits; if it is text, put " \
                         "it in quotes"
        if len(digits) > 1 and digits.startswith("0"):
            return text, ("a number with a leading zero; if it is text (a phone number, "
                          "postcode, reference), put it in quotes")
        return int(text), None
    if _SPECIAL_NUMBER.fullmatch(text):
        return text, "an octal, hex, infinite or not-a-number value; put text in quotes"
    if _FLOAT.fullmatch(text):
        number = float(text)
        return (number, None) if math.isfinite(number) else (text, "a number out of range")
    match = _DATE.fullmatch(text)
    if match:
        try:
            value = date(*map(int, match.groups()))
        except ValueError:
            return text, "not a real date (dates are YYYY-MM-DD)"
        if not YEARS[0] <= value.year <= YEARS[1]:  # date sums near year 1 or 9999 overflow
            return text, f"a date outside the years {YEARS[0]} to {YEARS[1]}; check the year"
        return value, None
    if _DATE_LIKE.fullmatch(text):
        return text, "a date in the wrong form; write dates as YYYY-MM-DD, without a time"
    return text, None
