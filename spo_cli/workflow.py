"""Question flows: workflows/*.yaml read into `Question`s, the `Asker` protocol the terminal
implements, and the parsing of typed answers. `interview.py` walks a flow over a case."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Protocol

from .errors import ResourceError, UsageError
from .model import Kind, Path_
from .resources import resource_dir
from .yaml_edit import RoundTrip
from .yaml_io import load_data_file

TYPES = ("text", "prose", "date", "bool", "int", "choice", "multi", "list", "lines", "time",
         "duration", "period", "clause", "repeat")
KINDS = ("full", "interim", "variation", "renewal", "discharge", "transfer", "outcome")
# Flows that add to a case of any kind rather than set its kind.
SUPPLEMENTS = ("transfer", "outcome")
CONFLICT_RULES = ("conflict-religion", "conflict-work", "conflict-education",
                  "conflict-family-court")


@dataclass(frozen=True)
class Question:
    """One question: the case-file field it fills and how to ask for it."""

    field: str
    type: str = "text"
    prompt: str = ""
    help: str = ""
    choices: tuple[str, ...] = ()
    default: Any = None
    when: str | None = None
    required: bool = True
    sensitive: bool = False
    item: str = ""                                # repeat: what one item is called
    questions: tuple[Question, ...] = ()          # repeat: the questions for each item
    catalogue: str = ""                           # clause: prohibitions | requirements
    minimum: int = 0                              # repeat: items required

    @classmethod
    def read(cls, raw: dict[str, Any], where: str) -> Question:
        """From a workflow file's mapping; unknown keys and types are resource errors."""
        known = set(cls.__dataclass_fields__) | {"validator", "min"}
        unknown = set(raw) - known
        if unknown or raw.get("type", "text") not in TYPES or "field" not in raw:
            raise ResourceError(f"workflow {where}: bad question {raw.get('field')!r} "
                                f"({', '.join(sorted(unknown)) or 'type or field'})")
        values = {k: v for k, v in raw.items() if k in cls.__dataclass_fields__}
        values["choices"] = tuple(raw.get("choices") or ())
        values["questions"] = tuple(cls.read(q, where) for q in raw.get("questions") or ())
        values["minimum"] = int(raw.get("min", 0))
        return cls(**values)

    @property
    def path(self) -> Path_:
        """The field as a path relative to its parent."""
        return tuple(self.field.split("."))


class Asker(Protocol):
    """Asks questions on some terminal (or a script, in tests)."""

    def ask(self, question: Question, default: str | None,
            check: Callable[[str], str | None]) -> str:
        """Free text, re-asked until `check` returns None."""

    def choose(self, question: Question, choices: list[tuple[str, str]],
               default: str | None) -> str:
        """One of `choices` (value, label)."""

    def choose_many(self, question: Question, choices: list[str],
                    default: list[str]) -> list[str]:
        """Several of `choices`."""

    def confirm(self, prompt: str, default: bool) -> bool:
        """Yes or no."""

    def show(self, text: str) -> None:
        """Tell the user something (help, a clash, the review)."""


@dataclass(frozen=True)
class Workflow:
    """A kind's question flow."""

    kind: str
    title: str
    questions: tuple[Question, ...]


def load_workflow(kind: str) -> Workflow:
    """workflows/<kind>.yaml with its sections from workflows/sections/."""
    if kind not in KINDS:
        raise UsageError(f"--kind must be one of: {', '.join(KINDS)}")
    folder = resource_dir("workflows")
    spec = load_data_file(folder / f"{kind}.yaml") or {}
    questions: list[Question] = []
    for section in spec.get("sections") or []:
        content = load_data_file(folder / "sections" / f"{section}.yaml") or {}
        questions += [Question.read(q, f"{section}.yaml") for q in content.get("questions", [])]
    return Workflow(kind, str(spec.get("title", kind)), tuple(questions))


def catalogue() -> dict[str, list[dict[str, str]]]:
    """workflows/conditions.yaml: example prohibitions and requirements with placeholders."""
    return load_data_file(resource_dir("workflows") / "conditions.yaml") or {}


def parse(kind: str, text: str) -> Any:
    """Typed value from what was typed; ValueError says what is expected."""
    text = text.strip()
    if kind == "date":
        try:
            return date.fromisoformat(text)
        except ValueError:
            raise ValueError("write the date as YYYY-MM-DD") from None
    if kind == "int":
        if not text.isdigit():
            raise ValueError("a whole number")
        return int(text)
    if kind in ("list", "lines"):
        return [part.strip() for part in text.split(",") if part.strip()]
    if kind == "duration":
        if text.lower().replace("_", " ") in ("until further order", "ufo"):
            return "until_further_order"
        if text.isdigit():
            return {"years": int(text)}
        if text.lower().startswith("until "):  # an order to a stated last day
            try:
                return {"until": date.fromisoformat(text[6:].strip())}
            except ValueError:
                pass
        raise ValueError("a number of years, 'until YYYY-MM-DD', or 'until further order'")
    if kind == "period":
        if text.lower().endswith("weeks") and text.split()[0].isdigit():
            return {"weeks": int(text.split()[0])}
        try:
            return {"until": date.fromisoformat(text)}
        except ValueError:
            raise ValueError("'N weeks' or an end date YYYY-MM-DD") from None
    return text


def kind_of(document: RoundTrip, requested: str | None) -> str:
    """The workflow to run: --kind, else the case's own kind."""
    existing = document.get(("application", "kind"))
    if requested:
        if requested not in SUPPLEMENTS and existing and existing != requested:
            raise UsageError(f"the case is a {existing} application, not {requested}")
        return requested
    if existing in Kind._value2member_map_:
        return str(existing)
    raise UsageError("say which kind of application this is with --kind "
                     f"({', '.join(KINDS)})")


def load_answers(path: Path | None) -> dict[str, Any]:
    """An answers file: a (partial) case file, read by the same safe loader."""
    if path is None:
        return {}
    from .yaml_io import load_case_file

    document = load_case_file(path)
    if document.problems:
        problem = document.problems[0]
        raise UsageError(f"the answers file, line {problem.line}: {problem.message}")
    return {"__root__": document.data}


def walk_questions(questions: tuple[Question, ...]) -> Iterator[Question]:
    """Every question, repeat children included."""
    for question in questions:
        yield question
        yield from walk_questions(question.questions)
