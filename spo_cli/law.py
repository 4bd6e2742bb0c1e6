"""The law `spo` applies, each number and citation written once: the Stalking Protection Act
2019 (SPA), the Magistrates' Courts (Hearsay Evidence in Civil Proceedings) Rules 1999 and the
College of Policing APP (a 2026 consultation draft, so always cited as one). Rules, clocks,
forms and prompts read these; none of them writes a period or a citation of its own."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

ACT = "SPA 2019"
APP = "APP (consultation draft 2026)"
HEARSAY_RULES = "MC(HECP)R 1999"
HMICFRS = "HMICFRS 2024"


def spa(*sections: str) -> str:
    """A source naming the Act: spa('s.3(2)') -> 'SPA 2019 s.3(2)'."""
    return f"{ACT} {', '.join(sections)}"


def app(*paragraphs: str) -> str:
    """A source naming the draft APP: app('9.2') -> 'APP (consultation draft 2026) 9.2'."""
    return f"{APP} {', '.join(paragraphs)}" if paragraphs else APP


# s.3 Duration: a fixed period of at least 2 years beginning with the day the order is made
# (s.3(2)), or until a further order (s.3(1)(b)).
MIN_FIXED_YEARS = 2
FIXED_PERIOD = "s.3(2)"
UNTIL_FURTHER_ORDER = "s.3(1)(b)"
DURATION = "s.3"

# s.1 grounds and s.2 terms.
GROUND_ACTS, GROUND_RISK, GROUND_NECESSITY = "s.1(1)(a)", "s.1(1)(b)", "s.1(1)(c)"
AREA_BASIS = "s.1(3)"
TERM_NECESSITY = "s.2(2)"
LOCALITY, INTERIM_LOCALITY = "s.2(4)", "s.5(5)"

# s.4 and s.5: changes to an order and interim orders.
CHANGE = "s.4"
CHANGE_UNVERIFIED = "s.4 (subsection UNVERIFIED: to be confirmed by legal services)"
DISCHARGE_CONSENT_YEARS = 2      # s.4, UNVERIFIED: consents needed within 2 years of the order
INTERIM_MAIN = "s.5(2)"          # made in a main application, by the same chief officer
INTERIM_IN_THIS_COMPLAINT = "s.5(2)(a)"
INTERIM_ALONE = "s.5(2)(b)"
INTERIM_TEST = "s.5(3)"          # the court considers it appropriate
INTERIM_ENDS = "s.5(6)"          # fixed period, ends when the main application is decided
INTERIM_CHANGE = "s.5(7)"        # interim changes: s.5(7) alone (s.4 is for full orders)

# s.9 Notification: 3 days beginning with the day of service (so service + 2 days), none for
# a full order replacing an interim order (s.9(1)(a)); changes of name or home address within
# 3 days beginning with the day of the change (s.9(3)-(4)); s.11 offences.
NOTIFICATION_DAYS = 3
NOTIFICATION = "s.9(1)"
NOTIFICATION_REPLACED = "s.9(1)(a)"
NOTIFICATION_CHANGE = "s.9(3)-(4)"
NOTIFICATION_EXEMPT = "s.9(5)"
NOTIFICATION_OFFENCES = "s.11"

# Hearsay: notice served and filed not less than 21 days before the hearing, read as 21 CLEAR
# days (Re Hector Whaling [1936] Ch 208), so the last day is the hearing minus 22 days; late
# notice goes to weight, not admissibility (Civil Evidence Act 1995 s.2(4)).
HEARSAY_CLEAR_DAYS = 21
HEARSAY_NOTICE = f"{HEARSAY_RULES} r.3(1)"
HEARSAY_DIRECTION = f"{HEARSAY_RULES} r.3(2)"
HEARSAY_CONTENT = f"{HEARSAY_RULES} r.3(4)"
HEARSAY_LATE = "Civil Evidence Act 1995 s.2(4)"
CROSS_EXAMINATION_DAYS = 7       # r.4(2)(b)

# Practice.
RENEWAL_LEAD_DAYS = 56           # start a renewal 8 weeks before a fixed-term order ends
TRANSFER_ACCEPTANCE_DAYS = 7     # APP 9.8
LIMITATION_MONTHS = 6            # MCA 1980 s.127(1); whether it applies to SPOs is UNVERIFIED
ADULT_AGE = 18
MIN_DEFENDANT_AGE = 10           # APP 5.4.2: age of criminal responsibility
SDASH = "S-DASH"                 # not sufficient alone for stalking (HMICFRS 2024)


@dataclass(frozen=True)
class Point:
    """One of the five points the authorising officer must consider (APP 9.2)."""

    key: str
    label: str      # as printed on the authorisation form
    question: str   # as `spo authorise` asks it


AUTHORISATION = app("9.2")
AUTHORISATION_POINTS = (
    Point("necessary_and_proportionate", "The order is necessary and proportionate",
          "1. Why is the order necessary and proportionate?"),
    Point("victim_views", "The victim's views on risk have been considered",
          "2. How were the victim's views on risk considered? (consent is not required)"),
    Point("application_justified", "The application is complete and justified",
          "3. Is the application complete and justified by the behaviour and risk?"),
    Point("risk_assessment", "A thorough risk assessment has been made",
          "4. Risk assessment: tool and professional judgement"),
    Point("rights", "The rights of the victim and the defendant have been considered",
          "5. How were the rights of the victim and the defendant weighed (e.g. Article 8)?"),
)
POINT_KEYS = tuple(p.key for p in AUTHORISATION_POINTS)
AUTHORISING_RANKS = (  # superintendent or above; acting and temporary ranks qualify (APP 9.2)
    "superintendent", "chief superintendent", "commander", "deputy assistant commissioner",
    "assistant commissioner", "deputy commissioner", "commissioner",
    "assistant chief constable", "deputy chief constable", "chief constable")


# Date arithmetic (domain reference section 8). "A period of N days beginning with" a day
# includes that day, so its last day is the day + N - 1.

def anniversary(start: date, years: int) -> date:
    """The same calendar date `years` later; 29 February becomes 1 March in a common year."""
    try:
        return start.replace(year=start.year + years)
    except ValueError:
        return date(start.year + years, 3, 1)


def last_day_of_years(start: date, years: int) -> date:
    """Last day of a period of `years` beginning with `start` (s.3(2))."""
    return anniversary(start, years) - timedelta(days=1)


def minimum_last_day(made_on: date) -> date:
    """Earliest permitted last day of a fixed-term full SPO: 2 years beginning with made_on."""
    return last_day_of_years(made_on, MIN_FIXED_YEARS)


def notification_due(served_on: date) -> date:
    """Last day to notify name and address: 3 days beginning with the day of service (s.9(1))."""
    return served_on + timedelta(days=NOTIFICATION_DAYS - 1)


def change_notification_due(changed_on: date) -> date:
    """Last day to notify a new name or home address: 3 days beginning with the day of the
    change (s.9(3)-(4)); notice in advance is allowed."""
    return changed_on + timedelta(days=NOTIFICATION_DAYS - 1)


def hearsay_latest_service(hearing: date) -> date:
    """Latest day to serve and file a hearsay notice: 21 clear days before the hearing, so
    neither the day of service nor the hearing day counts (r.3(1))."""
    return hearing - timedelta(days=HEARSAY_CLEAR_DAYS + 1)


def cross_examination_deadline(notice_served_on: date) -> date:
    """Last day to apply to cross-examine a hearsay maker (r.4(2)(b))."""
    return notice_served_on + timedelta(days=CROSS_EXAMINATION_DAYS)


def transfer_acceptance_due(sent_on: date) -> date:
    """Receiving force's acceptance due (APP 9.8)."""
    return sent_on + timedelta(days=TRANSFER_ACCEPTANCE_DAYS)


def renewal_lead(ends: date) -> date:
    """When to start preparing a renewal of an order ending on `ends`."""
    return ends - timedelta(days=RENEWAL_LEAD_DAYS)


def months_before(day: date, months: int) -> date:
    """The same day `months` calendar months earlier, clamped to the month's end."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def age_on(born: date, on: date) -> int:
    """Age in whole years on `on` (a 29 February birthday counts from 1 March)."""
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))
