"""The `checklist` context group: every item the court and the guidance expect in the bundle
for the case's kind (domain reference 9.7), each marked Yes, No or Not applicable from what
the case file holds, with the items still missing listed first."""

from __future__ import annotations

import re
from collections.abc import Callable

from ..law import ADULT_AGE, minimum_last_day
from ..model import Case, Kind, conditions
from .context import Options, builder

YES, NO, NA = "Yes", "No", "Not applicable"
APPLICATION = (Kind.FULL, Kind.INTERIM)
CHANGE = (Kind.VARIATION, Kind.RENEWAL, Kind.DISCHARGE)
Answer = tuple[str, str]  # (Yes | No | Not applicable, note)


def _documents(case: Case) -> list[tuple[str, Answer]]:
    """The forms spo drafts for this case (by title, as the bundle index names them)."""
    from . import forms_for  # the registry imports this module

    return [(form.title, (YES, "drafted by spo")) for form in forms_for(case)
            if form.id not in ("bundle-checklist", "authorisation")]


def _summons_served(case: Case) -> Answer:
    return NO, "add the proof of service once the summons is served (MCA 1980 s.55)"


RECORDED = "recorded in the case file: add the document"


def _attached(case: Case) -> set[str]:
    """Refs of the exhibits whose PDF goes into the bundle."""
    return {str(e.get("ref")) for _, e in case.items("exhibits") if e.get("file")}


def _statements(case: Case) -> Answer:
    statements = [e for _, e in case.items("exhibits")
                  if re.search(r"\bstatement\b|\bMG11\b", str(e.get("description")), re.I)]
    if not statements and not case.items("hearsay"):
        return (NA, "none relied on") if case.kind in CHANGE else \
            (NO, "no witness statement is listed among the exhibits")
    missing = [str(e.get("ref")) for e in statements if str(e.get("ref")) not in _attached(case)]
    return (NO, f"{', '.join(missing)} listed but not attached") if missing else (YES, "")


def _exhibits(case: Case) -> Answer:
    listed = case.items("exhibits")
    if not listed:
        return (NA, "none cited") if case.kind in CHANGE else (NO, "no exhibits are listed")
    missing = len(listed) - len(_attached(case))
    if missing:
        return NO, f"{missing} of {len(listed)} listed exhibits not attached as PDF"
    return YES, f"{len(listed)} attached"


def _maps(case: Case) -> Answer:
    zoned = [(c.id, c.zone) for c in conditions(case) if c.zone is not None]
    if not zoned:
        return NA, "no term has a zone"
    attached = _attached(case)
    missing = [term for term, zone in zoned
               if not (zone.map_exhibit and zone.map_exhibit in attached)]
    return (NO, f"no attached map for {', '.join(missing)}") if missing else (YES, "")


def _risk(case: Case) -> Answer:
    if case.kind is Kind.DISCHARGE:
        return NA, ""
    assessment = case.mapping("risk", "assessment")
    if assessment.get("tool") and assessment.get("date"):
        return NO, RECORDED
    return NO, "no structured risk assessment is recorded"


def _hearsay(case: Case) -> Answer:
    items = case.items("hearsay")
    if not items:
        return NA, "no hearsay evidence is relied on"
    late = [str(h.get("statement")) for _, h in items
            if not (h.get("notice_served_on") and h.get("filed_on"))]
    if late:
        return NO, f"notice not yet served and filed for {', '.join(late)} (r.3(1))"
    return NO, "service and filing recorded: add the proof of service and filing"


def _yjs(case: Case) -> Answer:
    age = case.defendant_age()
    if case.kind in CHANGE or (age is not None and age >= ADULT_AGE):
        return NA, ""
    return NO, RECORDED if case.mapping("yjs_consultation") else \
        "no Youth Justice Service consultation is recorded"


def _safeguarding(case: Case) -> Answer:
    if not case.children():
        return NA, ""
    return NO, RECORDED if case.mapping("child_safeguarding") else \
        "no child safeguarding check is recorded"


def _providers(case: Case) -> Answer:
    required = [c for c in conditions(case) if c.group == "requirements"]
    if not required:
        return NA, "no positive requirement"
    missing = [c.id for c in required if not c.raw.get("supervisor")]
    return NO, (f"no provider named for {', '.join(missing)}" if missing else
                "add the provider's confirmation that the requirement is available and suitable")


def _existing(case: Case) -> Answer:
    orders = case.items("defendant", "family_court_orders")
    if not case.mapping("existing_order") and not orders:
        return NA, ""
    return NO, "add a copy of each order recorded in the case file"


def _commitments(case: Case) -> Answer:
    if case.kind is Kind.DISCHARGE:
        return NA, ""
    recorded = any(case.items("defendant", "commitments", k)
                   for k in ("religion", "work", "education"))
    return NO, RECORDED if recorded else "none recorded: confirm the defendant has none"


def _consents(case: Case) -> Answer:
    if case.kind is not Kind.DISCHARGE:
        return NA, ""
    made = case.date("existing_order", "made_on")
    heard = case.hearing_date or case.application_date
    if made and heard and heard > minimum_last_day(made):
        return NA, "more than 2 years after the order was made"
    section = case.mapping("discharge")
    both = section.get("defendant_consents") is True and \
        section.get("chief_officer_consents") is True
    return NO, ("consents recorded: add the signed consents" if both else
                "consents not recorded (s.4, subsection UNVERIFIED)")


def _authorisation(case: Case) -> Answer:
    if case.get("authorisation", "decision") == "authorised":
        return YES, "internal: include or omit by force policy"
    return NO, "not yet authorised (APP (consultation draft 2026) 9.2)"


CHECKS: tuple[tuple[str, Callable[[Case], Answer]], ...] = (
    ("Proof of service of the summons", _summons_served),
    ("Statements of the protected persons and witnesses", _statements),
    ("Exhibits", _exhibits),
    ("Maps of every zone in the terms", _maps),
    ("Risk assessment summary", _risk),
    ("Proof of service and filing of the hearsay notice (21 clear days)", _hearsay),
    ("Youth Justice Service consultation record", _yjs),
    ("Child safeguarding and family court order check", _safeguarding),
    ("Evidence that each positive-requirement provider is available and suitable", _providers),
    ("Existing orders (the order being changed, family court orders)", _existing),
    ("Evidence of the defendant's religious, work and education commitments (s.2(3))",
     _commitments),
    ("Consents to discharge within 2 years of the order", _consents),
    ("Superintendent's authorisation", _authorisation),
)


@builder("checklist")
def checklist(case: Case, options: Options) -> list[dict[str, str]]:
    pages = {item: pages for item, _, pages in options.bundle_rows}
    rows = [(item, *answer) for item, answer in _documents(case)]
    rows += [(item, *check(case)) for item, check in CHECKS]
    order = {NO: 0, YES: 1, NA: 2}
    rows.sort(key=lambda row: order[row[1]])  # stable: missing first, then in bundle order
    drafted = {item for item, _ in _documents(case)}
    return [{"no": str(n), "item": item, "included": included, "note": note or "",
             "pages": _pages(item, included, pages, drafted)}
            for n, (item, included, note) in enumerate(rows, 1)]


def _pages(item: str, included: str, pages: dict[str, str], drafted: set[str]) -> str:
    if included == NA:
        return ""
    if item in pages:
        return pages[item]
    return "[pages: produced by spo bundle]" if item in drafted else "[pages: ______]"
