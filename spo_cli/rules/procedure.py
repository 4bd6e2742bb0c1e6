"""Evidence, dates and the superintendent's authorisation."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from .. import law
from ..model import Case, Path_, Severity, content_hash, label
from .dates import hearsay_latest_service
from .registry import Finding, rule

E, W = Severity.ERROR, Severity.WARNING
POINTS, RANKS = law.POINT_KEYS, law.AUTHORISING_RANKS


@rule("hearsay-notice", W, f"{law.HEARSAY_NOTICE} (21 clear days); {law.HEARSAY_DIRECTION}; "
      f"{law.HEARSAY_LATE}", "hearsay notice not served and filed at least 21 clear days "
      "before a listed hearing (last day: hearing minus 22 days)")
def hearsay_notice(case: Case) -> Iterator[Finding]:
    hearing = case.hearing_date
    if not hearing:
        return
    latest = hearsay_latest_service(hearing)
    for index, item in case.items("hearsay"):
        name = label(item.get("statement"), f"[{index}]")
        served = [case.date("hearsay", index, k) for k in ("notice_served_on", "filed_on")]
        if None in served and case.as_of <= latest:
            yield Finding(("hearsay", index), f"hearsay {name}: serve the hearsay notice on the "
                          "defendant and file it with the court by "
                          f"{latest.isoformat()} (21 clear days before the hearing), and record "
                          "notice_served_on and filed_on")
        elif None in served:
            yield Finding(("hearsay", index), f"hearsay {name}: no notice is recorded as served "
                          f"and filed, and {latest.isoformat()}, the last day for 21 clear days "
                          "before the hearing, has passed; apply to the court for a direction "
                          "under r.3(2). Late notice does not make the evidence inadmissible "
                          "(CEA 1995 s.2(4)) but may reduce its weight")
        elif max(day for day in served if day is not None) > latest:
            if case.text("hearsay", index, "court_direction"):
                yield Finding(("hearsay", index), f"hearsay {name}: served after "
                              f"{latest.isoformat()} under a court direction (r.3(2)); keep "
                              "the direction on file")
                continue
            yield Finding(("hearsay", index), f"hearsay {name}: the notice was served or filed "
                          f"after {latest.isoformat()}, the last day for 21 clear days before "
                          "the hearing; apply to the court for a direction under r.3(2). Late "
                          "notice does not make the evidence inadmissible (CEA 1995 s.2(4)) "
                          "but may reduce its weight")


@rule("exhibit-reference", E, "exhibits cited must be listed and produced (CJA 1967 s.9(3) "
      "practice; MC(HECP)R 1999 r.3)",
      "conduct, a term (its zone's map, or its words: 'exhibit SP/3') or hearsay cites an "
      "exhibit ref not in exhibits, or a file is missing")
def exhibit_reference(case: Case) -> Iterator[Finding]:
    listed = {str(e.get("ref")) for _, e in case.items("exhibits")}
    for path, ref in case.cited_exhibits():
        if ref not in listed:
            yield Finding(path, f"cites exhibit {label(ref, '(unreadable)')}, not in exhibits")
    for index, exhibit in case.items("exhibits"):
        file = exhibit.get("file")
        if isinstance(file, str) and file not in case.present_files:
            name = label(exhibit.get("ref"), f"[{index}]")
            yield Finding(("exhibits", index, "file"), f"the file for exhibit {name} does not "
                          "exist (paths are relative to the case file's folder and "
                          "must stay inside it)")


# Lists whose items other parts of the file, and the forms, cite by id: each id must name one
# item. Prohibitions and requirements share one series (a breach names its term by id).
_CITED_BY_ID: tuple[tuple[tuple[Path_, ...], str], ...] = (
    ((("protected_persons",),), "id"), ((("conduct",),), "id"),
    ((("conditions", "prohibitions"), ("conditions", "requirements")), "id"),
    ((("exhibits",),), "ref"))


@rule("ids-unique", E, "practice: an item cited by its id or exhibit ref (a term's protected "
      "person, an act's evidence, a breached term, the bundle index) must be one item",
      "two protected persons, acts, terms or exhibits share an id or exhibit ref")
def ids_unique(case: Case) -> Iterator[Finding]:
    for lists, key in _CITED_BY_ID:
        seen: set[str] = set()
        for path in lists:
            for index, item in case.items(*path):
                value = item.get(key)
                if isinstance(value, str) and value in seen:
                    yield Finding((*path, index, key), f"{label(value, '(unreadable)')} is "
                                  f"already the {key} of an earlier item: give each its own")
                elif isinstance(value, str):
                    seen.add(value)


PAST_DATES: tuple[Path_, ...] = (
    ("defendant", "date_of_birth"), ("risk", "assessment", "date"), ("yjs_consultation", "date"),
    ("existing_order", "made_on"), ("authorisation", "date"), ("service", "served_on"))


@rule("date-order", E, "consistency of dates; " + law.app("9.2 (authorisation precedes the "
      "complaint)"),
      "a date in the future, conduct before the defendant's birth, authorisation after the "
      "date of complaint")
def date_order(case: Case) -> Iterator[Finding]:
    today = case_today(case)
    paths = list(PAST_DATES)
    paths += [("conduct", i, "date") for i, _ in case.items("conduct")]
    paths += [("protected_persons", i, k) for i, _ in case.items("protected_persons")
              for k in ("date_of_birth",)]
    paths += [("protected_persons", i, "views", "obtained_on")
              for i, _ in case.items("protected_persons")]
    for path in paths:
        value = case.date(*path)
        if value and value > today:
            yield Finding(path, "is in the future")
    born = case.date("defendant", "date_of_birth")
    for index, _ in case.items("conduct"):
        when = case.date("conduct", index, "date")
        if born and when and when < born:
            yield Finding(("conduct", index, "date"), "is before the defendant's date of birth")
    authorised, applied = case.date("authorisation", "date"), case.application_date
    if authorised and applied and authorised > applied:
        yield Finding(("authorisation", "date"), "the authorisation is dated after the "
                      "date of complaint; it must come first")


def case_today(case: Case) -> date:
    """The date checks treat as today (fixed by `spo check --as-of` for reproducible runs)."""
    return case.as_of


@rule("authorisation-rank", E, law.app("9.2 (force practice, not the Act)"),
      "authorising officer below superintendent (acting and temporary ranks qualify)")
def authorisation_rank(case: Case) -> Iterator[Finding]:
    rank = case.text("authorisation", "officer", "rank").casefold()
    for prefix in ("acting ", "temporary ", "a/", "t/"):
        rank = rank.removeprefix(prefix)
    if "authorisation" in case.data and rank and rank not in RANKS:
        yield Finding(("authorisation", "officer", "rank"), "the authorising officer must be a "
                      "superintendent or above (acting and temporary ranks count): this is APP "
                      "practice and force policy, not a requirement of the Act")


@rule("authorisation-points", E, law.AUTHORISATION,
      "any of the five considered points empty")
def authorisation_points(case: Case) -> Iterator[Finding]:
    if "authorisation" not in case.data:
        return
    for point in POINTS:
        if not case.text("authorisation", "considered", point):
            yield Finding(("authorisation", "considered", point), "the authorising officer must "
                          f"record what was considered: {point.replace('_', ' ')}")


@rule("authorisation-stale", E, "spo: the authorisation seals the case's content (content_hash)",
      "the case changed after authorisation (content_hash no longer matches)")
def authorisation_stale(case: Case) -> Iterator[Finding]:
    if "authorisation" not in case.data:
        return
    sealed = case.get("authorisation", "content_hash")
    if sealed != content_hash(case.data):
        yield Finding(("authorisation", "content_hash"), "the case has changed since it was "
                      "authorised (or was never sealed): run spo authorise again"
                      if sealed else "the authorisation has no content_hash: run spo authorise")


@rule("court-details", E, "court documents: the court's name, address and local justice "
      "area (MCA 1980 Part II practice); spo never infers one",
      "a court the case uses has no local_justice_area, or the hearing names a court not in "
      "force.courts")
def court_details(case: Case) -> Iterator[Finding]:
    key = case.court_key
    if key is None:
        return  # no court chosen yet: the forms leave it blank to complete
    if key not in case.mapping("force", "courts"):
        yield Finding(("application", "hearing", "court"), "names a court that is not listed "
                      "in force.courts")
    elif not case.text("force", "courts", key, "local_justice_area"):
        yield Finding(("force", "courts", key), "the court has no local_justice_area: the "
                      "complaint and summons must name it (the police area is not a local "
                      "justice area)")
