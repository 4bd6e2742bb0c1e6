"""The dates a case's order lives by (contract section 4, domain reference section 8): when it
ends, when to start renewing it, when notification is due, when a hearsay notice must be served,
when a transfer must be accepted, and an interim order ending before the full hearing. Every
period and citation comes from `law`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from . import law
from .model import Case, Kind, Path_, format_path


@dataclass(frozen=True)
class Clock:
    """A date something must happen by. After `moot` (when set) a missed clock no longer
    calls for action (the hearing it served has passed, the order has ended)."""

    due: date
    what: str
    action: str
    source: str
    path: Path_
    moot: date | None = None

    def to_dict(self) -> dict[str, str]:
        """For `spo due --json`."""
        return {"due": self.due.isoformat(), "what": self.what, "action": self.action,
                "source": self.source, "path": format_path(self.path)}

    def open_on(self, day: date) -> bool:
        """Whether a clock past its date still calls for action on `day`."""
        return self.moot is None or day <= self.moot


def clocks(case: Case) -> list[Clock]:
    """Every clock the case carries, earliest first."""
    found = [*_order_end(case), *_notification(case), *_changes(case), *_hearsay(case),
             *_transfer(case), *_interim_end(case)]
    return sorted(found, key=lambda c: (c.due, c.what))


def _order_end(case: Case) -> list[Clock]:
    """A fixed-term order ending, and when to start renewing it. While a renewal is being
    prepared the end stays listed: the renewal must be heard before it."""
    for section in (("outcome", "order_made"), ("existing_order",)):
        order = case.mapping(*section)
        ends = case.date(*section, "expires_on")
        if not order or not ends or order.get("until_further_order") is True \
                or order.get("kind") == "interim":
            continue
        path = (*section, "expires_on")
        source = law.spa(law.DURATION, law.CHANGE)
        if case.kind is Kind.RENEWAL and section == ("existing_order",):
            return [Clock(ends, "order ends (last day): renewal in preparation",
                          "the renewal must be heard by this day; an order that has ended "
                          "cannot be renewed", source, path, case.hearing_date or ends)]
        return [Clock(law.renewal_lead(ends), f"renewal lead ({law.RENEWAL_LEAD_DAYS} days "
                      "before the order ends)", "decide whether to apply to renew; if so, "
                      "start the application now", source, path, ends),
                Clock(ends, "order ends (last day)", "apply to renew before it ends, if the "
                      "risk continues", source, path, ends)]
    return []


def _in_force(case: Case) -> bool:
    """An order has been made and served (so the notification duties run)."""
    return bool(case.date("service", "served_on") or case.mapping("outcome", "order_made")
                or case.mapping("existing_order"))


def _notification(case: Case) -> list[Clock]:
    served = case.date("service", "served_on")
    if not served or case.get("defendant", "subject_to_soa_notification") is True \
            or case.date("service", "notified_on"):
        return []
    if case.interim_replaced_served:
        return []  # s.9(1)(a): the duty arose when the interim order was served
    return [Clock(law.notification_due(served), "initial notification due (last day)",
                  "check the defendant has notified name(s) and home address at a police "
                  "station, and record service.notified_on", law.spa(law.NOTIFICATION),
                  ("service", "served_on"), _order_ends(case))]


def _order_ends(case: Case) -> date | None:
    """The last day of the order in force, if fixed: notification duties end with it."""
    return case.date("outcome", "order_made", "expires_on") or \
        case.date("existing_order", "expires_on")


def _changes(case: Case) -> list[Clock]:
    """s.9(4): a new home address is notified within 3 days beginning with the move."""
    moved = case.moved_on
    if not moved or not _in_force(case) or case.get("defendant", "subject_to_soa_notification") \
            is True:
        return []
    path = ("defendant", "moved_on") if case.date("defendant", "moved_on") else \
        ("transfer", "move_date")
    return [Clock(law.change_notification_due(moved), "new home address: notification due "
                  "(last day)", "check the defendant has notified the new home address at a "
                  "police station", law.spa(law.NOTIFICATION_CHANGE), path,
                  _order_ends(case))]


def _hearsay(case: Case) -> list[Clock]:
    hearing = case.hearing_date
    if not hearing:
        return []
    latest = law.hearsay_latest_service(hearing)
    return [Clock(latest, "hearsay notice: last day to serve and file",
                  "serve the notice on the defendant and file it with the court (21 clear "
                  "days); if late, apply for a direction under r.3(2)",
                  law.HEARSAY_NOTICE, ("hearsay", index), hearing)
            for index, item in case.items("hearsay")
            if not (item.get("notice_served_on") and item.get("filed_on"))]


def _transfer(case: Case) -> list[Clock]:
    sent = case.date("transfer", "sent_on")
    if not sent or case.get("transfer", "accepted_on"):
        return []
    return [Clock(law.transfer_acceptance_due(sent), "transfer acceptance due",
                  "chase the receiving force for acceptance", law.app("9.8"),
                  ("transfer", "sent_on"))]


def _interim_end(case: Case) -> list[Clock]:
    """An interim order (made, or proposed with an end date) ending before the full hearing:
    it must be renewed under s.5(7), or the hearing brought forward."""
    if case.kind not in (Kind.FULL, Kind.INTERIM):
        return []
    for path in (("existing_order", "expires_on"), ("outcome", "order_made", "expires_on"),
                 ("application", "interim_period", "until")):
        if path[0] != "application" and case.get(*path[:-1], "kind") != "interim":
            continue
        ends = case.date(*path)
        if ends is None:
            continue
        # In an interim-only complaint the listed hearing is the interim one: the main
        # application's hearing is not in this file.
        hearing = case.hearing_date if case.kind is Kind.FULL else None
        if hearing and hearing <= ends:
            return []
        when = ("before the listed full hearing" if hearing else
                "and no full hearing is listed" if case.kind is Kind.FULL else
                "(check the main application is heard before then)")
        return [Clock(ends, f"interim order ends {when}", "apply to renew the interim order "
                      f"({law.INTERIM_CHANGE}) or ask for the full hearing to be listed "
                      "before it ends", law.spa(law.INTERIM_ENDS, law.INTERIM_CHANGE), path,
                      hearing)]
    return []
