"""Context groups for the application itself: court, parties, grounds, terms, evidence."""

from __future__ import annotations

from typing import Any

from ..law import AUTHORISATION_POINTS
from ..model import Case, Kind, commitments, conditions
from ..rules.clash import clashes
from . import text as t
from .context import Options, builder


@builder("doc")
def doc(case: Case, options: Options) -> dict[str, Any]:
    return {
        "title": options.title,
        "form": options.form_id,
        "reference": t.text(case.get("application", "reference")),
        "marking": t.text(case.get("force", "marking"), "OFFICIAL-SENSITIVE"),
        "banner": "DRAFT - NOT FOR SERVICE OR FILING" if options.draft else "",
        "prepared_on": t.long_date(options.prepared_on or case.application_date),
    }


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
        "legal_reference": t.text(legal.get("reference"), "-"),
        "legal_contact": t.text(legal.get("email"), t.text(legal.get("phone"), "-")),
    }


@builder("applicant")
def applicant(case: Case, options: Options) -> dict[str, Any]:
    officer = case.mapping("applicant_officer")
    fields = {key: t.text(officer.get(key)) for key in
              ("name", "rank", "number", "station", "email", "phone")}
    rank = " ".join(x for x in (fields["rank"], fields["number"]) if x)
    identity = ", ".join(x for x in (fields["name"], rank, fields["station"]) if x)
    contact = " ".join(x for x in (fields["email"], fields["phone"]) if x) or "-"
    based = f", based at {fields['station']}" if fields["station"] else ""
    return {**fields, "identity": identity, "contact": contact, "based": based}


@builder("defendant")
def defendant(case: Case, options: Options) -> dict[str, Any]:
    born = case.date("defendant", "date_of_birth")
    age = case.defendant_age()
    basis = t.text(case.get("defendant", "area_basis"))
    return {
        "name": t.person_name(case.get("defendant", "name")),
        "other_names": ", ".join(case.get("defendant", "other_names") or []) or "None known",
        "dob": t.long_date(born),
        "age": str(age) if age is not None else t.blank("age"),
        "under_18": age is not None and age < 18,
        "address": t.lines(case.get("defendant", "address")),
        "pnc_id": t.text(case.get("defendant", "pnc_id"), "-"),
        "area_basis": t.AREA_BASIS.get(basis, "Not applicable: the force has no police area "
                                       "(s.1(3) does not apply)."),
        "area_note": t.text(case.get("defendant", "area_note")),
    }


@builder("application")
def application(case: Case, options: Options) -> dict[str, Any]:
    kind = case.kind
    duration = case.duration
    if duration is None:
        duration_text = "not applicable"
    elif duration.years is None:
        duration_text = f"{duration.words()} ({duration.citation})"
    else:
        duration_text = f"a fixed period of {duration.words()} beginning with the day it is " \
                        f"made ({duration.citation})"
    sought = {Kind.FULL: "A stalking protection order (s.1)",
              Kind.INTERIM: "An interim stalking protection order (s.5)"}.get(kind, "")
    if kind is Kind.FULL and case.interim_sought:
        sought += ", and an interim stalking protection order at the same time (s.5)"
    basis = "Stalking Protection Act 2019, ss.1-2" + (" and s.5" if case.interim_sought else "")
    if kind in (Kind.VARIATION, Kind.RENEWAL, Kind.DISCHARGE):
        basis = "Stalking Protection Act 2019, s.4"
        if case.get("existing_order", "kind") == "interim":
            basis += " and s.5(7)"
    return {
        "date": t.long_date(case.application_date),
        "kind": str(kind or ""),
        "sought": sought,
        "basis": basis,
        "duration": duration_text,
        "interim_sought": case.interim_sought,
    }


@builder("persons")
def persons(case: Case, options: Options) -> list[dict[str, Any]]:
    rows = []
    for index, person in case.items("protected_persons"):
        age = case.age(("protected_persons", index, "date_of_birth"))
        views = case.mapping("protected_persons", index, "views")
        rows.append({
            "id": t.text(person.get("id")),
            "name": t.person_name(person.get("name")),
            "relationship": t.text(person.get("relationship"), "-"),
            "victim": "Yes" if person.get("victim_of_conduct") is True else
                      "No (protection of another person, s.1(1)(c))",
            "age": "Under 18" if age is not None and age < 18 else "Adult" if age else "-",
            "views": t.text(views.get("summary"), "Not recorded"),
            "views_date": t.long_date(views.get("obtained_on"), "not recorded"),
            "address": "Confidential: not shown" if person.get("address_confidential") is True
                       else "Not shown on this form",
        })
    return rows


def _names_for(case: Case, ids: tuple[str, ...]) -> str:
    names = case.protected_names
    chosen = [names[i] for i in ids if i in names] or list(names.values())
    return ", ".join(chosen)


@builder("conduct")
def conduct(case: Case, options: Options) -> list[dict[str, Any]]:
    rows = []
    for number, (_, item) in enumerate(case.items("conduct"), 1):
        when = t.long_date(item.get("date"))
        if item.get("date_to"):
            when += f" to {t.long_date(item.get('date_to'))}"
        rows.append({
            "no": str(number), "id": t.text(item.get("id")), "date": when,
            "place": t.text(item.get("location"), "-"),
            "behaviours": "; ".join(t.BEHAVIOURS.get(b, str(b)) for b in item.get("behaviours")
                                    or []),
            "description": t.text(item.get("description")),
            "evidence": ", ".join(str(e) for e in item.get("evidence") or []),
        })
    return rows


@builder("risk")
def risk(case: Case, options: Options) -> dict[str, Any]:
    assessment = case.mapping("risk", "assessment")
    return {
        "tool": t.text(assessment.get("tool"), "-"),
        "date": t.long_date(assessment.get("date")),
        "level": t.text(assessment.get("level"), "-"),
        "factors": "; ".join(case.get("risk", "factors") or []) or "none recorded",
        "summary": t.text(case.get("risk", "summary"), "-"),
    }


@builder("necessity")
def necessity(case: Case, options: Options) -> dict[str, Any]:
    return {
        "summary": t.text(case.get("necessity", "summary"), "-"),
        "measures": [{"measure": t.text(m.get("measure")), "why": t.text(m.get("why_insufficient"))}
                     for _, m in case.items("necessity", "other_measures")],
    }


def _terms(case: Case, group: str) -> list[dict[str, Any]]:
    rows = []
    for number, condition in enumerate((c for c in conditions(case) if c.group == group), 1):
        raw = condition.raw
        zone = raw.get("zone") if isinstance(raw.get("zone"), dict) else {}
        rows.append({
            "no": str(number), "id": condition.id, "text": condition.text.strip(),
            "protects": _names_for(case, condition.protects),
            "risk": t.text(raw.get("risk_addressed"), "-"),
            "locality": t.text(raw.get("locality"), "Throughout the United Kingdom "
                               + ("(s.5(5))" if case.kind is Kind.INTERIM else "(s.2(4))")),
            "zone": f"See map, exhibit {zone['map_exhibit']}" if zone.get("map_exhibit") else "-",
            "when": t.when_text(raw.get("when")) or "-",
            "until": t.long_date(raw.get("until")) if raw.get("until") else "For the whole order",
            "supervisor": t.text(raw.get("supervisor"), "-"),
            "exceptions": t.text(raw.get("exceptions"), "None"),
        })
    return rows


@builder("prohibitions")
def prohibitions(case: Case, options: Options) -> list[dict[str, Any]]:
    return _terms(case, "prohibitions")


@builder("requirements")
def requirements(case: Case, options: Options) -> list[dict[str, Any]]:
    return _terms(case, "requirements")


@builder("commitments")
def commitment_rows(case: Case, options: Options) -> list[dict[str, Any]]:
    justified = {(j.get("condition"), j.get("commitment")): t.text(j.get("reason"))
                 for _, j in case.items("conditions", "conflict_justifications")}
    rows = []
    for item in commitments(case):
        raw = case.mapping(*item.path)
        clashing = [c for c in conditions(case) if clashes(c, item)]
        how = "No term clashes with it." if not clashing else "; ".join(
            f"{c.id} clashes; justified: {justified.get((c.id, item.ref), 'NOT JUSTIFIED')}"
            for c in clashing)
        rows.append({"kind": item.kind.capitalize(), "description": t.text(raw.get("description")),
                     "when": t.when_text(raw.get("when")) or "-", "how": how})
    return rows


@builder("interim")
def interim(case: Case, options: Options) -> dict[str, Any]:
    grounds = case.mapping("application", "interim_grounds")
    period = case.interim_period
    if period is None:
        period_text = "[interim period]"
    elif period.weeks is not None:
        period_text = f"for {period.words()} beginning with the day it is made"
    else:
        period_text = period.words()
    notice = case.get("application", "notice_to_defendant")
    main = case.mapping("application", "main_application")
    return {
        "sought": case.interim_sought,
        "immediate_risk": t.yes_no(grounds.get("immediate_risk_of_harm")),
        "grounds": t.text(grounds.get("summary"), "-"),
        "outstanding": t.text(grounds.get("further_information_needed"),
                              t.text(grounds.get("court_cannot_hear_in_time"), "-")),
        "period": period_text + ", or until the main application is decided, if sooner (s.5(6))",
        "notice": {True: "Given", False: "Not given"}.get(notice, "Not recorded"),
        "main_reference": t.text(main.get("reference"), "-"),
        "main_date": t.long_date(main.get("date"), "-") if main.get("date") else "-",
    }


@builder("children")
def children(case: Case, options: Options) -> dict[str, Any]:
    yjs = case.mapping("yjs_consultation")
    safe = case.mapping("child_safeguarding")
    return {
        "yjs": f"{t.text(yjs.get('service'))}, {t.text(yjs.get('officer'))}, "
               f"{t.long_date(yjs.get('date'))}: {t.text(yjs.get('summary'))}" if yjs
               else "Not applicable (the defendant is 18 or over)",
        "safeguarding": ("Family court orders checked: "
                         f"{t.yes_no(safe.get('family_court_orders_checked'))}. "
                         f"Children Act 2004 s.11 considered: "
                         f"{t.yes_no(safe.get('children_act_s11_considered'))}. Contact "
                         f"exceptions: {t.text(safe.get('contact_exceptions'), 'none')}")
        if safe else "Not applicable (no protected person is under 18)",
        "family_orders": [f"{t.text(o.get('kind'))}, {t.text(o.get('court'))}"
                          for _, o in case.items("defendant", "family_court_orders")],
    }


@builder("exhibits")
def exhibits(case: Case, options: Options) -> list[dict[str, str]]:
    return [{"ref": t.text(e.get("ref")), "description": t.text(e.get("description"))}
            for _, e in case.items("exhibits")]


@builder("hearsay")
def hearsay(case: Case, options: Options) -> list[dict[str, str]]:
    return [{"statement": t.text(h.get("statement")),
             "contested": t.yes_no(h.get("contested")),
             "served": t.long_date(h.get("notice_served_on"), "not served"),
             "filed": t.long_date(h.get("filed_on"), "not filed"),
             "reason": t.text(h.get("maker_not_called_reason"), "-")}
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
        "decision": {"authorised": "Authorised", "not_authorised": "Not authorised",
                     "returned": "Returned for further work"}.get(auth.get("decision"),
                                                                  t.blank(pending)),
        "reasons": t.text(auth.get("reasons"), "-"),
        "points": [{"point": p.label, "answer": t.text(considered.get(p.key), t.blank(pending))}
                   for p in AUTHORISATION_POINTS],
        "content_hash": t.text(auth.get("content_hash"), "not sealed"),
    }
