"""The `application` context group: what is applied for, under which provision, and the
matter of complaint in the Act's own terms, for every kind of application."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from ..law import last_day_of_years
from ..model import Case, Kind
from . import text as t
from .context import Options, builder

ORDER = "Stalking Protection Order"
INTERIM_ORDER = "Interim Stalking Protection Order"
CHANGE_VERB = {Kind.VARIATION: "vary", Kind.RENEWAL: "renew", Kind.DISCHARGE: "discharge"}
CHANGE_NOUN = {Kind.VARIATION: "varying", Kind.RENEWAL: "renewing", Kind.DISCHARGE: "discharging"}

# s.1(1)(a)-(c), the chief officer's threshold ("appears", "reasonable cause to believe").
GROUNDS = ("it appears to the chief officer that the defendant has carried out acts associated "
           "with stalking (section 1(1)(a)) and poses a risk associated with stalking to another "
           "person (section 1(1)(b)), and there is reasonable cause to believe that the order "
           "sought is necessary to protect that person from such a risk (section 1(1)(c))")


def existing_order_name(case: Case) -> str:
    """'the Stalking Protection Order made by X on D (reference R)': the order being changed,
    with a marked blank for anything the case does not hold."""
    order = case.mapping("existing_order")
    kind = INTERIM_ORDER if order.get("kind") == "interim" else ORDER
    court = t.text(order.get("court"), t.blank("court that made the order"))
    made = t.long_date(order.get("made_on"), "date the order was made")
    reference = t.text(order.get("reference"), t.blank("order reference"))
    return f"the {kind} made by {court} on {made} (reference {reference})"


def interim_existing(case: Case) -> bool:
    """The order being changed is an interim order: s.5(7) applies, not s.4."""
    return case.get("existing_order", "kind") == "interim"


def duration_text(case: Case) -> str:
    """The period sought, as a court would write it."""
    if case.kind is Kind.RENEWAL:
        return renewal_end(case)
    duration = case.duration
    if duration is None:
        return t.blank("duration sought")
    if duration.years is None:
        return f"{duration.words()} ({t.section(duration.citation)})"
    return (f"a fixed period of {duration.words()} beginning with the day the order is made "
            f"({t.section(duration.citation)})")


def renewal_end(case: Case) -> str:
    """How long a renewal runs: 'until 19 November 2028' when the case gives the date
    (`order_sought.duration: {until: date}`), 'until further order', or for a number of
    years a marked blank for the end date (whether the further period runs on from the end
    of the order as made or from the renewal is not verified: s.4)."""
    duration = case.duration
    if duration is None:
        return t.blank("new end date")
    if duration.years is None:
        return duration.words()
    return f"for a further period of {duration.words()}, until {t.blank('end date')}"


def renewal_note(case: Case) -> str:
    """For the complaint and statement: the end date if the period runs on from the end of the
    order as made, said as a proposal, not as law."""
    duration, ends = case.duration, case.date("existing_order", "expires_on")
    if duration is None or duration.years is None or ends is None:
        return ""
    last = last_day_of_years(ends + timedelta(days=1), duration.years)
    return (f"If the further period runs on from the end of the order as made "
            f"({t.long_date(ends)}), it ends on {t.long_date(last)}; legal services to confirm "
            "(the detail of s.4 is not verified).")


def title(case: Case) -> str:
    """The complaint's title for the case's kind."""
    kind = case.kind
    if kind in CHANGE_VERB:
        order = INTERIM_ORDER if interim_existing(case) else ORDER
        return f"Complaint to {CHANGE_VERB[kind]} a{'n' if order == INTERIM_ORDER else ''} {order}"
    if kind is Kind.INTERIM:
        return f"Complaint for an {INTERIM_ORDER}"
    if case.interim_sought:
        return f"Complaint for a {ORDER} and an {INTERIM_ORDER}"
    return f"Complaint for a {ORDER}"


def _basis(case: Case) -> str:
    kind = case.kind
    if kind in CHANGE_VERB:
        return "Stalking Protection Act 2019, section " + (
            "5(7)" if interim_existing(case) else "4")
    if kind is Kind.INTERIM:
        return "Stalking Protection Act 2019, sections 1 and 5(2)(b)"
    return "Stalking Protection Act 2019, sections 1 and 2" + (
        ", and section 5(2)(a)" if case.interim_sought else "")


def main_complaint(case: Case) -> str:
    """'the complaint made on 21 October 2026 (reference R)': an interim application's main
    application (kind interim), with marked blanks for what the case does not hold."""
    main = case.mapping("application", "main_application")
    reference = t.text(main.get("reference"), t.blank("reference of the main application"))
    return (f"the complaint made on {t.long_date(main.get('date'), 'date of the main application')}"
            f", reference {reference}")


def main_application(case: Case) -> str:
    """The main application an interim order depends on, with its limb of s.5(2)."""
    if case.kind is not Kind.INTERIM:
        return "this complaint (section 5(2)(a))"
    return f"{main_complaint(case)} (section 5(2)(b))"


def _matter(case: Case) -> str:
    """The matter of complaint, in the Act's terms."""
    kind = case.kind
    if kind in CHANGE_VERB:
        section = "section 5(7)" if interim_existing(case) else "section 4"
        return (f"The complainant applies under {section} for an order "
                f"{CHANGE_NOUN[kind]} {existing_order_name(case)}.")
    grounds = "The complainant complains that " + GROUNDS + "."
    if kind is Kind.INTERIM:
        return (f"{grounds} The complainant made the main application for a {ORDER} by "
                f"{main_complaint(case)}, which has not been determined, and applies under "
                f"section 5(2)(b) for an {INTERIM_ORDER} until it is determined.")
    also = (f", and for an {INTERIM_ORDER} under section 5, applied for at the same time "
            "(section 5(2)(a))") if case.interim_sought else ""
    return f"{grounds} The complainant applies for a {ORDER} under section 1{also}."


def _summons(case: Case) -> str:
    """What the summons tells the defendant the complaint is about."""
    kind = case.kind
    if kind in CHANGE_VERB:
        return (f"The complaint asks the court to {CHANGE_VERB[kind]} "
                f"{existing_order_name(case)}" + (
                    f", {renewal_end(case)}." if kind is Kind.RENEWAL else "."))
    sought = f"an {INTERIM_ORDER}" if kind is Kind.INTERIM else f"a {ORDER}" + (
        f" and an {INTERIM_ORDER}" if case.interim_sought else "")
    return ("The complaint is that you have carried out acts associated with stalking, that "
            "you pose a risk associated with stalking to another person, and that there is "
            "reasonable cause to believe that an order is necessary to protect that person "
            f"from such a risk. The complainant asks the court to make {sought}.")


def _sought(case: Case) -> str:
    kind = case.kind
    if kind is Kind.INTERIM:
        return f"An {INTERIM_ORDER} (section 5), pending {main_application(case)}"
    if kind is Kind.FULL:
        return f"A {ORDER} (section 1)" + (
            f", and an {INTERIM_ORDER} at the same time (section 5(2)(a))"
            if case.interim_sought else "")
    if kind in CHANGE_VERB:
        return f"An order {CHANGE_NOUN[kind]} {existing_order_name(case)}"
    return t.blank("order sought")


def _common_date(case: Case, key: str, what: str) -> str:
    """The date every hearsay item records for `key`, or a marked blank."""
    dates = {h.get(key) for _, h in case.items("hearsay")}
    return t.long_date(dates.pop(), what) if len(dates) == 1 else t.blank(what)


def _interim_made(case: Case) -> str:
    """A full application whose interim order has already been made: say which."""
    if case.kind is not Kind.FULL or not interim_existing(case):
        return ""
    served = case.date("existing_order", "served_on")
    return (f"An interim order has been made: {existing_order_name(case)}" + (
        f", served on the defendant on {t.long_date(served)}." if served else "."))


@builder("application")
def application(case: Case, options: Options) -> dict[str, Any]:
    return {
        "date": t.long_date(case.application_date, "date of complaint"),
        "kind": str(case.kind or ""),
        "title": title(case),
        "sought": _sought(case),
        "basis": _basis(case),
        "matter": _matter(case),
        "summons": _summons(case),
        "duration": duration_text(case),
        "terms_cite": "(s.5(3), s.5(5))" if case.kind is Kind.INTERIM else "(s.2(2), s.2(4))",
        "hearsay_served": _common_date(case, "notice_served_on", "date of service"),
        "hearsay_filed": _common_date(case, "filed_on", "date of filing"),
        "interim_sought": case.interim_sought,
        "interim_made": _interim_made(case),
        "hearsay_none": "No hearsay evidence is relied on." if case.get("hearsay") == []
                        else t.blank("hearsay evidence relied on, if any"),
        "change": case.kind in CHANGE_VERB,
    }
