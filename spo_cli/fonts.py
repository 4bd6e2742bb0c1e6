"""Fonts before PDF: LibreOffice silently draws empty boxes for characters no installed
font has, so the case's text is checked against fontconfig's coverage first."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterable

from .errors import FontCoverageError

# The Debian package that covers a script (by the first word of the characters' Unicode
# names); anything else is in the Noto core set.
FONT_PACKAGES = {"CJK": "fonts-noto-cjk", "HIRAGANA": "fonts-noto-cjk",
                 "KATAKANA": "fonts-noto-cjk", "HANGUL": "fonts-noto-cjk",
                 "BOPOMOFO": "fonts-noto-cjk", "IDEOGRAPHIC": "fonts-noto-cjk",
                 "HALFWIDTH": "fonts-noto-cjk", "FULLWIDTH": "fonts-noto-cjk"}
FONT_PACKAGE_OTHERWISE = "fonts-noto-core (or fonts-noto-extra)"


def check_coverage(texts: Iterable[str]) -> None:
    """Refuse (FontCoverageError, exit 4) when a character of `texts` is in no installed font
    (fontconfig), naming the script and the Debian package, never the text. Without
    fontconfig (fc-list) nothing can be checked and nothing is refused."""
    needed = {c for text in texts for c in text if ord(c) > 0x7E and not c.isspace()}
    if not needed:
        return
    covered = _coverage()
    if covered is None:
        return
    missing = sorted({_script(c) for c in needed if not _covered(ord(c), covered)})
    if missing:
        packages = sorted({FONT_PACKAGES.get(s, FONT_PACKAGE_OTHERWISE) for s in missing})
        raise FontCoverageError(
            f"no installed font covers the {', '.join(missing)} script used in the case, so "
            "the PDF would show empty boxes; no PDF was made",
            hint=f"install the Debian package {' and '.join(packages)}, then render again")


def _script(char: str) -> str:
    import unicodedata

    return (unicodedata.name(char, "UNKNOWN").split() or ["UNKNOWN"])[0]


def _covered(code: int, ranges: list[tuple[int, int]]) -> bool:
    import bisect

    index = bisect.bisect_right(ranges, (code, 0x10FFFF + 1)) - 1
    return index >= 0 and ranges[index][0] <= code <= ranges[index][1]


_COVERAGE: dict[str, list[tuple[int, int]] | None] = {}


def _coverage() -> list[tuple[int, int]] | None:
    """The union of every installed font's charset as sorted, merged ranges (once per process
    and fontconfig set-up), or None without fc-list."""
    key = os.environ.get("FONTCONFIG_FILE", "") + "|" + os.environ.get("FONTCONFIG_PATH", "")
    if key in _COVERAGE:
        return _COVERAGE[key]
    try:
        listing = subprocess.run(["fc-list", "--format", "%{charset}\n"], capture_output=True,
                                 text=True, timeout=60, check=True).stdout
    except (OSError, subprocess.SubprocessError):
        _COVERAGE[key] = None
        return None
    ranges = []
    for part in listing.split():
        low, _, high = part.partition("-")
        try:
            ranges.append((int(low, 16), int(high or low, 16)))
        except ValueError:
            continue
    merged: list[tuple[int, int]] = []
    for first, last in sorted(ranges):
        if merged and first <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(last, merged[-1][1]))
        else:
            merged.append((first, last))
    _COVERAGE[key] = merged
    return merged
