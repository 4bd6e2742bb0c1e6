"""Orders already made: variation, renewal, discharge and transfer (s.4, s.5(7), APP 9.8)."""

from __future__ import annotations

from collections.abc import Iterator

from .. import law
from ..model import CHANGES, Case, Kind, Severity, label
from .dates import last_day_of_years, renewal_lead
from .registry import Finding, rule

E, W = Severity.ERROR, Severity.WARNING


def _changes_an_order(case: Case) -> bool:
    return case.kind in CHANGES or "transfer" in case.data


@rule("existing-order", E, law.spa(law.CHANGE, law.INTERIM_CHANGE),
      "variation/renewal/discharge/transfer without the order being changed")
def existing_order(case: Case) -> Iterator[Finding]:
    if not _changes_an_order(case) or (
            "transfer" in case.data and case.kind not in CHANGES and case.get("outcome")):
        return  # a transfer of an order this case obtained takes it from `outcome`
    order = case.mapping("existing_order")
    # A renewal's terms are checked by renewal-terms (its own conditions may replace them).
    keys = ("court", "made_on", "kind", "reference") + (
        () if case.kind is Kind.RENEWAL else ("conditions",))
    missing = [k for k in keys if not order.get(k)]
    if not order.get("expires_on") and order.get("until_further_order") is not True:
        missing.append("expires_on or until_further_order")
    if missing:
        yield Finding(("existing_order",), "describe the order being changed or transferred "
                      f"(missing: {', '.join(missing)})")


@rule("discharge-consent", E, law.spa(law.CHANGE_UNVERIFIED),
      "discharge within 2 years of the order without both consents")
def discharge_consent(case: Case) -> Iterator[Finding]:
    made = case.date("existing_order", "made_on")
    # The court decides at the hearing: judge the window on the hearing date when listed.
    decided = case.hearing_date or case.application_date
    if case.kind is not Kind.DISCHARGE or not made or not decided:
        return
    if decided <= last_day_of_years(made, law.DISCHARGE_CONSENT_YEARS):
        on = "hearing date" if case.hearing_date else "date of complaint"
        for key in ("defendant_consents", "chief_officer_consents"):
            if case.get("discharge", key) is not True:
                yield Finding(("discharge", key), f"on the {on}, the order is less than 2 "
                              "years old: a discharge then needs the consent of the defendant "
                              f"and of the chief officer (record {key}: true). s.4 is "
                              "UNVERIFIED here: legal services to confirm the subsection")


@rule("vrd-necessity", E, law.spa("s.4 (subsection UNVERIFIED)", law.TERM_NECESSITY),
      "a renewal, or a variation adding terms, without a necessity summary")
def vrd_necessity(case: Case) -> Iterator[Finding]:
    adds = any(c.get("action") in ("add", "replace") for _, c in case.items("variation", "changes"))
    if (case.kind is Kind.RENEWAL or (case.kind is Kind.VARIATION and adds)) \
            and not case.text("necessity", "summary"):
        yield Finding(("necessity", "summary"), "a renewal or new term must be necessary to "
                      "protect a person from a risk associated with stalking: give the summary")


@rule("renewal-expired", E, law.spa(law.DURATION, law.CHANGE),
      "renewal of a fixed-term order whose expiry date has passed, or whose listed hearing is "
      "after it")
def renewal_expired(case: Case) -> Iterator[Finding]:
    expires, applied = case.date("existing_order", "expires_on"), case.application_date
    if case.kind is not Kind.RENEWAL or not expires:
        return
    if applied and expires < applied:
        yield Finding(("existing_order", "expires_on"), "the order ended before the date of "
                      "complaint and cannot be renewed; apply for a new order")
    elif case.hearing_date and case.hearing_date > expires:
        yield Finding(("application", "hearing", "date"), "the hearing is listed after the "
                      "order's last day: an order that has ended cannot be renewed; ask the "
                      "court for an earlier hearing, or apply for a new order")


@rule("renewal-late", W, law.spa(law.DURATION, law.CHANGE) + "; practice: start "
      f"{law.RENEWAL_LEAD_DAYS} days before the end", "a fixed-term order ends within "
      f"{law.RENEWAL_LEAD_DAYS} days and the renewal has no hearing listed before its last day")
def renewal_late(case: Case) -> Iterator[Finding]:
    expires = case.date("existing_order", "expires_on")
    if case.kind is not Kind.RENEWAL or not expires or case.hearing_date:
        return  # a hearing listed after the end is renewal-expired
    applied = case.application_date
    if applied and expires < applied:
        return  # renewal-expired
    # Judged on the date of complaint (so a file checks the same on any day) and on today.
    days = [day for day in (applied, case.as_of) if day is not None]
    if any(renewal_lead(expires) <= day <= expires for day in days):
        yield Finding(("application", "hearing"), f"the order ends on {expires.isoformat()}, "
                      f"within {law.RENEWAL_LEAD_DAYS} days, and no hearing is listed: ask the "
                      "court to list the renewal before the order's last day")


@rule("renewal-terms", E, law.spa(law.CHANGE, law.TERM_NECESSITY),
      "a renewal that proposes no terms (neither conditions nor the existing order's terms)")
def renewal_terms(case: Case) -> Iterator[Finding]:
    if case.kind is Kind.RENEWAL and not case.proposed_terms:
        path = ("conditions",) if "conditions" in case.data else ("existing_order", "conditions")
        yield Finding(path, "the renewal proposes no terms: list the terms to be "
                      "renewed in conditions, or the existing order's terms in "
                      "existing_order.conditions")


TRANSFER_ITEMS = {  # the draft APP 9.8's list
    "new_address": "the new address",
    "circumstances": "the circumstances of the case",
    "persons_at_risk": "persons at risk and their safety plans",
    "latest_risk_assessment": "the latest risk assessment",
    "flags": "flags and warning markers",
    "partners": "police and partner information, including advocates",
}


@rule("transfer-contents", E, law.app("9.8"),
      "a transfer pack missing any of the items the draft APP 9.8 lists")
def transfer_contents(case: Case) -> Iterator[Finding]:
    transfer = case.mapping("transfer")
    if not transfer:
        return
    for key, what in TRANSFER_ITEMS.items():
        if not transfer.get(key):
            yield Finding(("transfer", key), f"the transfer pack needs {what}")
    for index, person in case.items("transfer", "persons_at_risk"):
        if not person.get("safety_plan"):
            who = label(person.get("id"), f"persons_at_risk[{index}]")
            yield Finding(("transfer", "persons_at_risk", index, "safety_plan"),
                          f"{who}: the transfer pack needs their safety plan")
    if not (case.get("existing_order", "conditions") or
            case.get("outcome", "order_made", "conditions")):
        yield Finding(("transfer",), "the transfer pack needs the order's conditions "
                      "(existing_order.conditions or outcome.order_made.conditions)")
