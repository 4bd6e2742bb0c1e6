"""Orders already made: variation, renewal, discharge and transfer (s.4, s.5(7), APP 9.8)."""

from __future__ import annotations

from collections.abc import Iterator

from ..model import CHANGES, Case, Kind, Severity, label
from .dates import minimum_last_day
from .registry import Finding, rule

E = Severity.ERROR


def _changes_an_order(case: Case) -> bool:
    return case.kind in CHANGES or "transfer" in case.data


@rule("existing-order", E, "SPA 2019 s.4; s.5(7)",
      "variation/renewal/discharge/transfer without the order being changed")
def existing_order(case: Case) -> Iterator[Finding]:
    if not _changes_an_order(case) or (
            "transfer" in case.data and case.kind not in CHANGES and case.get("outcome")):
        return  # a transfer of an order this case obtained takes it from `outcome`
    order = case.mapping("existing_order")
    missing = [k for k in ("court", "made_on", "kind", "reference", "conditions") if not
               order.get(k)]
    if not order.get("expires_on") and order.get("until_further_order") is not True:
        missing.append("expires_on or until_further_order")
    if missing:
        yield Finding(("existing_order",), "describe the order being changed or transferred "
                      f"(missing: {', '.join(missing)})")


@rule("discharge-consent", E, "SPA 2019 s.4 (subsection UNVERIFIED: to be confirmed by legal "
      "services)", "discharge within 2 years of the order without both consents")
def discharge_consent(case: Case) -> Iterator[Finding]:
    made, applied = case.date("existing_order", "made_on"), case.application_date
    if case.kind is not Kind.DISCHARGE or not made or not applied:
        return
    if applied <= minimum_last_day(made):
        for key in ("defendant_consents", "chief_officer_consents"):
            if case.get("discharge", key) is not True:
                yield Finding(("discharge", key), "within 2 years of the order a discharge "
                              "needs the consent of the defendant and of the chief officer "
                              f"(record {key}: true)")


@rule("vrd-necessity", E, "SPA 2019 s.4 (subsection UNVERIFIED); s.2(2)",
      "a renewal, or a variation adding terms, without a necessity summary")
def vrd_necessity(case: Case) -> Iterator[Finding]:
    adds = any(c.get("action") in ("add", "replace") for _, c in case.items("variation", "changes"))
    if (case.kind is Kind.RENEWAL or (case.kind is Kind.VARIATION and adds)) \
            and not case.text("necessity", "summary"):
        yield Finding(("necessity", "summary"), "a renewal or new term must be necessary to "
                      "protect a person from a risk associated with stalking: give the summary")


@rule("renewal-expired", E, "SPA 2019 s.3, s.4",
      "renewal of a fixed-term order whose expiry date has passed")
def renewal_expired(case: Case) -> Iterator[Finding]:
    expires, applied = case.date("existing_order", "expires_on"), case.application_date
    if case.kind is Kind.RENEWAL and expires and applied and expires < applied:
        yield Finding(("existing_order", "expires_on"), "the order ended before the "
                      "application date and cannot be renewed; apply for a new order")


TRANSFER_ITEMS = {  # APP 9.8's list
    "new_address": "the new address",
    "circumstances": "the circumstances of the case",
    "persons_at_risk": "persons at risk and their safety plans",
    "latest_risk_assessment": "the latest risk assessment",
    "flags": "flags and warning markers",
    "partners": "police and partner information, including advocates",
}


@rule("transfer-contents", E, "APP 9.8", "a transfer pack missing any of the items APP 9.8 lists")
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
