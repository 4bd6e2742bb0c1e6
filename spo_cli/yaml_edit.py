"""Editing case files with ruamel.yaml's round-trip mode (interview, authorise): comments, key
order and layout are kept; strings a YAML 1.1 reader would misread are written quoted."""

from __future__ import annotations

import hashlib
import io
import os
import re
from pathlib import Path
from typing import Any

from .errors import CaseError, CaseFileError
from .yaml_io import Path_, decode, load_case_text, lookup, read_case_bytes, resolve_scalar

_YAML11_WORDS = {"y", "n", "yes", "no", "on", "off", "true", "false", "null", "~"}


class RoundTrip:
    """A case file open for editing with ruamel's round-trip mode. Only files the safe loader
    has accepted are edited, so nothing hostile reaches this mode."""

    def __init__(self, path: Path, text: str | None) -> None:
        from ruamel.yaml import YAML

        self.path = path
        # sha256 of the file as this edit last read or wrote it (None: it did not exist);
        # _UNKNOWN for a document built from text, which save() then takes as it finds it
        self.baseline: str | None = _UNKNOWN
        self.yaml = YAML(typ="rt")
        self.yaml.preserve_quotes = True
        self.yaml.width = 100
        self.yaml.indent(mapping=2, sequence=4, offset=2)
        if text is None:
            from ruamel.yaml.comments import CommentedMap

            self.data = CommentedMap()
            self.data.yaml_set_start_comment("SPO case file, written by spo interview.")
            self.data["schema"] = "spo-case/1"
        else:
            self.data = self.yaml.load(text)

    @classmethod
    def open(cls, path: Path) -> RoundTrip:
        """The file at `path` (checked by the safe loader first), or a new case."""
        if not path.exists() and not path.is_symlink():
            opened = cls(path, None)
            opened.baseline = None
            return opened
        raw = read_case_bytes(path)
        text = decode(raw)
        document = load_case_text(text)
        if document.problems:
            problem = document.problems[0]
            raise CaseFileError(problem.message, problem.line, problem.column)
        opened = cls(path, text)
        opened.baseline = hashlib.sha256(raw).hexdigest()
        return opened

    def get(self, path: Path_) -> Any:
        """The value at `path`, or None."""
        return lookup(self.data, path)

    def set(self, path: Path_, value: Any) -> None:
        """Set `path` to `value`, creating mappings (and list items) on the way."""
        from ruamel.yaml.comments import CommentedMap, CommentedSeq

        node: Any = self.data
        for part, following in zip(path, path[1:], strict=False):
            if isinstance(node, list):
                while len(node) <= part:  # type: ignore[operator]  # a list's key is an int
                    node.append(CommentedMap())
                node = node[part]  # type: ignore[index]  # a list's key is an int
                continue
            if node.get(part) is None:
                node[part] = CommentedSeq() if isinstance(following, int) else CommentedMap()
            node = node[part]
        last = path[-1]
        if isinstance(node, list):
            while len(node) <= last:  # type: ignore[operator]  # a list's key is an int
                node.append(None)
        node[last] = _for_yaml(value)

    def remove(self, path: Path_) -> None:
        """Delete `path` if present."""
        parent = self.get(path[:-1])
        if isinstance(parent, dict) and path[-1] in parent:
            del parent[path[-1]]

    def text(self) -> str:
        """The document as YAML text."""
        buffer = io.StringIO()
        self.yaml.dump(self.data, buffer)
        return buffer.getvalue()

    def save(self) -> None:
        """Write atomically; the result must load cleanly with the safe loader."""
        from .outputs import write_atomic

        text = self.text()
        document = load_case_text(text)
        if document.problems:  # never write what spo itself would refuse to read
            raise CaseFileError("the edited case could not be written safely "
                                f"({document.problems[0].message})")
        target = self._target()
        if self.baseline is not _UNKNOWN and _current(target) != self.baseline:
            raise CaseError("the case file changed on disk since spo read it (another edit "
                            "or program); nothing was written, so that change is kept",
                            hint="run the command again to work on the current file")
        target.parent.mkdir(parents=True, exist_ok=True)
        self.baseline = write_atomic(target, text.encode("utf-8"))

    def _target(self) -> Path:
        """The file to replace: a symlinked case file is written through to its target (the
        link stays a link), never replaced by a copy."""
        if not self.path.is_symlink():
            return self.path
        target = Path(os.path.realpath(self.path))
        if target.exists() and not target.is_file():
            raise CaseFileError("the case file is a link to something that is not a file")
        return target


_UNKNOWN = "unknown"


def _current(path: Path) -> str | None:
    """The sha256 of the file at `path` now, or None if there is none."""
    if not path.exists():
        return None
    return hashlib.sha256(read_case_bytes(path)).hexdigest()


def _for_yaml(value: Any) -> Any:
    """Strings a YAML 1.1 reader (or our own) would misread are written quoted; text with line
    breaks as a literal block."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString, LiteralScalarString

    if isinstance(value, dict) and not isinstance(value, CommentedMap):
        return CommentedMap((k, _for_yaml(v)) for k, v in value.items())
    if isinstance(value, list):
        seq = CommentedSeq(_for_yaml(v) for v in value)
        if all(not isinstance(v, (dict, list)) for v in value) and len(value) <= 6:
            seq.fa.set_flow_style()
        return seq
    if not isinstance(value, str):
        return value
    if "\n" in value:
        return LiteralScalarString(value)
    typed, problem = resolve_scalar(value, plain=True)
    if problem or not isinstance(typed, str) or value.strip().lower() in _YAML11_WORDS \
            or re.fullmatch(r"[0-9:]+", value) or value != value.strip():
        return DoubleQuotedScalarString(value)
    return value
