"""Children, the defendant's age, and the protected persons' views."""

from __future__ import annotations

from collections.abc import Iterator

from .. import law
from ..model import Case, Severity, label
from .registry import Finding, rule

E, W = Severity.ERROR, Severity.WARNING


@rule("defendant-age", E, law.app("5.4.2 (practice: no criminal responsibility under 10; the "
      "Act sets no minimum age)"), "defendant under 10 on the date of complaint")
def too_young(case: Case) -> Iterator[Finding]:
    age = case.defendant_age()
    if age is not None and age < law.MIN_DEFENDANT_AGE:
        yield Finding(("defendant", "date_of_birth"), "the defendant is under 10 on the date "
                      "of complaint; practice is not to apply below the age of criminal "
                      "responsibility, as breach could not be prosecuted")


@rule("yjs-consultation", E, law.app("9.4") + "; statutory guidance (wording UNVERIFIED)",
      "defendant under 18 on the date of complaint and no YJS consultation record")
def yjs(case: Case) -> Iterator[Finding]:
    age = case.defendant_age()
    if age is None or not law.MIN_DEFENDANT_AGE <= age < law.ADULT_AGE:
        return
    missing = [k for k in ("service", "officer", "date", "summary")
               if not case.get("yjs_consultation", k)]
    if missing:
        yield Finding(("yjs_consultation", *missing[:1]) if "yjs_consultation" in case.data
                      else ("yjs_consultation",),
                      "the defendant is under 18: record the Youth Justice Service consultation "
                      f"(missing: {', '.join(missing)})")


@rule("child-safeguarding", E, law.app("9.4") + "; Children Act 2004 s.11",
      "a protected person under 18 and no child safeguarding section")
def child_safeguarding(case: Case) -> Iterator[Finding]:
    children = [label(person.get("id"), f"protected_persons[{index}]")
                for index, person in case.children()]
    if not children:
        return
    section = case.mapping("child_safeguarding")
    missing = [k for k in ("family_court_orders_checked", "children_act_s11_considered")
               if section.get(k) is not True]
    if not section or missing:
        yield Finding(("child_safeguarding",), f"{', '.join(children)} under 18: record that "
                      "family court orders were checked and the child's welfare considered "
                      f"(missing: {', '.join(missing) or 'the section'})")


@rule("victim-views", W, law.app("5.4.2, 9.2 (views must be considered; consent is not "
      "required)"),
      "a protected person whose views are not recorded")
def victim_views(case: Case) -> Iterator[Finding]:
    for index, person in case.items("protected_persons"):
        if not case.text("protected_persons", index, "views", "summary"):
            who = label(person.get("id"), f"protected_persons[{index}]")
            yield Finding(("protected_persons", index, "views"), f"{who}: record "
                          "their views on the risk and the proposed terms (their consent is "
                          "not required)")


@rule("victim-of-conduct", E, law.spa(law.GROUND_NECESSITY) + " (a protected person need not be "
      "the victim of the acts)", "a protected person without victim_of_conduct stated")
def victim_of_conduct(case: Case) -> Iterator[Finding]:
    for index, person in case.items("protected_persons"):
        if not isinstance(person.get("victim_of_conduct"), bool):
            who = label(person.get("id"), f"protected_persons[{index}]")
            yield Finding(("protected_persons", index, "victim_of_conduct"), f"{who}: say "
                          "whether they are the victim of the acts (true or false); the forms "
                          "must not guess, and an order may also protect someone who is not")
