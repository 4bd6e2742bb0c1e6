"""A protected person's confidential address on documents served on the defendant (APP 9.3:
is it safe to include the address?). Every field a served form prints is scanned, after
normalising case, punctuation, hyphens, "No." and postcode spacing, so "No. 14, Elm-Grove"
and "14 elm grove" are the same words."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from .. import law
from ..model import Case, Path_, Severity, label, normalise_postcode
from .registry import Finding, rule

E, W = Severity.ERROR, Severity.WARNING

# Sections printed on the complaint, summons, draft orders, notification or hearsay notice,
# with the keys inside them that are not (the defendant's own address, a person's name, an
# exhibit's file path). Every other string below them is scanned, at any depth, so a key
# added to a section later is covered without touching this list.
SERVED: tuple[tuple[Path_, frozenset[str]], ...] = (
    (("application", "interim_grounds"), frozenset()),
    (("defendant",), frozenset({"address", "name", "other_names", "pnc_id"})),
    (("protected_persons",), frozenset({"address", "name", "id"})),
    (("conduct",), frozenset({"id"})),
    (("risk",), frozenset()),
    (("necessity",), frozenset()),
    (("conditions",), frozenset()),
    (("yjs_consultation",), frozenset()),
    (("child_safeguarding",), frozenset()),
    (("existing_order",), frozenset({"court", "reference"})),  # the court's name is public
    (("variation",), frozenset()),
    (("renewal",), frozenset()),
    (("discharge",), frozenset()),
    (("exhibits",), frozenset({"file"})),
    (("hearsay",), frozenset()),
)
_SUFFIX = {"road": "rd", "street": "st", "avenue": "ave", "lane": "ln", "drive": "dr",
           "close": "cl", "crescent": "cres", "gardens": "gdns", "place": "pl",
           "terrace": "ter", "court": "ct", "grove": "gr", "square": "sq", "mount": "mt"}
_STREETS = set(_SUFFIX.values()) | {"way", "row", "hill", "walk", "mews", "view", "green",
                                    "rise", "vale", "parade", "wynd", "yard", "end", "park"}
_POSTCODE = re.compile(r"\b([A-Z]{1,2}[0-9][A-Z0-9]?)\s*([0-9][A-Z]{2})\b", re.I)


def normalise(text: str) -> str:
    """Lower case words separated by single spaces, padded with one space each side; 'No. 14'
    and 'number 14' become '14', punctuation and hyphens become spaces, street suffixes are
    abbreviated ('Road' and 'Rd' match)."""
    folded = re.sub(r"\b(?:no|number)\b\.?\s*(?=\d)", "", text.casefold())
    words = re.sub(r"[\W_]+", " ", folded).split()
    return " " + " ".join(_SUFFIX.get(w, w) for w in words) + " "


def postcodes(text: str) -> set[str]:
    """Every full postcode in `text`, without spaces, upper case."""
    return {(a + b).upper() for a, b in _POSTCODE.findall(text)}


@dataclass(frozen=True)
class Secret:
    """What of one confidential address must not, or should not, appear."""

    who: str
    full: tuple[str, ...]       # normalised: number and street, house name
    postcode: str               # without spaces
    streets: tuple[str, ...]    # normalised street names without the number
    district: str               # the postcode's outward code, lower case
    towns: tuple[str, ...]      # normalised town or village lines

    @classmethod
    def read(cls, who: str, lines: list[str]) -> Secret:
        """From the address lines (postcode last)."""
        *body, last = lines
        postcode = normalise_postcode(last) if postcodes(last) else ""
        if not postcode:
            body = lines
        full, streets, towns = [], [], []
        seen_street = False
        for number, line in enumerate(body, 1):
            words = normalise(line).split()
            if not words:
                continue
            start = _house_number(words)
            if start is not None:  # "27 Mill Lane", also inside "Flat 3, 27 Mill Lane"
                full.append(" ".join(words[start:]))
                streets.append(" ".join(words[start + 1:]))
                seen_street = True
            elif words[-1] in _STREETS:
                streets.append(" ".join(words))
                seen_street = True
            elif seen_street or 1 < len(body) == number:
                towns.append(" ".join(words))
            elif len(words) > 1 and not any(c.isdigit() for c in line):
                full.append(" ".join(words))  # a house name before the street
            # else a flat or unit ("Flat 3"): not a place on its own
        return cls(who, tuple(full), postcode, tuple(streets),
                   postcode[:-3].casefold() if postcode else "", tuple(towns))


def _house_number(words: list[str]) -> int | None:
    """Index of the house number: the first word with a digit followed by a word without."""
    for index, word in enumerate(words[:-1]):
        if any(c.isdigit() for c in word) and not any(c.isdigit() for c in words[index + 1]):
            return index
    return None


def secrets(case: Case) -> list[Secret]:
    """The confidential addresses of the protected persons."""
    found = []
    for index, person in case.items("protected_persons"):
        lines = person.get("address")
        if person.get("address_confidential") is True and isinstance(lines, list):
            texts = [x for x in lines if isinstance(x, str) and x.strip()]
            if texts:
                who = label(person.get("id"), f"protected_persons[{index}]")
                found.append(Secret.read(who, texts))
    return found


def served_texts(case: Case) -> Iterator[tuple[Path_, str]]:
    """(path, text) of every string a served form prints."""
    for root, skip in SERVED:
        yield from _strings(root, case.get(*root), skip)


def _strings(path: Path_, value: Any, skip: frozenset[str]) -> Iterator[tuple[Path_, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, Mapping):
        for key, item in value.items():
            if key not in skip:
                yield from _strings((*path, str(key)), item, skip)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings((*path, index), item, skip)


def _has(flat: str, phrase: str) -> bool:
    return bool(phrase) and f" {phrase} " in flat


def _in_term(path: Path_) -> bool:
    return path[:1] in (("conditions",), ("existing_order",))


@rule("confidential-address", E, law.app("9.3 (is it safe to include the address?)"),
      "a confidential address's street line (number and street) or full postcode appears in "
      "a field printed on a served form")
def confidential_address(case: Case) -> Iterator[Finding]:
    for secret in secrets(case):
        for path, text in served_texts(case):
            if _shows(secret, text):
                yield Finding(path, f"shows the confidential address of {secret.who} (street "
                              "and number, or full postcode) on a form served on the "
                              "defendant: describe the place another way, or use a map exhibit")
            elif _centre_is_home(path, text):
                yield Finding(path, f"names a zone's centre as a home while {secret.who}'s "
                              "address is confidential: a circle around the home shows where "
                              "they live; centre it elsewhere or use a map exhibit")


_HOME = re.compile(r"\b(home|residence|house|flat|address|lives)\b", re.I)


def _centre_is_home(path: Path_, text: str) -> bool:
    """A zone's centre named as the home: 'within 200 metres of her home' shows where she
    lives as surely as the address."""
    return "zone" in path and any("centre" in str(p) for p in path) and bool(_HOME.search(text))


def _shows(secret: Secret, text: str) -> bool:
    flat = normalise(text)
    return secret.postcode in postcodes(text) or any(_has(flat, f) for f in secret.full)


@rule("confidential-area", W, law.app("9.3 (is it safe to include the address?)"),
      "a served field names the street or postcode district of a confidential address, or a "
      "term or zone names its town or village")
def confidential_area(case: Case) -> Iterator[Finding]:
    for secret in secrets(case):
        for path, text in served_texts(case):
            if _shows(secret, text) or _centre_is_home(path, text):
                continue  # confidential-address already reports it
            flat = normalise(text)
            named = [what for what, hit in (
                ("street", any(_has(flat, s) for s in secret.streets)),
                ("postcode district", _has(flat, secret.district)),
                ("town or village", _in_term(path) and any(_has(flat, t)
                                                           for t in secret.towns))) if hit]
            if named:
                yield Finding(path, f"names the {' and '.join(named)} of {secret.who}'s "
                              "confidential address on a form served on the defendant: check "
                              "it does not show where they live")
