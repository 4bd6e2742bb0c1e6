"""What a value may hold to go on a court form exactly as written: no control, direction or
invisible characters, no emoji, no renderer markers, bounded lengths (hazards: data must reach
a court form exactly as written). Messages name code points, never content."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Mapping
from typing import Any

from .model import Path_

MAX_LINE = 300        # characters in a one-line field
MAX_PROSE = 20_000    # characters in a narrative field
MAX_TOKEN = 120       # characters without a space: longer stalls LibreOffice and breaks layout

_BIDI = set(range(0x202A, 0x202F)) | set(range(0x2066, 0x206A)) | {0x061C, 0x200E, 0x200F}
_INVISIBLE = {0x00AD, 0x200B, 0x2028, 0x2029, 0x2060, 0xFEFF}
_DOCXTPL_MARKERS = ("{_{", "}_}", "{_%", "%_}")


def text_problem(value: str, prose: bool) -> str | None:
    """Why `value` cannot go on a form as it is, or None. Names code points, not content."""
    for index, char in enumerate(value):
        code = ord(char)
        if char == "\n" and prose:
            continue
        if unicodedata.category(char) in ("Cc", "Cs", "Co") or code in (0xFFFE, 0xFFFF):
            what = "a line break (allowed only in narrative fields)" if char == "\n" \
                else f"a control or invalid character (U+{code:04X})"
            return f"contains {what}"
        if code in _BIDI:
            return f"contains a text-direction control character (U+{code:04X}) that can " \
                   "make text display differently from what is stored"
        if code in _INVISIBLE or _hides_content(value, index, char):
            return f"contains an invisible or format character (U+{code:04X}) that would " \
                   "hide or fake content on the form"
        if code >= 0x1F000 or 0x2600 <= code <= 0x27BF:
            return f"contains an emoji or pictograph (U+{code:04X}) that the PDF cannot " \
                   "show reliably; describe it in words"
    if any(marker in value for marker in _DOCXTPL_MARKERS):
        return "contains a sequence the document renderer would rewrite ({_ or _})"
    if value and not value.strip():  # "" is the schema's (empty: false) or a rule's to report
        return "is blank"
    limit = MAX_PROSE if prose else MAX_LINE
    if len(value) > limit:
        return f"is longer than {limit} characters"
    if any(len(token) > MAX_TOKEN for token in _BREAKABLE.split(value)):
        return f"has a run of more than {MAX_TOKEN} characters without a space"
    return None


# Characters that print as nothing (or as a blank) and so could hide or fake text: format
# characters (Cf: zero-width space and joiners, word joiner, tag characters, interlinear
# annotations, invisible operators), the Hangul fillers and braille blank that make "blank"
# names, the combining grapheme joiner, unassigned code points and noncharacters. The two
# joiners are kept between letters of a script that needs them (Arabic, Indic scripts).
_BLANK_LETTERS = {0x115F, 0x1160, 0x3164, 0xFFA0, 0x2800, 0x034F, 0x17B4, 0x17B5}
_JOINERS = {0x200C, 0x200D}
_NEEDS_JOINERS = ("ARABIC", "DEVANAGARI", "BENGALI", "GURMUKHI", "GUJARATI", "ORIYA", "TAMIL",
                  "TELUGU", "KANNADA", "MALAYALAM", "SINHALA", "PERSIAN", "SYRIAC", "URDU")
# CJK and other wide text may break between any two characters: a long run is not a token
_BREAKABLE = re.compile(r"[\s\u2E80-\u9FFF\uA960-\uA97F\uAC00-\uD7FF\uF900-\uFAFF"
                        r"\uFE30-\uFE4F\uFF00-\uFFEF\U00020000-\U0003FFFF]+")


def _hides_content(value: str, index: int, char: str) -> bool:
    code = ord(char)
    if code in _BLANK_LETTERS or (code & 0xFFFE) == 0xFFFE or 0xFDD0 <= code <= 0xFDEF:
        return True
    category = unicodedata.category(char)
    if category == "Cn":
        return True
    if category != "Cf":
        return False
    if code in _JOINERS and 0 < index < len(value) - 1:
        before, after = value[index - 1], value[index + 1]
        return not all(unicodedata.category(c)[0] in "LM" and
                       unicodedata.name(c, "").startswith(_NEEDS_JOINERS) for c in (before, after))
    return code not in _BIDI  # bidi controls have their own message


def strings(node: Any, path: Path_) -> Iterator[tuple[Path_, str]]:
    if isinstance(node, str):
        yield path, node
    elif isinstance(node, Mapping):
        for key, value in node.items():
            yield from strings(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from strings(value, (*path, index))


def prose_paths(schema: Mapping[str, Any]) -> set[tuple[str, ...]]:
    """Paths (list indices as '*') of fields marked `meta: {prose: true}`."""
    found: set[tuple[str, ...]] = set()

    def walk(rules: Any, path: tuple[str, ...]) -> None:
        if not isinstance(rules, Mapping):
            return
        if (rules.get("meta") or {}).get("prose"):
            found.add(path)
        if rules.get("type") == "list":
            walk(rules.get("schema"), (*path, "*"))
        elif isinstance(rules.get("schema"), Mapping):
            for key, sub in rules["schema"].items():
                walk(sub, (*path, key))

    for key, rules in schema.items():
        walk(rules, (key,))
    return found


def is_prose(path: Path_, prose: frozenset[tuple[str, ...]] | set[tuple[str, ...]]) -> bool:
    return tuple("*" if isinstance(p, int) else p for p in path) in prose
