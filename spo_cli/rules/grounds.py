"""The three statutory grounds, the area rule, duration and interim orders."""

from __future__ import annotations

from collections.abc import Iterator

from .. import law
from ..model import APPLICATIONS, Case, Kind, Severity
from .dates import months_before
from .registry import Finding, rule

E, W = Severity.ERROR, Severity.WARNING


@rule("criteria-acts", E, "SPA 2019 s.1(1)(a), s.2(1)(a); PHA 1997 s.2A(3)",
      "full/interim with no conduct, or conduct without date, description or evidence")
def acts(case: Case) -> Iterator[Finding]:
    if case.kind not in APPLICATIONS:
        return
    items = case.items("conduct")
    if not items:
        yield Finding(("conduct",), "no acts associated with stalking are recorded; the first "
                      "ground (s.1(1)(a)) needs at least one")
    for index, item in items:
        for key, what in (("date", "no date"), ("description", "no description"),
                          ("behaviours", "no behaviour (the s.2A(3) examples, or other)"),
                          ("evidence", "no evidence: cite at least one exhibit")):
            if item.get(key) in (None, "", []):
                yield Finding(("conduct", index, key), f"this act has {what}")


@rule("criteria-risk", E, "SPA 2019 s.1(1)(b), s.1(4); APP 9.2(4)",
      "no risk assessment (tool, date, level) or no risk summary")
def risk(case: Case) -> Iterator[Finding]:
    if case.kind not in (*APPLICATIONS, Kind.RENEWAL):
        return
    for key in ("tool", "date", "level"):
        if case.get("risk", "assessment", key) in (None, ""):
            yield Finding(("risk", "assessment", key),
                          f"the risk assessment has no {key}; the second ground (s.1(1)(b)) "
                          "needs a current assessment")
    if not case.text("risk", "summary"):
        yield Finding(("risk", "summary"), "no risk summary: say what physical or psychological "
                      "harm is feared (s.1(4))")


@rule("criteria-necessity", E, "SPA 2019 s.1(1)(c), s.2(1)(c)",
      "no necessity summary, or no protected person")
def necessity(case: Case) -> Iterator[Finding]:
    if not case.items("protected_persons"):
        yield Finding(("protected_persons",), "no protected person: an order must be necessary "
                      "to protect another person (s.1(1)(c))")
    if case.kind in APPLICATIONS and not case.text("necessity", "summary"):
        yield Finding(("necessity", "summary"), "no necessity summary: say why the order is "
                      "necessary to protect the protected persons (s.1(1)(c))")


@rule("area-basis", E, "SPA 2019 s.1(3)",
      "no area_basis for the defendant (s.1(3))")
def area_basis(case: Case) -> Iterator[Finding]:
    if case.get("force", "territorial") is False:
        return  # BTP and MOD Police are outside s.1(3) (Explanatory Notes on s.1)
    if not case.get("defendant", "area_basis"):
        yield Finding(("defendant", "area_basis"), "say why the force may apply: the defendant "
                      "resides in the area, is believed to be in it, or intends to come to it "
                      "(belief is enough)")


@rule("duration", E, law.spa(law.FIXED_PERIOD),
      f"a fixed period under {law.MIN_FIXED_YEARS} years (s.3)")
def duration(case: Case) -> Iterator[Finding]:
    sought = case.duration
    # The order can be made no earlier than the hearing (or, unlisted, the complaint).
    made = case.hearing_date or case.application_date
    if case.kind is not Kind.FULL or sought is None or made is None \
            or sought.meets_minimum(made):
        return
    key = "years" if sought.years is not None else "until"
    yield Finding(("application", "order_sought", "duration", key),
                  f"a fixed-term order must last at least {law.MIN_FIXED_YEARS} years beginning "
                  f"with the day it is made; ask for {law.MIN_FIXED_YEARS} years or more, or "
                  "until further order")


@rule("interim-grounds", E, "APP 9.1; statutory guidance (as quoted by HMICFRS, 2024)",
      "interim sought without immediate_risk_of_harm and a summary")
def interim_grounds(case: Case) -> Iterator[Finding]:
    if not case.interim_sought:
        return
    if case.get("application", "interim_grounds", "immediate_risk_of_harm") is not True:
        yield Finding(("application", "interim_grounds", "immediate_risk_of_harm"),
                      "an interim order needs an immediate risk of harm; record it as true")
    if not case.text("application", "interim_grounds", "summary"):
        yield Finding(("application", "interim_grounds", "summary"),
                      "say why the risk is immediate and the main application cannot wait")


@rule("interim-period", E, "SPA 2019 s.5(6)",
      "interim sought without a proposed fixed period (application.interim_period, s.5)")
def interim_period(case: Case) -> Iterator[Finding]:
    if case.interim_sought and not case.mapping("application", "interim_period"):
        yield Finding(("application", "interim_period"), "an interim order has effect for a "
                      "fixed period stated in it: propose {weeks: N} or {until: date}")


@rule("interim-main-application", E, "SPA 2019 s.5(1)-(2)",
      "kind interim without the main application's reference and date, or by another chief "
      "officer")
def interim_main(case: Case) -> Iterator[Finding]:
    if case.kind is not Kind.INTERIM:
        return
    for key in ("reference", "date"):
        if not case.get("application", "main_application", key):
            yield Finding(("application", "main_application", key), f"an interim application "
                          f"is made in a main application: give its {key} (s.5(1))")
    force = case.text("application", "main_application", "force")
    if force and force.casefold() != case.text("force", "name").casefold():
        yield Finding(("application", "main_application", "force"), "the main application was "
                      "made by another force; only the chief officer who made it may apply for "
                      "an interim order (s.5(2))")


@rule("positive-requirements", W, "SPA 2019 s.1(2); APP 9.3; HMICFRS 2024 (requirements "
      "rarely used)", "a full order sought with prohibitions only")
def positive_requirements(case: Case) -> Iterator[Finding]:
    if case.kind is Kind.FULL and case.items("conditions", "prohibitions") \
            and not case.items("conditions", "requirements"):
        yield Finding(("conditions", "requirements"), "prohibitions only: consider a positive "
                      "requirement (an intervention programme, an assessment, device access)")


@rule("limitation", W, "MCA 1980 s.127(1) (whether it applies to SPOs is UNVERIFIED)",
      "the latest conduct is more than 6 months before the complaint")
def limitation(case: Case) -> Iterator[Finding]:
    applied = case.application_date
    dates = [(d, i) for i, item in case.items("conduct")
             for d in [case.date("conduct", i, "date_to") or case.date("conduct", i, "date")] if d]
    if case.kind not in APPLICATIONS or not applied or not dates:
        return
    latest, index = max(dates)
    if latest < months_before(applied, 6):
        yield Finding(("conduct", index, "date"), "the latest act is more than 6 months before "
                      "the complaint: show why the risk is current, and check the time limit "
                      "with legal services")
