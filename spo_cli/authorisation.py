"""The superintendent's authorisation (APP 9.2): the five points and the decision, sealed with
a content hash of the exact case data authorised, so any later change is seen."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from .errors import CaseInvalidError, MissingAnswersError, UsageError
from .interview import Interview, review
from .law import AUTHORISATION_POINTS, AUTHORISING_RANKS, POINT_KEYS
from .model import Case, Severity, content_hash
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


def authorise_case(path: Path, answers: Path | None, asker: Asker | None,
                   today: date | None = None) -> dict[str, Any]:
    """`spo authorise`: show the summary and open issues, refuse while errors remain, ask the
    five points and the decision, and write the sealed authorisation block."""
    if not path.exists():
        raise UsageError("the case file does not exist")
    document = RoundTrip.open(path)
    data = load_case_text(document.text()).data
    interview = Interview(document, asker, load_answers(answers))
    issues = [i for i in interview.issues() if not i.path.startswith("authorisation")]
    if asker is not None:
        asker.show(review(data, issues))
    errors = [i for i in issues if i.severity is Severity.ERROR and i.rule not in OWN_RULES]
    if errors:
        raise CaseInvalidError(f"the case has {len(errors)} error(s); they must be fixed "
                               "before it can be authorised (spo check lists them)", errors)
    given = interview.answers_at(("authorisation",)) or {}
    block: dict[str, Any] = {}
    missing = []
    for question in QUESTIONS:
        value = _lookup(given, question.path)
        if value is None and asker is not None:
            value = _ask(asker, question)
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
    sealed["content_hash"] = content_hash(data)
    document.remove(("authorisation",))
    document.set(("authorisation",), sealed)
    document.save()
    return sealed


def _ask(asker: Asker, question: Question) -> Any:
    if question.type == "choice":
        return asker.choose(question, [(c, c.replace("_", " ")) for c in question.choices],
                            question.choices[0])
    return asker.ask(question, None, lambda text: None if text.strip() or not question.required
                     else "an answer is needed").strip()


def _lookup(node: Any, path: tuple[str, ...]) -> Any:
    for part in path:
        node = node.get(part) if isinstance(node, dict) else None
    return node


def _put(node: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    for part in path[:-1]:
        node = node.setdefault(part, {})
    node[path[-1]] = value


__all__ = ["Case", "authorise_case"]
