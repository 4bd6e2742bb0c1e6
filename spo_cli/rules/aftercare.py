"""After the order: post-order recording and breaches (APP (consultation draft 2026) 9.6, 9.7).

The helpers here are the one definition of "an order was made", "its post-order actions are
missing" and "a breach was not followed by a risk reassessment"; `spo report` reads them too.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

from ..law import app, spa
from ..model import Case, Severity, label
from .procedure import case_today
from .registry import Finding, rule

W = Severity.WARNING
APP_RECORDING = app("9.6")
APP_BREACH = f"{app('9.7')}; {spa('s.8')}"

# The post-order actions APP 9.6 lists, in the order a chief officer reads them.
POST_ORDER_ACTIONS = {
    "pnc": "the order entered on PNC (or LEDS)",
    "pnd": "PND updated with the risk factors",
    "visor": "ViSOR updated",
    "marker": "markers set for call handlers and responders",
    "victim_informed": "the victim (or their advocate) told of the order's terms",
    "risk_plan_updated": "the risk management plan aligned to the order",
}
RECORDING_DAYS = 7  # practice: the days allowed before a missing action is flagged
BREACH_RESULTS = ("no_further_action", "charged", "cautioned", "convicted", "pending")


ORDER_KINDS = ("full", "interim", "renewal")  # a granted variation or discharge makes no new order


def order_made_on(case: Case) -> date | None:
    """The date an order (full, interim or renewed) was made in this case, or None. An
    adjourned full application may still have made an interim order (`order_made`)."""
    result = case.get("outcome", "result")
    made = case.date("outcome", "date")
    if made and case.get("application", "kind") in ORDER_KINDS and (
            result == "granted" or case.mapping("outcome", "order_made")):
        return made
    return None


def missing_actions(case: Case) -> list[str]:
    """The post-order actions not recorded with a date, in POST_ORDER_ACTIONS order."""
    done = {item.get("action") for _, item in case.items("outcome", "recorded")
            if isinstance(item.get("date"), date)}
    return [action for action in POST_ORDER_ACTIONS if action not in done]


def reassessed_after(case: Case, breach_on: date, own: object) -> bool:
    """A risk assessment dated on or after the breach: the breach's own `risk_reassessed_on`,
    the case's risk assessment, or a transfer's latest assessment."""
    dates = [own, case.get("risk", "assessment", "date"),
             case.get("transfer", "latest_risk_assessment", "date")]
    return any(isinstance(d, date) and d >= breach_on for d in dates)


@rule("post-order-actions", W, APP_RECORDING,
      "an order made more than 7 days ago without each post-order action recorded")
def post_order_actions(case: Case) -> Iterator[Finding]:
    made = order_made_on(case)
    if not made or case_today(case) <= made + timedelta(days=RECORDING_DAYS):
        return
    for action in missing_actions(case):
        yield Finding(("outcome", "recorded"), f"the order was made more than "
                      f"{RECORDING_DAYS} days ago and '{action}' is not recorded "
                      f"({POST_ORDER_ACTIONS[action]}): record it with its date")


@rule("breach-reassessment", W, APP_BREACH,
      "a breach of the order without a risk reassessment dated after it")
def breach_reassessment(case: Case) -> Iterator[Finding]:
    for index, breach in case.items("breaches"):
        breach_on = breach.get("date")
        if not isinstance(breach_on, date):
            continue
        if not reassessed_after(case, breach_on, breach.get("risk_reassessed_on")):
            term = label(breach.get("term"), f"breaches[{index}]")
            yield Finding(("breaches", index), f"breach of {term}: a breach calls for a fresh "
                          "risk assessment; record its date (risk_reassessed_on)")
