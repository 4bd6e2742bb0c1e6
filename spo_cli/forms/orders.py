"""Context groups for orders already made or to be made: the order being changed and the
changes sought in its own numbering, service and notification (s.9), the operative parts of
the draft orders, the transfer."""

from __future__ import annotations

from typing import Any

from ..law import ADULT_AGE, NOTIFICATION_REPLACED, minimum_last_day
from ..model import Case, Condition, Kind, conditions
from ..rules.dates import notification_due, transfer_acceptance_due
from . import text as t
from .application import (
    CHANGE_VERB,
    duration_text,
    existing_order_name,
    interim_existing,
    main_complaint,
    renewal_end,
    renewal_note,
)
from .context import Options, builder
from .sections import court, interim
from .terms import case_names, term_row

_ORDER_KINDS: dict[object, str] = {"full": "Stalking Protection Order",
                                   "interim": "Interim Stalking Protection Order"}
_CHANGE_TYPES: dict[Kind | None, str] = {Kind.VARIATION: "Variation", Kind.RENEWAL: "Renewal",
                                         Kind.DISCHARGE: "Discharge"}


def existing_terms(case: Case) -> list[tuple[str, str]]:
    """(label, text) of each term of the order being changed, in the order's own numbering:
    the listed terms are P1, P2, ... in order (the case-file format's convention)."""
    texts = [x.strip() for x in case.get("existing_order", "conditions") or []
             if isinstance(x, str) and x.strip()]
    return [(f"P{n}", t.sentence(x)) for n, x in enumerate(texts, 1)]


@builder("existing")
def existing(case: Case, options: Options) -> dict[str, Any]:
    order = case.mapping("existing_order")
    from_outcome = not order  # an order this case obtained: its court and reference
    if from_outcome:
        order = case.mapping("outcome", "order_made")
    expires = order.get("expires_on")
    court_name = court(case, options)["name"] if from_outcome else t.blank("court")
    return {
        "court": t.text(order.get("court"), court_name),
        "made_on": t.long_date(order.get("made_on") or case.get("outcome", "date"),
                               "date made"),
        "kind": _ORDER_KINDS.get(order.get("kind"), t.blank("full or interim")),
        "ends": t.long_date(expires) if expires else "Until further order"
                if order.get("until_further_order") is True else t.blank("end date"),
        "reference": t.text(order.get("reference"), t.blank("order reference")),
        "name": existing_order_name(case),
        "conditions": [f"{label}. {text}" for label, text in existing_terms(case)]
        if not from_outcome else [t.sentence(t.text(c)) for c in order.get("conditions") or []],
    }


@builder("change")
def change(case: Case, options: Options) -> dict[str, Any]:
    kind = case.kind
    section = case.mapping(str(kind)) if kind else {}
    return {
        "type": _CHANGE_TYPES.get(kind, ""),
        "variation": kind is Kind.VARIATION,
        "renewal": kind is Kind.RENEWAL,
        "discharge": kind is Kind.DISCHARGE,
        "grounds": t.sentence(t.text(section.get("grounds")))
                   or t.blank("grounds for the application"),
        "changes": variation_changes(case),
        "renewed": renewal_end(case) if kind is Kind.RENEWAL else "",
        "renewal_note": renewal_note(case) if kind is Kind.RENEWAL else "",
        "consents": _consents(case, section) if kind is Kind.DISCHARGE else "",
    }


def _consents(case: Case, section: Any) -> str:
    def said(key: str) -> str:
        return {True: "consents", False: "does not consent"}.get(
            section.get(key), "[consent not recorded]")

    made = case.date("existing_order", "made_on")
    heard = case.hearing_date or case.application_date
    window = ""
    if made and heard and heard <= minimum_last_day(made):
        window = (f"The order was made on {t.long_date(made)}, less than 2 years before "
                  f"{'the hearing' if case.hearing_date else 'the date of complaint'}, so it "
                  "can be discharged only with the consent of the defendant and of the chief "
                  "officer (section 4; the subsection is to be confirmed by legal services). ")
    return (f"{window}The defendant {said('defendant_consents')}. The chief officer "
            f"{said('chief_officer_consents')}.")


def variation_changes(case: Case) -> list[dict[str, str]]:
    """Each change sought, in the original order's numbering: what is removed (quoted as
    made), what is added or what replaces it (quoted as proposed), and why."""
    made = dict(existing_terms(case))
    proposed = {c.id: c for c in conditions(case)}
    rows = []
    for _, item in case.items("variation", "changes"):
        term, action = t.text(item.get("condition")), item.get("action")
        current = made.get(term, t.blank(f"term {term} of the order as made"))
        new = proposed.get(term)
        new_text = _term_in_full(case, new) if new else t.blank(f"proposed term {term}")
        reason = t.sentence(t.text(item.get("reason"))) or t.blank("reason")
        if action == "remove":
            what = f"Term {term} (\u201c{current}\u201d) is removed."
        elif action == "replace":
            what = (f"Term {term} (\u201c{current}\u201d) is replaced by: "
                    f"\u201c{new_text}\u201d")
        else:
            what = f"A new term {term} is added: \u201c{new_text}\u201d"
        rows.append({"term": term, "action": str(action or ""), "what": what,
                     "reason": reason})
    return rows


def _term_in_full(case: Case, condition: Condition) -> str:
    """A proposed term with its zone, times and period, as the order would print it."""
    return str(term_row(case, condition, case_names(case))["full"])


def varied_terms(case: Case) -> list[str]:
    """The order's terms as they would stand after the variation (original numbering; a
    removed term says so; added terms follow)."""
    actions = {t.text(i.get("condition")): i.get("action")
               for _, i in case.items("variation", "changes")}
    proposed = {c.id: c for c in conditions(case)}
    out = []
    for label, text in existing_terms(case):
        action = actions.get(label)
        if action == "remove":
            out.append(f"{label}. [Removed by this order.]")
        elif action == "replace" and label in proposed:
            varied = _term_in_full(case, proposed[label])
            out.append(f"{label}. {varied} [As varied by this order.]")
        else:
            out.append(f"{label}. {text}")
    made = {label for label, _ in existing_terms(case)}
    out += [f"{term}. {_term_in_full(case, proposed[term])} [Added by this order.]"
            for term, action in actions.items()
            if action == "add" and term in proposed and term not in made]
    return out


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
        "exempt": _exemption(case),
        "initial": not _exemption(case),
    }


def _exemption(case: Case) -> str:
    """Why no initial notification is due, or '' when it is (s.9(1), s.9(5))."""
    if case.get("defendant", "subject_to_soa_notification") is True:
        return ("You are subject to the notification requirements of the Sexual Offences Act "
                "2003 Part 2, so these requirements do not apply to you while that lasts "
                "(section 9(5)).")
    if case.interim_replaced_served:
        served = t.long_date(case.get("existing_order", "served_on"))
        return ("This order replaces the interim stalking protection order served on you on "
                f"{served}, so, provided that interim order is still in force when this order "
                "is made, you do not have to make a new initial notification "
                f"({t.section(NOTIFICATION_REPLACED)}). The continuing requirements below "
                "still apply.")
    return ""


@builder("order")
def order(case: Case, options: Options) -> dict[str, Any]:
    """The operative parts of the draft orders: full (s.2), interim (s.5) and an order
    varying, renewing or discharging an existing one (s.4 / s.5(7))."""
    change_kind = case.kind in CHANGE_VERB
    return {
        "title": _order_title(case),
        "made_on": _made_on(case),
        "ends": _ends(case),
        "interim_ends": interim(case, options)["period"],
        "main": _main_recital(case),
        "rights": _rights(case),
        "notify": _notify_paragraph(case, interim_order=False),
        "interim_notify": _notify_paragraph(case, interim_order=True),
        "penalty": _penalty(case),
        "section": ("section 5(7)" if interim_existing(case) else "section 4")
                   if change_kind else "section 2",
        "change_title": _change_title(case) if change_kind else "",
        "varied": varied_terms(case) if case.kind is Kind.VARIATION else [],
        "kept": [f"{label}. {text}" for label, text in existing_terms(case)],
        "continuing": case.kind in (Kind.VARIATION, Kind.RENEWAL)
                      and case.get("defendant", "subject_to_soa_notification") is not True,
    }


def _made_on(case: Case) -> str:
    """The date the order was made, once the outcome records it; a marked blank before."""
    made = case.date("outcome", "order_made", "made_on")
    if made is None and case.get("outcome", "result") == "granted":
        made = case.date("outcome", "date")
    return t.long_date(made, "date the order is made")


def _main_recital(case: Case) -> str:
    """Why an interim order can be made now (s.5(1)-(2)): a main application is pending."""
    if case.kind is Kind.INTERIM:
        return (f"made under section 5(2)(b) after the main application for a Stalking "
                f"Protection Order ({main_complaint(case)}), which has not yet been determined")
    return ("by which the complainant applies for a Stalking Protection Order and, at the same "
            "time, for this interim order (section 5(2)(a)), the main application not yet "
            "having been determined")


def _rights(case: Case) -> str:
    """The defendant's rights against an order changing an existing one."""
    if interim_existing(case):
        return "You may apply to this court to vary, renew or discharge the order (section 5(7))."
    return ("You may apply to this court to vary, renew or discharge the order (section 4), "
            "and you may appeal to the Crown Court against the making of this order "
            "(section 7(1)).")


def _order_title(case: Case) -> str:
    """The order a notice of the notification requirements goes with."""
    if case.kind is Kind.INTERIM:
        return "Interim Stalking Protection Order"
    if case.interim_sought and not case.interim_replaced_served:
        return t.blank("order served: Interim Stalking Protection Order or Stalking Protection "
                       "Order")
    return "Stalking Protection Order"


def _change_title(case: Case) -> str:
    # only the change kinds have this form (Form.applies), so the kind is always one of these
    noun: dict[Kind | None, str] = {Kind.VARIATION: "varying", Kind.RENEWAL: "renewing",
                                    Kind.DISCHARGE: "discharging"}
    kind = "an Interim Stalking Protection Order" if interim_existing(case) \
        else "a Stalking Protection Order"
    return f"Order {noun[case.kind]} {kind}"


def _ends(case: Case) -> str:
    """'for a fixed period of three years beginning with the day it is made (section 3(2))',
    or 'until further order (section 3(1)(b))'."""
    text = duration_text(case).replace("the day the order is made", "the day it is made")
    return f"for {text}" if text.startswith("a fixed period") else text


DUTY = ("You must notify the police of your name, every other name you use, and your home "
        "address within the period of 3 days beginning with the day this order is served on "
        "you (section 9(1) and (2)).")


def _notify_paragraph(case: Case, interim_order: bool) -> str:
    """What s.9(1) requires of the defendant under the order being drafted: a full order that
    replaces an interim order already served carries no initial duty; one that may replace
    an interim order sought with it says so."""
    if case.get("defendant", "subject_to_soa_notification") is True or interim_order:
        return _exemption(case) or DUTY
    if case.interim_sought:
        return ("If this order replaces an interim stalking protection order that has been "
                "served on you, you do not have to make a new initial notification "
                f"({t.section(NOTIFICATION_REPLACED)}). Otherwise, {DUTY[0].lower()}{DUTY[1:]}")
    return DUTY


def _penalty(case: Case) -> str:
    """The s.8 / s.11 maximum, said so that it is not wrong for a child defendant."""
    age = case.defendant_age()
    if age is not None and age < ADULT_AGE:
        return "(for an adult, the maximum penalty is 5 years' imprisonment)"
    return "punishable by up to 5 years' imprisonment"


@builder("transfer")
def transfer(case: Case, options: Options) -> dict[str, Any]:
    section = case.mapping("transfer")
    sent = case.date("transfer", "sent_on")
    assessment = case.mapping("transfer", "latest_risk_assessment")
    names = case.protected_names
    return {
        "receiving_force": t.text(section.get("receiving_force"), t.blank("receiving force")),
        "receiving_contact": t.text(section.get("receiving_contact"), t.blank("contact")),
        "sent_on": t.long_date(sent, "date sent"),
        "acceptance_due": t.long_date(transfer_acceptance_due(sent)) if sent else
                          t.blank("date sent + 7 days"),
        "new_address": t.lines(section.get("new_address")) or t.blank("new address"),
        "move_date": t.long_date(section.get("move_date"), "date of move"),
        "circumstances": t.text(section.get("circumstances"), t.blank("circumstances")),
        "persons": [{"name": names.get(str(p.get("id")), t.text(p.get("id"))),
                     "plan": t.text(p.get("safety_plan"), t.blank("safety plan"))}
                    for _, p in case.items("transfer", "persons_at_risk")],
        "assessment": f"{t.text(assessment.get('tool'), t.blank('tool'))}, "
                      f"{t.long_date(assessment.get('date'))}, level "
                      f"{t.text(assessment.get('level'), t.blank('level'))}",
        "flags": "; ".join(section.get("flags") or []) or t.blank("flags and markers"),
        "partners": [", ".join(t.text(p.get(k)) for k in ("role", "organisation", "name",
                                                           "contact") if p.get(k))
                     for _, p in case.items("transfer", "partners")],
        "meeting_date": t.long_date(section.get("meeting_date"), "meeting date"),
    }


@builder("bundle")
def bundle(case: Case, options: Options) -> list[dict[str, str]]:
    return [{"no": str(i), "item": item, "included": included, "pages": pages}
            for i, (item, included, pages) in enumerate(options.bundle_rows, 1)]
