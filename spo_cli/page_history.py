"""How many pages LibreOffice made of documents like this one before: a guess that lets a
first `spo bundle` of a case print its index page numbers with one LibreOffice start.

The bundle's index and checklist print each document's page range, which only LibreOffice
knows once it has laid the forms out. Page counts follow the length of the text closely
(for 12 of the 16 fixtures, every form's count is guessed right from the other 15), so
each bundle records, per form and template, the length of every document's text and the
pages it took; the next bundle guesses from the nearest length. A guess is never printed
unchecked: the bundle compares it with the real counts after the conversion and converts
the index again when it was wrong.

The history holds form ids, template digests and numbers only (no case value), in spo's
private cache folder, stored and read like any cache entry (compile_cache: 0700 folder, a
private file within a size bound, its checksum matching), every value checked; anything else
is ignored.
"""

from __future__ import annotations

import io
import json
import re
import zipfile

from . import compile_cache

FOLDER, NAME = "pages", "history.json"
MAX_FILE = 256 * 1024   # bytes
KEEP = 64               # the most recent observations kept per form and template
_TEXT = re.compile(rb"<w:t(?:\s[^>]*)?>([^<]*)</w:t>")

History = dict[str, list[list[int]]]  # "form id:template sha256" -> [[text length, pages]]


def text_length(docx: bytes) -> int:
    """The length of a document's text (its w:t runs), the measure pages are guessed from."""
    with zipfile.ZipFile(io.BytesIO(docx)) as package:
        return sum(len(run) for run in _TEXT.findall(package.read("word/document.xml")))


def guess_all(wanted: dict[str, tuple[str, int | None]]) -> dict[str, int]:
    """Form id -> pages for every form asked, as form id -> (template sha256, text length,
    or None for a document not yet rendered: the count most often recorded); {} unless the
    history knows every one of them."""
    history = load()
    found = {}
    for form_id, (sha, length) in wanted.items():
        seen = history.get(f"{form_id}:{sha}")
        if not seen:
            return {}
        if length is None:
            counts = [pages for _, pages in seen]
            found[form_id] = max(set(counts), key=counts.count)
        else:
            found[form_id] = min(seen, key=lambda pair: abs(pair[0] - length))[1]
    return found


def record(observed: dict[tuple[str, str], tuple[int, int]]) -> None:
    """Add (form id, template sha256) -> (text length, pages) observations. Best effort: a
    cache that cannot be written costs only the next guess."""
    history = load()
    for (form_id, sha), pair in observed.items():
        key = f"{form_id}:{sha}"
        kept = [p for p in history.get(key, []) if p[0] != pair[0]] + [list(pair)]
        history[key] = kept[-KEEP:]
    data = json.dumps(history, separators=(",", ":")).encode()
    if len(data) > MAX_FILE:  # keep the newest half of every entry
        data = json.dumps({k: v[-KEEP // 2:] for k, v in history.items()},
                          separators=(",", ":")).encode()
    compile_cache.store_bytes(NAME, data, FOLDER)


def load() -> History:
    """The history, or nothing when it is missing, untrustworthy or malformed."""
    raw = compile_cache.load_bytes(NAME, FOLDER, MAX_FILE)
    try:
        loaded = json.loads(raw) if raw else {}
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
