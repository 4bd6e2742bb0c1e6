"""One question on the officer's terminal: the prompt in plain words, the current answer (or
the flow's default) offered, what was typed parsed and checked as `spo check` would, and the
doubts a person should be asked about (an overnight window, a date far from today)."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING, Any

from .model import Case, Path_
from .review import words
from .typed import describe_when, months_between, overnight
from .workflow import Question, catalogue, parse_answer

if TYPE_CHECKING:
    from .interview import Interview

DONE = "__done__"
KEEP = "__keep__"


def ask_question(iv: Interview, question: Question, path: Path_, item: int | None,
                 gate: bool, number: int, noun: str) -> Any:
    """The parsed answer, or None for a blank one (with `gate`: no more items)."""
    base = path[:-len(question.path)]
    current = iv.document.get(path)
    holder = iv.document.get(base) if base else None
    default = (current_text(question, _plain(current), _plain(holder))
               if current not in (None, "", []) else _default(question, iv.facts(base, item)))
    other = iv.document.get((*base, *question.partner.path)) if question.partner else None
    if question.partner and default is not None and other not in (None, "", []):
        default = f"{default}, {current_text(question.partner, _plain(other), _plain(holder))}"
    # a question that shares its line with the next, asked alone, has its own words
    prompt = question.label if question.then and not question.partner and question.label \
        else question.prompt
    if noun:
        prompt = f"{noun} - {prompt}"
    if gate:
        prompt += " (blank if none)" if number == 1 else " (blank if no more)"
    same = _same_as_ids(iv, question, base)
    if same:
        prompt += f" (or {' / '.join(same)} for the same address)"
    shown = replace(question, prompt=prompt)
    if question.type == "bool":
        return iv.tty.confirm(prompt, bool(default), question.help)
    if question.type in ("choice", "multi"):
        return _choose(iv, shown, default, gate, number)
    if question.type == "clause":
        text = _clause(iv, shown, gate, number, current if isinstance(current, str) else "")
        if text == DONE:
            return None
        if text is not None and iv.problem(path, text) is None:
            return text
        default = text or default
    fallback = None
    if current in (None, "", []) and default is not None and question.type != "clause":
        # a suggestion is not typed into the answer (typing would add to it): Enter takes it
        fallback, default = str(default), None
        shown = replace(shown, prompt=f"{shown.prompt} [Enter: {fallback}]")
    return _typed(iv, shown, path, default, gate, base, same, fallback)


def _typed(iv: Interview, question: Question, path: Path_, default: Any, gate: bool,
           base: Path_, same: list[str], fallback: str | None = None) -> Any:
    parsed: dict[str, Any] = {}

    def check(text: str) -> str | None:
        parsed.clear()
        if not text.strip() and fallback is not None:
            text = fallback
        if not text.strip():
            return None if gate or not question.required else "an answer is needed"
        if same and text.strip().upper().removeprefix("SAME AS ").strip() in same:
            parsed["value"] = _copy_address(
                iv, base, text.strip().upper().removeprefix("SAME AS ").strip())
            return None
        try:
            parsed["value"] = parse_answer(question, text)
        except ValueError as exc:
            return str(exc)
        if question.partner is None:
            return _problem(iv, question, path, parsed["value"])
        own, other = parsed["value"]
        return _problem(iv, question, path, own) or (None if other is None else _problem(
            iv, question.partner, (*base, *question.partner.path), other))

    while True:
        text = iv.tty.ask(question, None if default is None else str(default), check)
        if not text.strip() and fallback is not None:
            text = fallback
        if not text.strip():
            return None
        if check(text) is not None:  # a scripted asker may hand back anything
            raise ValueError(check(text))
        value = parsed["value"]
        doubt = _doubt(iv, question, value)
        if doubt and not iv.tty.confirm(doubt, False, ""):
            default = text
            continue
        return value


def _problem(iv: Interview, question: Question, path: Path_, value: Any) -> str | None:
    """Why `value` cannot be the answer at `path` (`spo check`'s words), or None."""
    if question.type == "daterange":
        start, end = value
        return iv.problem(path, start) or (
            iv.problem((*path[:-1], "date_to"), end) if end else None)
    return iv.problem(path, value)


def _doubt(iv: Interview, question: Question, value: Any) -> str | None:
    """A question to put back to the officer before the answer is kept."""
    if question.partner is not None:  # each half of a shared line
        own, other = value
        return _doubt(iv, replace(question, partner=None), own) or (
            None if other is None else _doubt(iv, question.partner, other))
    if question.type == "schedule" and overnight(value):
        return (f"That ends before it starts: {describe_when(value)}. "
                "Is it an overnight window?")
    if question.type == "date" and question.recent and isinstance(value, date):
        return far_date(value, iv.today or date.today())
    return None


def _choose(iv: Interview, question: Question, default: Any, gate: bool = False,
            number: int = 0) -> Any:
    choices = _options(iv, question)
    if gate:  # the first question of a list item: finishing the list is one of the choices
        choices.insert(0, (DONE, "None" if number == 1 else "No more"))
        picked = iv.tty.choose(question, choices, DONE if number > 1 else choices[1][0])
        return None if picked == DONE else (picked if question.type == "choice" else [picked])
    if question.choices_from and len(choices) == 1:
        iv.tty.show(f"  {question.prompt}: {choices[0][1]} (the only one)")
        return choices[0][0] if question.type == "choice" else [choices[0][0]]
    if question.type == "choice":
        return iv.tty.choose(question, choices, default)
    many = iv.tty.choose_many(question, choices, list(default or []))
    return many or None


def _options(iv: Interview, question: Question) -> list[tuple[str, str]]:
    """(value, label): the flow's choices, or the ids found at `choices_from`."""
    if not question.choices_from:
        return [(c, c.replace("_", " ")) for c in question.choices]
    found = iv.document.get(tuple(question.choices_from.split(".")))
    if isinstance(found, dict):
        return [(str(k), words(v)) for k, v in found.items()]
    if isinstance(found, list):
        return [(str(v.get("id")), f"{v.get('id')} {words(v.get('name'))}".strip())
                for v in found if isinstance(v, dict) and v.get("id")]
    return []


def _clause(iv: Interview, question: Question, gate: bool, number: int,
            current: str = "") -> str | None:
    """A catalogue term with its placeholders filled from the case (the rest asked), DONE
    for no more terms, or None for writing one's own. With `also`, the terms of that
    catalogue are offered too: picking one ends this list, and the list that follows (the one
    with that catalogue) starts with it: one list of terms, one "No more". Only for a new
    item: an existing term being edited stays in its list, and keeping its words is the
    first choice (Enter), not the first catalogue term."""
    options = catalogue().get(question.catalogue) or []
    if not options:
        return None
    choice = iv.preset.pop(question.catalogue, None)
    if choice is None:
        choices = [(o["key"], o["text"]) for o in options]
        choices += [(f"{question.also}:{o['key']}",
                     f"{question.also.removesuffix('s').capitalize()}: {o['text']}")
                    for o in catalogue().get(question.also) or []] if question.also and gate \
            else []
        choices.append(("own", "Write my own" + (" (starting from the current words)"
                                                  if current else "")))
        if current:
            choices.insert(0, (KEEP, f"Keep: {current}"))
        if gate:  # first, so that finishing a list is one key away
            choices.insert(0, (DONE, "None" if number == 1 else "No more"))
        choice = iv.tty.choose(question, choices, KEEP if current else
                               DONE if gate and number > 1 else options[0]["key"])
        if ":" in choice:  # a term for the next list: this one is finished
            later, key = choice.split(":", 1)
            iv.preset[later] = key
            return DONE
    if choice in (DONE, KEEP):
        return current if choice == KEEP else DONE
    chosen = next((o for o in options if o["key"] == choice), None)
    if chosen is None:
        return None
    return fill(iv, chosen["text"])


def fill(iv: Interview, text: str) -> str:
    """Placeholders filled from the case; those it cannot know are asked."""
    case = Case(iv.plain())
    known = {"protected": " and ".join(words(p.get("name")) for _, p in
                                       case.items("protected_persons")),
             "force": case.text("force", "name"),
             "station": _station(case.text("applicant_officer", "station"))}
    for slot in dict.fromkeys(re.findall(r"\{(\w+)\}", text)):
        value = known.get(slot) or iv.tty.ask(
            Question(field=slot, prompt=f"Fill in the {slot} for this term"), None,
            lambda t: None if t.strip() else "an answer is needed").strip()
        text = text.replace("{" + slot + "}", value)
    return text


def _station(name: str) -> str:
    """The officer's station as a term names it: 'Northtown Police Station' as it is, a bare
    'Northtown' as 'Northtown police station' (never 'Northtown Police Station police station')."""
    if not name or "station" in name.lower():
        return name
    return f"{name} police station"


def _same_as_ids(iv: Interview, question: Question, base: Path_) -> list[str]:
    """Earlier items whose address this one may share ("PP1")."""
    if not question.same_as or not base or not isinstance(base[-1], int):
        return []
    siblings = iv.document.get(base[:-1]) or []
    return [str(s.get("id")) for s in siblings[:base[-1]]
            if isinstance(s, dict) and s.get("id") and s.get(question.same_as)]


def _copy_address(iv: Interview, base: Path_, ident: str) -> Any:
    for sibling in iv.document.get(base[:-1]) or []:
        if isinstance(sibling, dict) and str(sibling.get("id")).upper() == ident:
            return _plain(sibling.get("address"))
    return None


def _default(question: Question, facts: dict[str, Any]) -> Any:
    """The flow's default: "{n}" is the item's number (C{n} -> C3), "{force}" the force."""
    default = question.default
    if not isinstance(default, str):
        return default
    force = ((facts["case"].get("force") or {}).get("name")) or ""
    return default.replace("{n}", str(facts["n"])).replace("{force}", str(force))


def _plain(node: Any) -> Any:
    if isinstance(node, dict):
        return {k: _plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_plain(v) for v in node]
    return node


def current_text(question: Question, value: Any, item: dict[str, Any] | None = None) -> Any:
    """An answer already in the case, as the officer would type it (the edit's default)."""
    if value is None:
        return None
    if question.type in ("bool", "multi", "choice"):
        return value
    if question.type == "daterange" and isinstance(value, date):
        end = (item or {}).get("date_to")
        return value.isoformat() + (f" until {end.isoformat()}" if isinstance(end, date)
                                    else "")
    if question.type == "schedule" and isinstance(value, dict):
        return describe_when({**value, "to": value.get("to")}).replace(" to ", "-").replace(
            " (next day)", "")
    if question.type == "name" and isinstance(value, dict):
        return f"{value.get('family') or ''}, {value.get('given') or ''}"
    if question.type == "place" and isinstance(value, dict):
        return ", ".join([str(value.get("name") or ""), *map(str, value.get("address") or [])])
    if question.type == "duration":
        return "until further order" if value == "until_further_order" else \
            str((value or {}).get("years", "")) if isinstance(value, dict) else str(value)
    if question.type == "period" and isinstance(value, dict):
        return f"{value['weeks']} weeks" if "weeks" in value else words(value.get("until"))
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def far_date(value: date, today: date) -> str | None:
    """A question about a complaint date far in the past or the future, or None."""
    if value < today and months_between(value, today) >= 2:
        return f"That is {months_between(value, today)} months ago. Is the date right?"
    if (value - today).days > 60:
        return "That is more than two months ahead. Is the date right?"
    return None
