"""The proposed prohibitions and requirements (s.2(2)-(4)) and what they must avoid."""

from __future__ import annotations

import re
from collections.abc import Iterator

from .. import law
from ..model import Case, Commitment, Condition, Severity, commitments, conditions
from .clash import clashes, unverifiable
from .registry import Finding, rule

E, W = Severity.ERROR, Severity.WARNING
_CONFLICT_SOURCES = {
    "religion": (law.spa("s.2(3)(a)"), "s.5(4)(a)"),
    "work": (law.spa("s.2(3)(b)"), "s.5(4)(b)"),
    "education": (law.spa("s.2(3)(b)"), "s.5(4)(b)"),
}


@rule("condition-necessity", E, law.spa(law.TERM_NECESSITY),
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


@rule("condition-protects", E, law.spa(law.TERM_NECESSITY),
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


@rule("conflict-religion", E, law.spa("s.2(3)(a)") + "; s.5(4)(a) for interim orders",
      "a condition clashes in time or place with a religious commitment")
def conflict_religion(case: Case) -> Iterator[Finding]:
    return _conflicts(case, "religion")


@rule("conflict-work", E, law.spa("s.2(3)(b)") + "; s.5(4)(b) for interim orders",
      "a condition clashes in time or place with work")
def conflict_work(case: Case) -> Iterator[Finding]:
    return _conflicts(case, "work")


@rule("conflict-education", E, law.spa("s.2(3)(b)") + "; s.5(4)(b) for interim orders",
      "a condition clashes in time or place with education")
def conflict_education(case: Case) -> Iterator[Finding]:
    return _conflicts(case, "education")


@rule("conflict-family-court", E, law.app("9.4 (practice; the SPA itself has no such limb)"),
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


@rule("zone-unverifiable", W, law.spa("s.2(3)") + " (clashes with commitments cannot be "
      "checked)",
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


@rule("existing-spo", W, law.spa("s.2(6)-(7)"),
      "the defendant is already subject to an SPO: confirm each new term is compatible")
def existing_spo(case: Case) -> Iterator[Finding]:
    existing = case.mapping("defendant", "existing_spo")
    if existing and existing.get("terms_compatible") is not True:
        yield Finding(("defendant", "existing_spo"), "the defendant is already subject to an "
                      "SPO: a new term may not be incompatible with it; check each term and "
                      "record terms_compatible: true")


_NAMES_A_ZONE = re.compile(r"\b(zones?|exclusion areas?|maps?|areas? (?:shown|marked|outlined|"
                           r"edged|hatched|shaded))\b", re.I)


@rule("zone-undefined", W, law.spa(law.TERM_NECESSITY) + "; " + law.app("9.3 (terms must be "
      "clear and specific)"), "a prohibition names a zone or map it does not define")
def zone_undefined(case: Case) -> Iterator[Finding]:
    for condition in conditions(case):
        zone = condition.raw.get("zone")
        if _NAMES_A_ZONE.search(condition.text) and not _defines(zone):
            yield Finding((*condition.path, "zone"), f"{condition.id} refers to a zone or map "
                          "but does not define it: give zone.map_exhibit, postcodes, streets, "
                          "includes or a centre and radius, or the term cannot be enforced")


def _defines(zone: object) -> bool:
    if not isinstance(zone, dict):
        return False
    return any(zone.get(k) for k in ("map_exhibit", "includes", "postcodes", "streets")) or \
        bool(zone.get("centre") and zone.get("radius_m"))
