"""The proposed prohibitions and requirements (s.2(2)-(4)) and what they must avoid."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..model import Case, Commitment, Condition, Severity, commitments, conditions, label
from .clash import clashes, unverifiable
from .registry import Finding, rule

E, W = Severity.ERROR, Severity.WARNING
_CONFLICT_SOURCES = {
    "religion": ("SPA 2019 s.2(3)(a)", "s.5(4)(a)"),
    "work": ("SPA 2019 s.2(3)(b)", "s.5(4)(b)"),
    "education": ("SPA 2019 s.2(3)(b)", "s.5(4)(b)"),
}


@rule("condition-necessity", E, "SPA 2019 s.2(2)",
      "a prohibition or requirement without risk_addressed, or a prohibition without protects")
def condition_necessity(case: Case) -> Iterator[Finding]:
    for condition in conditions(case):
        if not isinstance(condition.raw.get("risk_addressed"), str):
            yield Finding((*condition.path, "risk_addressed"), f"{condition.id}: say which risk "
                          "this term addresses; each term must itself be necessary (s.2(2))")
        # A requirement (e.g. a programme) protects everyone in the order unless it says whom.
        if condition.group == "prohibitions" and not condition.protects:
            yield Finding((*condition.path, "protects"), f"{condition.id}: name the protected "
                          "person(s) this prohibition protects (s.2(2))")


@rule("condition-protects", E, "SPA 2019 s.2(2)",
      "protects names an id that is not a protected person")
def condition_protects(case: Case) -> Iterator[Finding]:
    known = case.person_ids()
    for condition in conditions(case):
        for index, person in enumerate(condition.protects):
            if person not in known:
                yield Finding((*condition.path, "protects", index), f"{condition.id} protects "
                              "someone who is not an id in protected_persons")


def _justified(case: Case, condition: Condition, commitment_ref: str) -> bool:
    return any(j.get("condition") == condition.id and j.get("commitment") == commitment_ref
               and isinstance(j.get("reason"), str) and j["reason"].strip()
               for _, j in case.items("conditions", "conflict_justifications"))


def _conflicts(case: Case, kind: str) -> Iterator[Finding]:
    statute, interim = _CONFLICT_SOURCES[kind]
    source = f"{statute}; {interim} for the interim order" if case.interim_sought else statute
    for condition in conditions(case):
        for commitment in (c for c in commitments(case) if c.kind == kind):
            if clashes(condition, commitment):
                yield _conflict_finding(case, condition, commitment, source)


def _conflict_finding(case: Case, condition: Condition, commitment: Commitment,
                      source: str) -> Finding:
    where = f"{condition.id} clashes in time or place with {commitment.ref}"
    if _justified(case, condition, commitment.ref):
        return Finding(condition.path, f"{where}; a justification is recorded: the court must "
                       "accept that avoiding it is not practicable", Severity.WARNING, source)
    return Finding(condition.path, f"{where}: change the term, or record in "
                   "conditions.conflict_justifications why avoiding it is not practicable",
                   source=source)


@rule("conflict-religion", E, "SPA 2019 s.2(3)(a); s.5(4)(a) for interim orders",
      "a condition clashes in time or place with a religious commitment")
def conflict_religion(case: Case) -> Iterator[Finding]:
    return _conflicts(case, "religion")


@rule("conflict-work", E, "SPA 2019 s.2(3)(b); s.5(4)(b) for interim orders",
      "a condition clashes in time or place with work")
def conflict_work(case: Case) -> Iterator[Finding]:
    return _conflicts(case, "work")


@rule("conflict-education", E, "SPA 2019 s.2(3)(b); s.5(4)(b) for interim orders",
      "a condition clashes in time or place with education")
def conflict_education(case: Case) -> Iterator[Finding]:
    return _conflicts(case, "education")


@rule("conflict-family-court", E, "APP 9.4 (practice; the SPA itself has no such limb)",
      "a condition touches a child covered by a family court order")
def conflict_family_court(case: Case) -> Iterator[Finding]:
    for index, order in case.items("defendant", "family_court_orders"):
        children = {str(c) for c in order.get("children") or []}
        ref = f"family_court_orders[{index}]"
        for condition in conditions(case):
            if children & set(condition.protects):
                justified = _justified(case, condition, ref)
                yield Finding(condition.path, f"{condition.id} protects a child covered by "
                              f"{ref}: make sure it does not conflict with that order"
                              + ("; a justification is recorded" if justified else
                                 ", or record why in conditions.conflict_justifications"),
                              Severity.WARNING if justified else None)


@rule("zone-unverifiable", W, "SPA 2019 s.2(3) (clashes with commitments cannot be checked)",
      "a zone given only by map, so clashes with commitments can't be checked")
def zone_unverifiable(case: Case) -> Iterator[Finding]:
    for condition in conditions(case):
        unknown = [c.ref for c in commitments(case) if unverifiable(condition, c)]
        if unknown:
            yield Finding((*condition.path, "zone"), f"{condition.id}'s zone cannot be checked "
                          f"against {', '.join(unknown)}: give postcodes, streets or a centre "
                          "and radius (and the commitments' locations), or check by hand")


@rule("requirement-supervisor", W, "good practice (DAA 2021 s.36 is the model); not required "
      "by the SPA", "a positive requirement names no provider or supervisor")
def requirement_supervisor(case: Case) -> Iterator[Finding]:
    for condition in conditions(case):
        if condition.group == "requirements" and not condition.raw.get("supervisor"):
            yield Finding((*condition.path, "supervisor"), f"{condition.id}: name who provides "
                          "or supervises this requirement, so the court can see it is workable")


@rule("existing-spo", W, "SPA 2019 s.2(6)-(7)",
      "the defendant is already subject to an SPO: confirm each new term is compatible")
def existing_spo(case: Case) -> Iterator[Finding]:
    existing = case.mapping("defendant", "existing_spo")
    if existing and existing.get("terms_compatible") is not True:
        yield Finding(("defendant", "existing_spo"), "the defendant is already subject to an "
                      "SPO: a new term may not be incompatible with it; check each term and "
                      "record terms_compatible: true")


def _served_texts(case: Case) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """Fields printed on documents served on the defendant (conditions and summaries)."""
    for condition in conditions(case):
        for key in ("text", "locality", "exceptions"):
            if isinstance(condition.raw.get(key), str):
                yield (*condition.path, key), condition.raw[key]
        zone = condition.raw.get("zone") or {}
        for key in ("includes", "streets", "postcodes"):
            for index, value in enumerate(zone.get(key) or [] if isinstance(zone, dict) else []):
                yield (*condition.path, "zone", key, index), str(value)
    for path in (("necessity", "summary"), ("risk", "summary"),
                 ("application", "interim_grounds", "summary")):
        if case.text(*path):
            yield path, case.text(*path)


def _squash(text: str) -> str:
    return " ".join(text.casefold().split())


@rule("confidential-address", E, "APP 9.3 (is it safe to include the address?)",
      "an address marked confidential appears in a condition's text or a served form field")
def confidential_address(case: Case) -> Iterator[Finding]:
    for _, person in case.items("protected_persons"):
        lines = person.get("address")
        if person.get("address_confidential") is not True or not isinstance(lines, list):
            continue
        lines = [str(x) for x in lines]
        postcode = "".join(lines[-1].split()).casefold() if lines else ""
        streets = [_squash(x) for x in lines[:-1] if len(x.split()) > 1]
        for path, text in _served_texts(case):
            flat = _squash(text)
            if (postcode and postcode in flat.replace(" ", "")) or any(
                    re.search(rf"\b{re.escape(s)}\b", flat) for s in streets):
                who = label(person.get("id"), "a protected person")
                yield Finding(path, f"shows the confidential address of {who}: use a map "
                              "exhibit or a described area instead")
