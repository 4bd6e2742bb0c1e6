"""Question flows: workflows/*.yaml read into `Question`s, the `Asker` protocol the terminal
implements, and the parsing of typed answers. `interview.py` walks a flow over a case."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Protocol

from . import typed
from .errors import ResourceError, UsageError
from .model import Kind, Path_
from .resources import resource_dir
from .yaml_edit import RoundTrip
from .yaml_io import load_data_file

TYPES = ("text", "prose", "date", "bool", "int", "choice", "multi", "list", "lines", "time",
         "duration", "period", "clause", "repeat", "schedule", "daterange", "place", "name",
         "which", "flags")
# Types typed on one line, which may share their line with the next question (`then`); the
# first of the two must have a strict form, or the line could not be cut unambiguously.
ONE_LINE = ("text", "date", "int", "list", "lines", "time", "duration", "period", "schedule",
            "daterange", "place", "name")
STRICT = {"date": "the date", "int": "the number", "time": "the time",
          "duration": "the duration", "period": "the period",
          "schedule": "the days and times", "daterange": "the date or range"}
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
    assign: str = ""                              # filled in, never asked: "PP{n}", "SP/{n}"
    choices_from: str = ""                        # choices are the ids (keys) found there
    recent: int = 0                               # date: question one more than N days away
    same_as: str = ""                             # lines: "PP1" copies that item's value
    editable: bool = True                         # false: asked once (the kind of case)
    then: str = ""                                # the next question, answered on this line
    partner: Question | None = None               # (resolved) the question `then` names
    joined: bool = False                          # (resolved) answered on the line before
    label: str = ""                               # its words in a tick list, or alone
    labels: tuple[str, ...] = ()                  # which: the words for each choice
    cited: bool = False                           # repeat: one item per reference cited
    also: str = ""                                # clause: another catalogue offered too
    offers: tuple[str, ...] = ()                  # repeat: common first answers, ticked

    @classmethod
    def read(cls, raw: dict[str, Any], where: str) -> Question:
        """From a workflow file's mapping; unknown keys and types are resource errors."""
        known = set(cls.__dataclass_fields__) | {"validator", "min"}
        unknown = set(raw) - known
        if unknown or raw.get("type", "text") not in TYPES or "field" not in raw:
            raise ResourceError(f"workflow {where}: bad question {raw.get('field')!r} "
                                f"({', '.join(sorted(unknown)) or 'type or field'})")
        values = {k: v for k, v in raw.items() if k in cls.__dataclass_fields__
                  and k not in ("partner", "joined", "labels")}
        choices = raw.get("choices") or ()
        if raw.get("type") == "which":  # [{field: words}, ...]
            if not all(isinstance(c, dict) and len(c) == 1 for c in choices):
                raise ResourceError(f"workflow {where}: the choices of {raw['field']!r} are "
                                    "one {field: words} mapping each")
            values["labels"] = tuple(str(next(iter(c.values()))) for c in choices)
            choices = [next(iter(c)) for c in choices]
        values["choices"] = tuple(choices)
        values["offers"] = tuple(str(o) for o in raw.get("offers") or ())
        values["questions"] = pair(tuple(cls.read(q, where) for q in raw.get("questions") or ()),
                                   where)
        values["minimum"] = int(raw.get("min", 0))
        return cls(**values)

    @property
    def path(self) -> Path_:
        """The field as a path relative to its parent."""
        return tuple(self.field.split("."))


def pair(questions: tuple[Question, ...], where: str) -> tuple[Question, ...]:
    """A question with `then` carries the question it names (its partner), which is then
    not asked on its own: "16/10/2026, online" answers the date and the place at once."""
    by_field = {q.field: q for q in questions}
    named = {q.then for q in questions if q.then}
    out = []
    for question in questions:
        if question.then:
            partner = by_field.get(question.then)
            if partner is None or partner.then or question.field in named or \
                    question.type not in STRICT or partner.type not in ONE_LINE:
                raise ResourceError(f"workflow {where}: {question.field!r} cannot take "
                                    f"{question.then!r} on its line")
            question = replace(question, partner=replace(partner, joined=True))
        out.append(replace(question, joined=True) if question.field in named else question)
    return tuple(out)


class Asker(Protocol):
    """Asks questions on some terminal (or a script, in tests)."""

    def ask(self, question: Question, default: str | None,
            check: Callable[[str], str | None]) -> str:
        """Free text, re-asked until `check` returns None."""

    def choose(self, question: Question, choices: list[tuple[str, str]],
               default: str | None) -> str:
        """One of `choices` (value, label)."""

    def choose_many(self, question: Question, choices: list[tuple[str, str]],
                    default: list[str]) -> list[str]:
        """Several of `choices`."""

    def confirm(self, prompt: str, default: bool, help: str = "") -> bool:
        """Yes or no (Enter needed)."""

    def heading(self, text: str) -> None:
        """A section's heading, progress, purpose and source."""

    def show(self, text: str) -> None:
        """Tell the user something (help, a clash, the review)."""


@dataclass(frozen=True)
class Section:
    """One heading of the interview: its questions, why they are asked, and the law."""

    name: str
    title: str
    purpose: str
    source: str
    questions: tuple[Question, ...]


@dataclass(frozen=True)
class Workflow:
    """A kind's question flow, section by section."""

    kind: str
    title: str
    sections: tuple[Section, ...]

    @property
    def questions(self) -> tuple[Question, ...]:
        return tuple(q for s in self.sections for q in s.questions)

    def section(self, name: str) -> Section:
        """The section called `name` (its file name or its title, any case)."""
        for section in self.sections:
            if name.lower() in (section.name, section.title.lower()):
                return section
        raise UsageError(f"no section {name!r} in a {self.kind} interview; the sections are: "
                         + ", ".join(s.name for s in self.sections))


def load_workflow(kind: str, sections: tuple[str, ...] = ()) -> Workflow:
    """workflows/<kind>.yaml with its sections from workflows/sections/ (or just the sections
    named: the profile's interview). Any section file works: flows stay data."""
    folder = resource_dir("workflows")
    if not sections:
        if kind not in KINDS:
            raise UsageError(f"--kind must be one of: {', '.join(KINDS)}")
        spec = load_data_file(folder / f"{kind}.yaml") or {}
        sections = tuple(spec.get("sections") or ())
    else:
        spec = {"title": kind}
    return Workflow(kind, str(spec.get("title", kind)),
                    tuple(read_section(folder / "sections" / f"{name}.yaml", name)
                          for name in sections))


def read_section(path: Path, name: str) -> Section:
    content = load_data_file(path) or {}
    if not isinstance(content, dict):
        raise ResourceError(f"workflow section {name}: not a mapping")
    where = f"{name}.yaml"
    return Section(name, str(content.get("title") or name.replace("-", " ").capitalize()),
                   str(content.get("purpose") or ""), str(content.get("source") or ""),
                   pair(tuple(Question.read(q, where) for q in content.get("questions", [])),
                        where))


def catalogue() -> dict[str, list[dict[str, str]]]:
    """workflows/conditions.yaml: example prohibitions and requirements with placeholders."""
    return load_data_file(resource_dir("workflows") / "conditions.yaml") or {}


def parse_answer(question: Question, text: str) -> Any:
    """What was typed for `question`, parsed; with a partner, the pair of values (the partner's
    None when it is optional and left out). The line is cut at the first comma (for a time,
    also at the last space) where both sides read as their types."""
    partner = question.partner
    if partner is None:
        return parse(question.type, text)
    text = text.strip()
    cuts = [i for i, c in enumerate(text) if c == ","]
    if partner.type == "time":
        cuts += [i for i, c in enumerate(text) if c.isspace()][-1:]
    first_error: ValueError | None = None
    for cut in sorted(cuts):
        head, rest = text[:cut].strip(), text[cut + 1:].strip()
        if head and rest:
            try:
                return parse(question.type, head), parse(partner.type, rest)
            except ValueError as exc:
                first_error = first_error or exc
    if not partner.required:  # the line may be the first answer alone
        try:
            return parse(question.type, text), None
        except ValueError as exc:
            raise first_error or exc from None
    label = partner.label or partner.field
    for cut in reversed([i for i, c in enumerate(text) if c.isspace()]):  # comma forgotten?
        with contextlib.suppress(ValueError):
            parse(question.type, text[:cut])
            # the typed words are not repeated: an answer may be sensitive
            first_error = ValueError(f"put a comma after {STRICT[question.type]}, then {label}")
            break
    if first_error is None:
        parse(question.type, text)  # says what is wrong with the first part, if anything
    raise first_error or ValueError(f"add a comma, then {label}")


def parse(kind: str, text: str) -> Any:
    """Typed value from what was typed; ValueError says what is expected."""
    text = text.strip()
    if kind == "date":
        return typed.parse_date(text)
    if kind == "time":
        return typed.parse_time(text)
    if kind == "schedule":
        return typed.parse_schedule(text)
    if kind == "daterange":
        return typed.parse_date_range(text)
    if kind == "name":  # "Harlow, Daniel James": the family name first, as police records do
        family, comma, given = text.partition(",")
        if not comma or not family.strip() or not given.strip():
            raise ValueError("the family name, a comma, then the given names "
                             "(e.g. Bennett, Laura)")
        return {"given": " ".join(given.split()), "family": " ".join(family.split())}
    if kind == "place":
        lines = [part.strip() for part in text.split(",") if part.strip()]
        return {"name": lines[0], **({"address": lines[1:]} if lines[1:] else {})}
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
                return {"until": typed.parse_date(text[6:].strip())}
            except ValueError:
                pass
        raise ValueError("a number of years, 'until 20/11/2029', or 'until further order'")
    if kind == "period":
        if text.lower().endswith("weeks") and text.split()[0].isdigit():
            return {"weeks": int(text.split()[0])}
        try:
            return {"until": typed.parse_date(text)}
        except ValueError:
            raise ValueError("'N weeks' or an end date such as 20/11/2026") from None
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


def load_answers(paths: Path | list[Path] | None) -> dict[str, Any]:
    """Answers files (the profile first, then each --answers in order): (partial) case files
    read by the same safe loader and merged at any depth, a later file winning."""
    from .yaml_io import load_case_file

    merged: dict[str, Any] = {}
    for path in [paths] if isinstance(paths, Path) else paths or []:
        document = load_case_file(path)
        if document.problems:
            problem = document.problems[0]
            raise UsageError(f"the answers file {path.name}, line {problem.line}: "
                             f"{problem.message}")
        merged = deep_merge(merged, document.data)
    return {"__root__": merged} if merged else {}


def deep_merge(base: Any, extra: Any) -> Any:
    """`extra` over `base`: mappings key by key, lists item by item, anything else replaced."""
    if isinstance(base, dict) and isinstance(extra, dict):
        out = dict(base)
        for key, value in extra.items():
            out[key] = deep_merge(base[key], value) if key in base else value
        return out
    if isinstance(base, list) and isinstance(extra, list) and all(
            isinstance(v, dict) for v in (*base, *extra)):
        return [deep_merge(base[i], extra[i]) if i < len(base) and i < len(extra)
                else (extra[i] if i < len(extra) else base[i])
                for i in range(max(len(base), len(extra)))]
    return extra


def walk_questions(questions: tuple[Question, ...]) -> Iterator[Question]:
    """Every question, repeat children included."""
    for question in questions:
        yield question
        yield from walk_questions(question.questions)
