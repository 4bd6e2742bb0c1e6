"""The dates a case's order lives by: when it ends, when notification is due, when a hearsay
notice must be served, when a transfer must be accepted (domain reference section 8)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .law import hearsay_latest_service, notification_due, transfer_acceptance_due
from .model import Case, Path_, format_path


@dataclass(frozen=True)
class Clock:
    """A date something must happen by."""

    due: date
    what: str
    action: str
    source: str
    path: Path_

    def to_dict(self) -> dict[str, str]:
        """For `spo due --json`."""
        return {"due": self.due.isoformat(), "what": self.what, "action": self.action,
                "source": self.source, "path": format_path(self.path)}


def clocks(case: Case) -> list[Clock]:
    """Every clock the case carries, earliest first."""
    found = [*_order_end(case), *_notification(case), *_hearsay(case), *_transfer(case)]
    return sorted(found, key=lambda c: (c.due, c.what))


def _order_end(case: Case) -> list[Clock]:
    """A fixed-term order ending: the last day, by which a renewal must be applied for."""
    for section in (("outcome", "order_made"), ("existing_order",)):
        order = case.mapping(*section)
        ends = case.date(*section, "expires_on")
        if order and ends and order.get("until_further_order") is not True:
            if case.get("application", "kind") == "renewal" and section == ("existing_order",):
                return []  # already being renewed
            return [Clock(ends, "order ends (last day)", "apply to renew before it ends, if "
                          "the risk continues", "SPA 2019 s.3, s.4", (*section, "expires_on"))]
    return []


def _notification(case: Case) -> list[Clock]:
    served = case.date("service", "served_on")
    if not served or case.get("defendant", "subject_to_soa_notification") is True:
        return []
    return [Clock(notification_due(served), "initial notification due (last day)",
                  "check the defendant has notified name and home address at a police station",
                  "SPA 2019 s.9(1)", ("service", "served_on"))]


def _hearsay(case: Case) -> list[Clock]:
    hearing = case.date("application", "hearing", "date")
    if not hearing:
        return []
    latest = hearsay_latest_service(hearing)
    return [Clock(latest, "hearsay notice: last day to serve and file",
                  "serve the notice on the defendant and file it with the court",
                  "MC(HECP)R 1999 r.3(1)", ("hearsay", index))
            for index, item in case.items("hearsay")
            if not (item.get("notice_served_on") and item.get("filed_on"))]


def _transfer(case: Case) -> list[Clock]:
    sent = case.date("transfer", "sent_on")
    if not sent or case.get("transfer", "accepted_on"):
        return []
    return [Clock(transfer_acceptance_due(sent), "transfer acceptance due",
                  "chase the receiving force for acceptance", "APP 9.8",
                  ("transfer", "sent_on"))]
