"""The three statutory grounds, the area rule, duration and interim orders."""

from __future__ import annotations

from collections.abc import Iterator

from .. import law
from ..model import APPLICATIONS, Case, Kind, Severity
from .dates import months_before
from .registry import Finding, rule

E, W = Severity.ERROR, Severity.WARNING


@rule("criteria-acts", E, law.spa(law.GROUND_ACTS, "s.2(1)(a)") + "; PHA 1997 s.2A(3)",
      "full/interim with no conduct, or conduct without date, description or evidence")
def acts(case: Case) -> Iterator[Finding]:
    if case.kind not in APPLICATIONS:
        return
    items = case.items("conduct")
    if not items:
        yield Finding(("conduct",), "no acts associated with stalking are recorded; the first "
                      f"ground ({law.GROUND_ACTS}) needs at least one")
    for index, item in items:
        for key, what in (("date", "no date"), ("description", "no description"),
                          ("behaviours", "no behaviour (the s.2A(3) examples, or other)"),
                          ("evidence", "no evidence: cite at least one exhibit")):
            if item.get(key) in (None, "", []):
                yield Finding(("conduct", index, key), f"this act has {what}")


RISK_KINDS = (*APPLICATIONS, Kind.RENEWAL)


@rule("criteria-risk", E, law.spa(law.GROUND_RISK, "s.1(4)"),
      "no risk summary: s.1(1)(b) needs a risk (no structured assessment is only risk-tool)")
def risk(case: Case) -> Iterator[Finding]:
    if case.kind in RISK_KINDS and not case.text("risk", "summary"):
        yield Finding(("risk", "summary"), "no risk summary: say what risk associated with "
                      "stalking the defendant poses and what physical or psychological harm is "
                      f"feared ({law.GROUND_RISK}, s.1(4))")


@rule("risk-tool", W, f"{law.HMICFRS} (S-DASH is not sufficient on its own for stalking); "
      f"{law.app('9.2')}", "no structured risk assessment recorded, or S-DASH alone")
def risk_tool(case: Case) -> Iterator[Finding]:
    if case.kind not in RISK_KINDS:
        return
    tool = case.text("risk", "assessment", "tool")
    missing = [k for k in ("tool", "date", "level") if case.get("risk", "assessment", k)
               in (None, "")]
    if missing:
        yield Finding(("risk", "assessment", *missing[:1]), "no structured risk assessment is "
                      f"recorded (missing: {', '.join(missing)}); record the tool, its date and "
                      "the level, with professional judgement")
    elif _dash_alone(tool):
        yield Finding(("risk", "assessment", "tool"), f"{law.SDASH} alone: HMICFRS found it "
                      "is not sufficient on its own for stalking; add a stalking-specific "
                      "assessment (for example SASH) or record professional judgement")


def _dash_alone(tool: str) -> bool:
    """S-DASH (or DASH, DASH RIC) and nothing else."""
    return "".join(c for c in tool.upper() if c.isalnum()) in {"SDASH", "DASH", "DASHRIC",
                                                                 "SDASHRIC"}


@rule("criteria-necessity", E, law.spa(law.GROUND_NECESSITY, "s.2(1)(c)"),
      "no necessity summary, or no protected person")
def necessity(case: Case) -> Iterator[Finding]:
    if not case.items("protected_persons"):
        yield Finding(("protected_persons",), "no protected person: an order must be necessary "
                      f"to protect another person ({law.GROUND_NECESSITY})")
    if case.kind in APPLICATIONS and not case.text("necessity", "summary"):
        yield Finding(("necessity", "summary"), "no necessity summary: say why the order is "
                      f"necessary to protect the protected persons ({law.GROUND_NECESSITY})")


@rule("necessity-alternatives", W, f"{law.HMICFRS} recommendation 4; "
      f"{law.spa(law.GROUND_NECESSITY)}", "full/interim with no other measure considered "
      "(necessity.other_measures empty)")
def necessity_alternatives(case: Case) -> Iterator[Finding]:
    if case.kind in APPLICATIONS and not case.items("necessity", "other_measures"):
        yield Finding(("necessity", "other_measures"), "no other measure is recorded as "
                      "considered: say why bail, a restraining order, a non-molestation order "
                      "or other measures would not protect the person, to show the order is "
                      "necessary")


@rule("area-basis", E, law.spa(law.AREA_BASIS),
      "full/interim: no area_basis for the defendant (s.1(3)); not for variation, renewal or "
      "discharge")
def area_basis(case: Case) -> Iterator[Finding]:
    if case.kind not in APPLICATIONS or case.get("force", "territorial") is False:
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
    if case.kind not in (Kind.FULL, Kind.RENEWAL) or sought is None or made is None \
            or sought.meets_minimum(made):
        return
    key = "years" if sought.years is not None else "until"
    path = ("application", "order_sought", "duration", key)
    if case.kind is Kind.RENEWAL:
        yield Finding(path, f"the renewed order would run for less than {law.MIN_FIXED_YEARS} "
                      "years from the renewal: whether s.3(2)'s minimum applies to a renewal "
                      "is UNVERIFIED; check with legal services", W,
                      law.spa(law.FIXED_PERIOD, law.CHANGE_UNVERIFIED))
        return
    yield Finding(path, f"a fixed-term order must last at least {law.MIN_FIXED_YEARS} years "
                  f"beginning with the day it is made; ask for {law.MIN_FIXED_YEARS} years or "
                  "more, or until further order")


@rule("interim-grounds", W, f"{law.spa(law.INTERIM_TEST)}; {law.app('9.1')} (immediate risk "
      "of harm: guidance, not the Act)", "interim sought without the reasons it is needed now")
def interim_grounds(case: Case) -> Iterator[Finding]:
    if not case.interim_sought:
        return
    if not case.text("application", "interim_grounds", "summary"):
        yield Finding(("application", "interim_grounds", "summary"), "say why an interim order "
                      "is needed now: the court must consider it appropriate "
                      f"({law.INTERIM_TEST}); the APP expects an immediate risk of harm")
    elif case.get("application", "interim_grounds", "immediate_risk_of_harm") is not True:
        yield Finding(("application", "interim_grounds", "immediate_risk_of_harm"),
                      "no immediate risk of harm is recorded: the Act asks only that the court "
                      f"consider an interim order appropriate ({law.INTERIM_TEST}), but the APP "
                      "expects an immediate risk; say why it is needed now")


@rule("interim-period", E, law.spa(law.INTERIM_ENDS),
      "interim sought without a proposed fixed period (application.interim_period, s.5)")
def interim_period(case: Case) -> Iterator[Finding]:
    if case.interim_sought and not case.mapping("application", "interim_period"):
        yield Finding(("application", "interim_period"), "an interim order has effect for a "
                      "fixed period stated in it: propose {weeks: N} or {until: date}")


@rule("interim-main-application", E, law.spa("s.5(1)", law.INTERIM_MAIN),
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


@rule("positive-requirements", W, f"{law.spa('s.1(2)')}; {law.app('9.3')}; {law.HMICFRS} "
      "(requirements rarely used)", "a full order sought with prohibitions only")
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
    if latest < months_before(applied, law.LIMITATION_MONTHS):
        yield Finding(("conduct", index, "date"), "the latest act is more than 6 months before "
                      "the complaint: show why the risk is current, and check the time limit "
                      "with legal services")
