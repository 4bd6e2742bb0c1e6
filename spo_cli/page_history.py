"""How many pages LibreOffice made of documents like this one before: a guess that lets a
first `spo bundle` of a case print its index page numbers with one LibreOffice start.

The bundle's index and checklist print each document's page range, which only LibreOffice
knows once it has laid the forms out. Page counts follow the length of the text closely
(for 12 of the 16 fixtures, every form's count is guessed right from the other 15), so each
bundle records, per form
and template, the length of every document's text and the pages it took; the next bundle
guesses from the nearest length. A guess is never printed unchecked: the bundle compares it
with the real counts after the conversion and converts the index again when it was wrong.

The history holds form ids, template digests and numbers only (no case value), in spo's
private cache folder (0700), read as untrusted input: a regular file of this user that
nobody else can write, within a size bound, every entry checked; anything else is ignored.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import stat
import tempfile
import zipfile
from pathlib import Path

from . import compile_cache

MAX_FILE = 256 * 1024   # bytes
KEEP = 64               # the most recent observations kept per form and template
_TEXT = re.compile(rb"<w:t(?:\s[^>]*)?>([^<]*)</w:t>")


def text_length(docx: bytes) -> int:
    """The length of a document's text (its w:t runs), the measure pages are guessed from."""
    with zipfile.ZipFile(io.BytesIO(docx)) as package:
        return sum(len(run) for run in _TEXT.findall(package.read("word/document.xml")))


def guess(form_id: str, template_sha256: str, length: int) -> int | None:
    """Pages of the recorded document of this form and template nearest in length, or None."""
    seen = _load().get(f"{form_id}:{template_sha256}", [])
    if not seen:
        return None
    return min(seen, key=lambda pair: abs(pair[0] - length))[1]


def usual(form_id: str, template_sha256: str) -> int | None:
    """The page count most often recorded for this form and template, or None."""
    seen = [pages for _, pages in _load().get(f"{form_id}:{template_sha256}", [])]
    return max(set(seen), key=seen.count) if seen else None


def record(observed: dict[tuple[str, str], tuple[int, int]]) -> None:
    """Add (form id, template sha256) -> (text length, pages) observations. Best effort: a
    cache that cannot be written costs only the next guess."""
    where = _path()
    if where is None:
        return
    history = _load()
    for (form_id, sha), pair in observed.items():
        key = f"{form_id}:{sha}"
        kept = [p for p in history.get(key, []) if p[0] != pair[0]] + [list(pair)]
        history[key] = kept[-KEEP:]
    data = json.dumps(history, separators=(",", ":")).encode()
    if len(data) > MAX_FILE:  # keep the newest half of every entry
        history = {k: v[-KEEP // 2:] for k, v in history.items()}
        data = json.dumps(history, separators=(",", ":")).encode()
    with contextlib.suppress(OSError):
        handle, temp = tempfile.mkstemp(dir=where.parent, prefix=".pages-")
        try:
            with os.fdopen(handle, "wb") as sink:
                sink.write(data)
            os.replace(temp, where)
        finally:
            with contextlib.suppress(OSError):
                os.unlink(temp)


def _path() -> Path | None:
    folder = compile_cache.folder("pages")
    return None if folder is None else folder / "history.json"


def _load() -> dict[str, list[list[int]]]:
    """The history, or nothing when it is missing, not ours, too large or malformed."""
    where = _path()
    if where is None:
        return {}
    try:
        descriptor = os.open(where, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return {}
    with os.fdopen(descriptor, "rb") as source:
        info = os.fstat(source.fileno())
        if not stat.S_ISREG(info.st_mode) or info.st_uid != os.getuid() or \
                info.st_mode & 0o022 or info.st_size > MAX_FILE:
            return {}
        raw = source.read(MAX_FILE + 1)
    try:
        loaded = json.loads(raw)
    except ValueError:
        return {}
    if not isinstance(loaded, dict):
        return {}
    return {key: [[n, pages] for n, pages in value[-KEEP:]]
            for key, value in loaded.items() if isinstance(key, str) and _pairs(value)}


def _pairs(value: object) -> bool:
    return isinstance(value, list) and all(
        isinstance(p, list) and len(p) == 2 and all(type(n) is int for n in p)
        and 0 <= p[0] < 10_000_000 and 0 < p[1] < 10_000 for p in value)
