"""Date arithmetic of the Act and the rules (domain reference section 8): defined once in
`spo_cli.law`, re-exported here for the modules and tests that import it from the rules."""

from __future__ import annotations

from ..law import (
    age_on,
    anniversary,
    change_notification_due,
    cross_examination_deadline,
    hearsay_latest_service,
    last_day_of_years,
    minimum_last_day,
    months_before,
    notification_due,
    renewal_lead,
    transfer_acceptance_due,
)

__all__ = ["age_on", "anniversary", "change_notification_due", "cross_examination_deadline",
           "hearsay_latest_service", "last_day_of_years", "minimum_last_day", "months_before",
           "notification_due", "renewal_lead", "transfer_acceptance_due"]
