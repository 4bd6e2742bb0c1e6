"""Context groups for orders already made or to be made: the order, changes, service,
transfer and the bundle's rows."""

from __future__ import annotations

from typing import Any

from ..model import Case, Kind
from ..rules.dates import notification_due, transfer_acceptance_due
from . import text as t
from .context import Options, builder
from .sections import court, interim


@builder("existing")
def existing(case: Case, options: Options) -> dict[str, Any]:
    order = case.mapping("existing_order")
    from_outcome = not order  # an order this case obtained: its court and reference
    if from_outcome:
        order = case.mapping("outcome", "order_made")
    expires = order.get("expires_on")
    return {
        "court": t.text(order.get("court"), court(case, options)["name"] if from_outcome
                        else "-"),
        "made_on": t.long_date(order.get("made_on") or case.get("outcome", "date"), "-"),
        "kind": {"full": "Stalking protection order", "interim": "Interim stalking protection "
                 "order"}.get(order.get("kind"), "-"),
        "ends": t.long_date(expires) if expires else "Until further order",
        "reference": t.text(order.get("reference"),
                            t.text(case.get("application", "reference"), "-")),
        "conditions": [t.text(c) for c in order.get("conditions") or []],
    }


@builder("change")
def change(case: Case, options: Options) -> dict[str, Any]:
    kind = case.kind
    section = case.mapping(str(kind)) if kind else {}
    consents = ""
    if kind is Kind.DISCHARGE:
        consents = (f"Defendant consents: {t.yes_no(section.get('defendant_consents'))}. "
                    f"Chief officer consents: {t.yes_no(section.get('chief_officer_consents'))}.")
    return {
        "type": {Kind.VARIATION: "Variation", Kind.RENEWAL: "Renewal",
                 Kind.DISCHARGE: "Discharge"}.get(kind, "-"),
        "grounds": t.text(section.get("grounds"), "-"),
        "changes": [{"condition": t.text(c.get("condition")), "action": t.text(c.get("action")),
                     "reason": t.text(c.get("reason"), "-")}
                    for _, c in case.items("variation", "changes")],
        "consents": consents or "Not applicable",
    }


@builder("service")
def service(case: Case, options: Options) -> dict[str, Any]:
    served = case.date("service", "served_on")
    pending = "to be completed at service"
    return {
        "served_on": t.long_date(served, pending),
        "served_by": t.text(case.get("service", "served_by"), t.blank(pending)),
        "method": t.text(case.get("service", "method"), t.blank(pending)),
        "notify_by": t.long_date(notification_due(served)) if served else
                     t.blank("date of service + 2 days"),
        "exempt": "Yes: the defendant is subject to the notification requirements of the "
                  "Sexual Offences Act 2003 Part 2 (s.9(5))"
                  if case.get("defendant", "subject_to_soa_notification") is True else "No",
    }


@builder("order")
def order(case: Case, options: Options) -> dict[str, Any]:
    interim_only = case.kind is Kind.INTERIM
    duration = case.duration
    made = "[date the order is made]"
    if interim_only:
        ends = interim(case, options)["period"]
    elif duration is None:
        ends = "[duration]"
    elif duration.years is None:
        ends = f"{duration.words()} ({duration.citation})"
    else:
        ends = f"for {duration.words()} beginning with {made} ({duration.citation})"
    recital = ("the court considering it appropriate to make an interim order while the main "
               "application is determined (section 5(3))") if interim_only else (
        "the court being satisfied that the defendant has carried out acts associated with "
        "stalking, poses a risk associated with stalking to another person, that this order "
        "is necessary to protect that person from that risk, and that each term is necessary "
        "for that purpose (section 2(1) and (2))")
    return {
        "recital": recital,
        "title": "Interim Stalking Protection Order" if interim_only
        else "Stalking Protection Order",
        "section": "section 5" if interim_only else "section 2",
        "made_on": made,
        "ends": ends,
        "interim_too": case.interim_sought and not interim_only,
    }


@builder("transfer")
def transfer(case: Case, options: Options) -> dict[str, Any]:
    section = case.mapping("transfer")
    sent = case.date("transfer", "sent_on")
    assessment = case.mapping("transfer", "latest_risk_assessment")
    names = case.protected_names
    return {
        "receiving_force": t.text(section.get("receiving_force"), "-"),
        "receiving_contact": t.text(section.get("receiving_contact"), t.blank("contact")),
        "sent_on": t.long_date(sent, "date sent"),
        "acceptance_due": t.long_date(transfer_acceptance_due(sent)) if sent else
                          t.blank("date sent + 7 days"),
        "new_address": t.lines(section.get("new_address")) or "-",
        "move_date": t.long_date(section.get("move_date"), "date of move"),
        "circumstances": t.text(section.get("circumstances"), "-"),
        "persons": [{"name": names.get(str(p.get("id")), t.text(p.get("id"))),
                     "plan": t.text(p.get("safety_plan"), "-")}
                    for _, p in case.items("transfer", "persons_at_risk")],
        "assessment": f"{t.text(assessment.get('tool'), '-')}, "
                      f"{t.long_date(assessment.get('date'))}, level "
                      f"{t.text(assessment.get('level'), '-')}",
        "flags": "; ".join(section.get("flags") or []) or "-",
        "partners": [", ".join(t.text(p.get(k)) for k in ("role", "organisation", "name",
                                                           "contact") if p.get(k))
                     for _, p in case.items("transfer", "partners")],
        "meeting_date": t.long_date(section.get("meeting_date"), "meeting date"),
    }


@builder("bundle")
def bundle(case: Case, options: Options) -> list[dict[str, str]]:
    later = "[page numbers: produced by spo bundle]"
    return [{"no": str(i), "item": item, "included": included, "pages": pages or later}
            for i, (item, included, pages) in enumerate(options.bundle_rows, 1)]
