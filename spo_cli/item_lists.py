"""Lists in an interview: items asked one by one ("blank if no more"), the exhibits the case
cites, the usual answers offered in one tick list; and the tick lists that stand for several
questions (`which`: what to ask at all; `flags`: several yes/no answers)."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from .model import Case, Path_, format_path
from .review import item_label
from .workflow import Question

if TYPE_CHECKING:
    from .interview import Interview


def which(iv: Interview, question: Question) -> None:
    """A tick list of optional fields and lists: those not ticked are not asked in this
    run (nothing is written for them), a ticked list gets at least one item."""
    if iv.asker is None or (not iv.editing and iv.started_later()):
        return
    having = [f for f in question.choices if has_value(iv, f)]
    picked = iv.tty.choose_many(question, list(zip(question.choices, question.labels,
                                                     strict=True)), having)
    iv.skipped = (iv.skipped - set(question.choices)) | (
        set(question.choices) - set(picked))
    iv.ticked = (iv.ticked - set(question.choices)) | set(picked)


def has_value(iv: Interview, field_path: str) -> bool:
    """Whether the case holds a value at a dotted path (through lists: any item)."""
    nodes: list[Any] = [iv.document.get(())]
    for key in field_path.split("."):
        nodes = [n for node in nodes for n in (node if isinstance(node, list) else [node])]
        nodes = [node.get(key) for node in nodes if isinstance(node, dict)]
    return any(node not in (None, "", [], {}) for node in nodes)


def flags(iv: Interview, question: Question, base: Path_, item: int | None) -> None:
    """Several yes/no questions in one tick list: ticked is yes, unticked is no."""
    subs = [q for q in question.questions if iv.applies(q, base, item)]
    if iv.asker is None:
        for sub in subs:
            iv.visit(sub, base, item)
        return
    current = {q.field: iv.document.get((*base, *q.path)) for q in subs}
    if not subs or not (iv.asks_again(question) or any(
            current[q.field] is None and iv.wanted(q, base) for q in subs)):
        return
    ticked = [q.field for q in subs if current[q.field] is True or
              (current[q.field] is None and q.default is True)]
    picked = iv.tty.choose_many(question, [(q.field, q.prompt) for q in subs], ticked)
    for sub in subs:
        iv.store((*base, *sub.path), sub.field in picked)


def repeat(iv: Interview, question: Question, path: Path_) -> None:
    existing = iv.document.get(path)
    count = len(existing) if isinstance(existing, list) else 0
    if dotted(path) in iv.ticked:
        question = replace(question, minimum=max(question.minimum, 1))
    for index in range(count):  # items left half-answered are finished (or edited)
        for sub in question.questions:
            iv.visit(sub, (*path, index), index)
    if iv.asker is None:
        if count < question.minimum:
            iv.missing += [format_path((*path, count, *sub.path))
                             for sub in answered_alone(question.questions)
                             if sub.required and not sub.assign and not sub.when]
        return
    if question.cited:
        count = cited_items(iv, question, path, count)
        if count >= max(question.minimum, 1):
            return  # the cited ones, no "any more?": the review's menu adds others
    if count >= max(question.minimum, 1) and not iv.editing and iv.started_later():
        return  # finished before this run: the review's menu adds to it
    if count and not iv.editing and path not in iv.touched:
        data = iv.plain()
        iv.tty.show(f"  {question.item.capitalize()}s so far: " + "; ".join(
            item_label(data, tuple(map(str, path)), i) for i in range(count)))  # resuming
    if count == 0 and not iv.editing and not question.minimum and iv.started_later():
        return  # passed over before
    if question.offers and count == 0 and not iv.editing:
        count, more = offered(iv, question, path)
        if not more:
            return
    while new_item(iv, question, path, count):
        count += 1


def offered(iv: Interview, question: Question, path: Path_) -> tuple[int, bool]:
    """The list's common first answers in one tick list, each ticked one an item (its
    other questions asked), and "another" to type more: (items made, more wanted)."""
    first = next(q for q in question.questions if not q.assign)
    another = "__another__"
    picked = iv.tty.choose_many(question, [(o, o) for o in question.offers] +
                                [(another, "another (you type it)")], [])
    count = 0
    for offer in (p for p in picked if p != another):
        iv.tty.show(f"  {question.item.capitalize()} {count + 1}: {offer}")
        _fill(iv, question, (*path, count), first, offer)
        count += 1
    return count, another in picked


def cited_items(iv: Interview, question: Question, path: Path_, count: int) -> int:
    """An item for each reference the case cites that the list lacks ("SP/2" in an act's
    evidence): the officer describes it; others can be added from the review."""
    ref = next(q for q in question.questions if q.assign)
    first = next(q for q in question.questions if not q.assign)
    for cited in dict.fromkeys(ref for _, ref in Case(iv.plain()).cited_exhibits()):
        listed = {str(item.get(ref.field)) for item in iv.document.get(path) or []
                  if isinstance(item, dict)}
        if cited in listed:
            continue
        base = (*path, count)
        iv.document.set((*base, *ref.path), cited)  # saved with its description
        value = iv.ask(first, (*base, *first.path), count,
                       noun=f"{question.item.capitalize()} {cited}")
        _fill(iv, question, base, first, value)
        count += 1
    return count


def new_item(iv: Interview, question: Question, path: Path_, index: int) -> bool:
    """One more item; the first question says "blank if no more" once the list has its
    minimum, so there is no separate "Add another?" question."""
    more_hint(iv, question, index)
    base = (*path, index)
    first = next(q for q in question.questions if not q.assign)
    gate = index >= question.minimum
    ident = next((iv.assigned(q, base) for q in question.questions if q.assign),
                 str(index + 1))
    value = iv.ask(first, (*base, *first.path), index, gate=gate, number=index + 1,
                   noun=f"{question.item.capitalize()} {ident}")
    if value is None:
        return False
    _fill(iv, question, base, first, value)
    iv.after_item(question, base)
    return True


def more_hint(iv: Interview, question: Question, count: int) -> None:
    if count == 0 and any(q.also for q in question.questions):
        iv.tty.show("  One list for every term: the prohibitions, then the positive "
                    "requirements further down it.")
    if question.catalogue == "requirements" and count == 0 and iv.kind == "full" and \
            question.catalogue not in iv.preset:
        iv.tty.show("  No positive requirement yet. The guidance encourages them (an "
                    "intervention programme, an assessment, device access): only a "
                    "minority of orders have one (HMICFRS 2024).")


def _fill(iv: Interview, question: Question, base: Path_, first: Question, value: Any) -> None:
    """An item whose first answer is known: its ids assigned (unless already set), that
    answer stored, the rest asked."""
    for sub in question.questions:
        if sub.assign and iv.document.get((*base, *sub.path)) in (None, ""):
            iv.store((*base, *sub.path), iv.assigned(sub, base))
    iv.store_value(first, (*base, *first.path), value)
    for sub in question.questions:
        if sub is not first and not sub.assign:
            iv.visit(sub, base, int(base[-1]))


def answered_alone(questions: tuple[Question, ...]) -> list[Question]:
    """The questions as an answers file answers them: a tick list's yes/no questions one by
    one, a `which` list not at all (it only decides what a person is asked)."""
    out: list[Question] = []
    for question in questions:
        if question.type == "flags":
            out += answered_alone(question.questions)
        elif question.type != "which":
            out.append(question)
    return out


def dotted(path: Path_) -> str:
    """A field's path without list positions: `exhibits.file` for every exhibit's file."""
    return ".".join(str(key) for key in path if not isinstance(key, int))
