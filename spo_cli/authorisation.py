"""The superintendent's authorisation (APP (consultation draft 2026) 9.2): the five points
and the decision, sealed with a content hash of the exact case data authorised, so any later
change is seen."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from .check import check_text
from .errors import CaseInvalidError, MissingAnswersError, UsageError
from .interview import Interview
from .law import AUTHORISATION_POINTS, AUTHORISING_RANKS, POINT_KEYS
from .model import Case, Path_, Severity, content_hash, label
from .review import court_view
from .sitting import review
from .workflow import Asker, Question, load_answers
from .yaml_edit import RoundTrip
from .yaml_io import load_case_text

OWN_RULES = ("authorisation-rank", "authorisation-points", "authorisation-stale", "date-order")
QUESTIONS = (
    Question("officer.name", prompt="Authorising officer's name"),
    Question("officer.rank", type="choice", prompt="Rank (acting and temporary ranks qualify)",
             choices=tuple(r.title() for r in AUTHORISING_RANKS) + tuple(
                 f"Acting {r.title()}" for r in AUTHORISING_RANKS[:2])),
    Question("officer.number", prompt="Warrant or collar number"),
    *(Question(f"considered.{point.key}", type="prose", prompt=point.question)
      for point in AUTHORISATION_POINTS),
    Question("decision", type="choice", choices=("authorised", "not_authorised", "returned"),
             prompt="Decision"),
    Question("reasons", type="prose", required=False, prompt="Reasons or conditions (optional)"),
)


def authorise_case(path: Path, answers: Path | list[Path] | None, asker: Asker | None,
                   today: date | None = None) -> dict[str, Any] | None:
    """`spo authorise`: show the application as the court will see it, refuse while errors
    remain, ask the five points and the decision (the previous answers offered), ask to seal,
    and write the sealed block only if the sealed case passes `spo check`. Returns the block,
    or None when the officer declines to seal (nothing written)."""
    if not path.exists():
        raise UsageError("the case file does not exist")
    document = RoundTrip.open(path)
    data = load_case_text(document.text()).data
    interview = Interview(document, asker, load_answers(answers))
    issues = [i for i in interview.issues() if not i.path.startswith("authorisation")]
    errors = [i for i in issues if i.severity is Severity.ERROR and i.rule not in OWN_RULES]
    if asker is not None:
        asker.show(court_view(data, issues) if not errors else review(data, issues, path))
    if errors:
        raise CaseInvalidError(f"the case has {len(errors)} error(s); they must be fixed "
                               "before it can be authorised (spo check lists them)", errors)
    sealed = _answers(interview, asker, today)
    sealed["content_hash"] = content_hash(data)
    document.remove(("authorisation",))
    document.set(("authorisation",), sealed)
    failing = [i for i in check_text(document.text(), path, today)
               if i.severity is Severity.ERROR]
    if failing:
        raise CaseInvalidError("not sealed: the case would then fail spo check ("
                               + "; ".join(f"{i.rule} at {i.path}" for i in failing)
                               + "); nothing was written", failing)
    reference = label(Case(data).get("application", "reference"), "this case")
    if asker is not None and not asker.confirm(
            f"Seal this authorisation for {reference}?", False, ""):
        return None
    document.save()
    return sealed


def _answers(interview: Interview, asker: Asker | None, today: date | None) -> dict[str, Any]:
    """The block from the answers file, else asked (the previous authorisation's answers
    as defaults); every missing one listed."""
    given = interview.answers_at(("authorisation",)) or {}
    previous = interview.document.get(("authorisation",)) or {}
    block: dict[str, Any] = {}
    missing = []
    for question in QUESTIONS:
        value = _lookup(given, question.path)
        if value is None and asker is not None:
            before = _lookup(previous, question.path)
            value = _ask(asker, question, None if before is None else str(before))
        if value in (None, "") and question.required:
            missing.append(f"authorisation.{question.field}")
        elif value not in (None, ""):
            _put(block, question.path, value)
    if missing:
        raise MissingAnswersError(missing)
    sealed = {"officer": block["officer"], "decision": block["decision"],
              "date": given.get("date") or today or date.today(),
              "considered": {p: block["considered"][p] for p in POINT_KEYS}}
    if block.get("reasons"):
        sealed["reasons"] = block["reasons"]
    return sealed


def _ask(asker: Asker, question: Question, default: str | None) -> Any:
    if question.type == "choice":
        return asker.choose(question, [(c, c.replace("_", " ")) for c in question.choices],
                            default if default in question.choices else question.choices[0])
    return asker.ask(question, default, lambda text: None if text.strip() or
                     not question.required else "an answer is needed").strip()


def _lookup(node: Any, path: Path_) -> Any:
    for part in path:
        node = node.get(part) if isinstance(node, dict) else None
    return node


def _put(node: dict[Any, Any], path: Path_, value: Any) -> None:
    for part in path[:-1]:
        node = node.setdefault(part, {})
    node[path[-1]] = value


__all__ = ["Case", "authorise_case"]
