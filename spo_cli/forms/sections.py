"""Context groups for the application itself: court, parties, grounds and evidence. What
the case does not hold prints as a marked blank (text.blank), never as a guess."""

from __future__ import annotations

from typing import Any

from ..law import AUTHORISATION_POINTS
from ..model import Case, Kind
from . import text as t
from .application import main_application, title
from .context import Options, builder

# Answers as printed; a value the file does not hold (None, or anything else) is a marked blank.
_YES_NO: dict[object, str] = {True: "Yes", False: "No"}
_VICTIM: dict[object, str] = {True: "Yes",
                              False: "No (protection of another person, s.1(1)(c))"}
_DECISIONS: dict[object, str] = {"authorised": "Authorised", "not_authorised": "Not authorised",
                                 "returned": "Returned for further work"}


@builder("doc")
def doc(case: Case, options: Options) -> dict[str, Any]:
    return {
        "title": title(case) if options.form_id.startswith("complaint") else options.title,
        "form": options.form_id,
        "reference": t.text(case.get("application", "reference")),
        "marking": t.text(case.get("force", "marking"), "OFFICIAL-SENSITIVE"),
        "banner": "DRAFT - NOT FOR SERVICE OR FILING" if options.draft else "",
        "prepared_on": t.long_date(options.prepared_on or case.application_date),
        "sec": section_marks(case, options.form_id),
    }


# The sections of each form that has lettered or numbered ones, in order; a section the case
# does not need is left out and the rest are lettered (numbered) without a gap.
SECTIONS = {
    "complaint": ("parties", "orders", "persons", "acts", "risk", "necessity", "terms",
                  "interim", "children", "evidence", "signature"),
    "complaint-vary-renew-discharge": ("order", "application", "persons", "risk", "terms",
                                       "signature"),
    "mg11": ("role", "order", "application", "acts", "risk", "persons", "necessity", "terms",
             "interim", "children", "exhibits", "hearsay"),
}
APPLICATION_ONLY = {"acts", "children"}
CHANGE_ONLY = {"order", "application"}


def section_marks(case: Case, form_id: str) -> dict[str, str]:
    """Section key -> its letter (complaints) or number (MG11)."""
    change = case.kind in (Kind.VARIATION, Kind.RENEWAL, Kind.DISCHARGE)
    present = [key for key in SECTIONS.get(form_id, ())
               if not (key == "interim" and not case.interim_sought)
               and not (key in APPLICATION_ONLY and change)
               and not (key in CHANGE_ONLY and not change)
               and not (key in ("terms", "necessity", "risk") and case.kind is Kind.DISCHARGE)]
    if form_id == "mg11":
        return {key: str(n) for n, key in enumerate(present, 1)}
    return {key: chr(ord("A") + n) for n, key in enumerate(present)}


@builder("court")
def court(case: Case, options: Options) -> dict[str, Any]:
    entry = case.court
    hearing_date = case.hearing_date
    return {
        "name": t.text(entry.get("name"), t.blank("court")),
        "address": t.lines(entry.get("address")) or t.blank("court address"),
        # Never the police area: a missing one is the court-details error, blank on a draft.
        "lja": t.text(entry.get("local_justice_area"), t.blank("local justice area")),
        "youth": case.get("application", "venue") == "youth",
        "hearing_date": t.long_date(hearing_date, "hearing date, to be fixed by the court"),
        "hearing_time": t.text(case.get("application", "hearing", "time"), t.blank("time")),
    }


@builder("force")
def force(case: Case, options: Options) -> dict[str, Any]:
    legal = case.mapping("force", "legal_team")
    return {
        "name": t.text(case.get("force", "name")),
        "chief_officer": t.text(case.get("force", "chief_officer")),
        "area": t.text(case.get("force", "area")),
        "complainant": f"Chief Officer of Police for {t.text(case.get('force', 'area'))}"
                       if case.get("force", "territorial") is not False else
                       f"Chief Constable of {t.text(case.get('force', 'name'))}",
        "legal_team": t.text(legal.get("name"), t.text(case.get("force", "name"))),
        "legal_reference": t.text(legal.get("reference"), t.blank("reference")),
        "legal_contact": t.text(legal.get("email"), t.text(legal.get("phone"),
                                                         t.blank("contact"))),
    }


@builder("applicant")
def applicant(case: Case, options: Options) -> dict[str, Any]:
    officer = case.mapping("applicant_officer")
    fields = {key: t.text(officer.get(key)) for key in
              ("name", "rank", "number", "station", "email", "phone")}
    rank = " ".join(x for x in (fields["rank"], fields["number"]) if x)
    identity = ", ".join(x for x in (fields["name"], rank, fields["station"]) if x)
    contact = " ".join(x for x in (fields["email"], fields["phone"]) if x) or t.blank("contact")
    based = f", based at {fields['station']}" if fields["station"] else ""
    return {**fields, "identity": identity, "contact": contact, "based": based}


@builder("defendant")
def defendant(case: Case, options: Options) -> dict[str, Any]:
    born = case.date("defendant", "date_of_birth")
    age = case.defendant_age()
    basis = t.text(case.get("defendant", "area_basis"))
    return {
        "name": t.person_name(case.get("defendant", "name")),
        "other_names": ", ".join(case.get("defendant", "other_names") or [])
                       or t.blank("other names, if any"),
        "dob": t.long_date(born, "date of birth"),
        "age": str(age) if age is not None else t.blank("age"),
        "under_18": age is not None and age < 18,
        "address": t.lines(case.get("defendant", "address")) or t.blank("address"),
        "pnc_id": t.text(case.get("defendant", "pnc_id"), t.blank("PNC ID")),
        "area_basis": " ".join(x for x in (t.AREA_BASIS.get(basis, _no_basis(case)),
                                           t.sentence(t.text(case.get("defendant",
                                                                      "area_note")))) if x),
    }


def _no_basis(case: Case) -> str:
    if case.get("force", "territorial") is False:
        return "Not applicable: the force has no police area (s.1(3) does not apply)."
    return t.blank("basis for applying in this police area (s.1(3))")


@builder("persons")
def persons(case: Case, options: Options) -> list[dict[str, Any]]:
    rows, names = [], case.protected_names
    for index, person in case.items("protected_persons"):
        age = case.age(("protected_persons", index, "date_of_birth"))
        views = case.mapping("protected_persons", index, "views")
        rows.append({
            "id": t.text(person.get("id")),
            "name": t.person_name(person.get("name")),
            "relationship": t.named(t.text(person.get("relationship")), names)
                            or t.blank("relationship"),
            "victim": _VICTIM.get(person.get("victim_of_conduct"),
                                  t.blank("victim of the acts? yes or no")),
            "age": t.blank("age") if age is None else "Under 18" if age < 18 else "Adult",
            "views": t.sentence(t.named(t.text(views.get("summary")), names))
                     or t.blank("views not recorded"),
            "views_date": t.long_date(views.get("obtained_on"), "date views obtained"),
            "address": "Confidential: not shown" if person.get("address_confidential") is True
                       else "Not shown on this form",
        })
    return rows


@builder("conduct")
def conduct(case: Case, options: Options) -> list[dict[str, Any]]:
    rows, names = [], case.protected_names
    for number, (_, item) in enumerate(case.items("conduct"), 1):
        when = t.long_date(item.get("date"))
        until = item.get("until") or item.get("date_to")  # a campaign over a date range
        if until:
            when = f"Between {when} and {t.long_date(until)}"
        rows.append({
            "no": t.text(item.get("id"), str(number)), "date": when,
            "place": t.text(item.get("location"), t.blank("place")),
            "behaviours": "; ".join(t.BEHAVIOURS.get(b, str(b)) for b in item.get("behaviours")
                                    or []),
            "description": t.sentence(t.named(t.text(item.get("description")), names))
                           or t.blank("what happened"),
            "evidence": ", ".join(str(e) for e in item.get("evidence") or [])
                        or t.blank("exhibits"),
        })
    return rows


@builder("risk")
def risk(case: Case, options: Options) -> dict[str, Any]:
    assessment = case.mapping("risk", "assessment")
    return {
        "tool": t.text(assessment.get("tool"), t.blank("risk assessment tool")),
        "date": t.long_date(assessment.get("date"), "date of assessment"),
        "level": t.text(assessment.get("level"), t.blank("level")),
        "factors": "; ".join(case.get("risk", "factors") or []) or t.blank("risk factors"),
        "summary": t.sentence(t.text(case.get("risk", "summary"))) or t.blank("risk summary"),
    }


@builder("necessity")
def necessity(case: Case, options: Options) -> dict[str, Any]:
    return {
        "summary": t.sentence(t.text(case.get("necessity", "summary")))
                   or t.blank("why the order is necessary"),
        "measures": [{"measure": t.text(m.get("measure")),
                      "why": t.sentence(t.text(m.get("why_insufficient")))
                      or t.blank("why it is not enough")}
                     for _, m in case.items("necessity", "other_measures")],
    }


@builder("interim")
def interim(case: Case, options: Options) -> dict[str, Any]:
    grounds = case.mapping("application", "interim_grounds")
    period = case.interim_period
    if period is None:
        period_text = t.blank("interim period")
    elif period.weeks is not None:
        period_text = f"for {period.words()} beginning with the day it is made"
    else:
        period_text = period.words()
    notice = case.get("application", "notice_to_defendant")
    immediate = grounds.get("immediate_risk_of_harm")
    return {
        "sought": case.interim_sought,
        "immediate_risk": _YES_NO.get(immediate, t.blank("yes or no")),
        "grounds": t.sentence(t.text(grounds.get("summary")))
                   or t.blank("why an interim order is needed now"),
        "outstanding": t.sentence(t.text(grounds.get("further_information_needed"),
                                         t.text(grounds.get("court_cannot_hear_in_time"))))
                       or t.blank("why the main application cannot yet be decided"),
        "period": period_text + ", or until the main application is determined, if sooner "
                                "(section 5(6))",
        "notice": {True: "Given", False: "Not given"}.get(notice, t.blank("given or not")),
        "main": main_application(case),
    }


@builder("children")
def children(case: Case, options: Options) -> dict[str, Any]:
    yjs = case.mapping("yjs_consultation")
    safe = case.mapping("child_safeguarding")
    defendant_age = case.defendant_age()
    person_ages = [case.age(("protected_persons", i, "date_of_birth"))
                   for i, _ in case.items("protected_persons")]
    if yjs:
        yjs_text = (f"{t.text(yjs.get('service'), t.blank('service'))}, "
                    f"{t.text(yjs.get('officer'), t.blank('officer'))}, "
                    f"{t.long_date(yjs.get('date'), 'date')}: "
                    f"{t.sentence(t.text(yjs.get('summary'))) or t.blank('views of the YJS')}")
    elif defendant_age is not None and defendant_age >= 18:
        yjs_text = "Not applicable: the defendant is 18 or over."
    else:
        yjs_text = t.blank("Youth Justice Service consultation not recorded")
    if safe:
        safe_text = ("Family court orders checked: "
                     f"{t.yes_no(safe.get('family_court_orders_checked'))}. "
                     "Children Act 2004 s.11 considered: "
                     f"{t.yes_no(safe.get('children_act_s11_considered'))}. Contact "
                     "exceptions: "
                     f"{t.sentence(t.text(safe.get('contact_exceptions'))) or 'none recorded.'}")
    elif person_ages and all(a is not None and a >= 18 for a in person_ages):
        safe_text = "Not applicable: no protected person is under 18."
    else:
        safe_text = t.blank("child safeguarding not recorded")
    return {"yjs": yjs_text, "safeguarding": safe_text,
            "family_orders": [f"{t.text(o.get('kind'))}, {t.text(o.get('court'))}"
                              for _, o in case.items("defendant", "family_court_orders")]}


@builder("exhibits")
def exhibits(case: Case, options: Options) -> list[dict[str, str]]:
    return [{"ref": t.text(e.get("ref")), "description": t.text(e.get("description"))}
            for _, e in case.items("exhibits")]


@builder("hearsay")
def hearsay(case: Case, options: Options) -> list[dict[str, str]]:
    described = {str(e.get("ref")): t.text(e.get("description")) for _, e in
                 case.items("exhibits")}
    return [{"statement": t.text(h.get("statement")),
             "description": described.get(str(h.get("statement"))) or t.blank("description"),
             "maker": t.text(h.get("maker"), t.blank("who made the statement")),
             "contested": t.yes_no(h.get("contested")),
             "served": t.long_date(h.get("notice_served_on"), "not yet served"),
             "filed": t.long_date(h.get("filed_on"), "not yet filed"),
             "reason": t.sentence(t.text(h.get("maker_not_called_reason")))
                       or t.blank("why the maker is not called")}
            for _, h in case.items("hearsay")]


@builder("authorisation")
def authorisation(case: Case, options: Options) -> dict[str, Any]:
    auth = case.mapping("authorisation")
    officer = case.mapping("authorisation", "officer")
    pending = "to be completed by the authorising officer"
    considered = case.mapping("authorisation", "considered")
    return {
        "done": bool(auth),
        "officer": t.text(officer.get("name"), t.blank(pending)),
        "rank": t.text(officer.get("rank"), t.blank("rank")),
        "number": t.text(officer.get("number"), t.blank("number")),
        "date": t.long_date(auth.get("date"), pending),
        "decision": _DECISIONS.get(auth.get("decision"), t.blank(pending)),
        "reasons": t.sentence(t.text(auth.get("reasons"))) or t.blank("reasons"),
        "points": [{"point": p.label, "answer": t.text(considered.get(p.key), t.blank(pending))}
                   for p in AUTHORISATION_POINTS],
        "content_hash": t.text(auth.get("content_hash"), "not sealed"),
    }
