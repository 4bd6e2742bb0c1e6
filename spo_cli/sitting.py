"""`spo interview` as one sitting: choose the kind, take the profile and answers files, walk the
sections (or edit one), then the review, which is a menu: edit a section, edit or delete one
item of a list, add to a list, or finish."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from .errors import UsageError
from .interview import Interview
from .model import Case, Severity
from .review import issue_lines, item_label
from .workflow import (
    KINDS,
    SUPPLEMENTS,
    Asker,
    Question,
    Workflow,
    kind_of,
    load_answers,
    load_workflow,
)
from .yaml_edit import RoundTrip

LISTS = ((("protected_persons",), "Protected persons"), (("conduct",), "Acts"),
         (("conditions", "prohibitions"), "Prohibitions"),
         (("conditions", "requirements"), "Requirements"), (("exhibits",), "Exhibits"))


def interview_case(path: Path, kind: str | None, answers: Path | list[Path] | None,
                   asker: Asker | None, edit: str | None = None,
                   today: date | None = None) -> list[Any]:
    """`spo interview`: ask what is missing, save each answer, end with the review. Returns
    the issues `spo check` would report."""
    document = RoundTrip.open(path)
    given = load_answers(answers)
    if kind is None and document.get(("application", "kind")) is None:
        kind = (given.get("__root__", {}).get("application") or {}).get("kind")
        if kind is None and asker is not None:
            kind = asker.choose(Question(field="application.kind",
                                         prompt="What is being applied for?"),
                                [(k, k) for k in KINDS if k not in SUPPLEMENTS], "full")
    chosen = kind_of(document, kind)
    if chosen not in SUPPLEMENTS and document.get(("application", "kind")) is None:
        document.set(("application", "kind"), chosen)
        document.save()
    elif not path.exists():
        document.save()  # the case file exists from here on; answers are saved into it
    interview = Interview(document, asker, given, today=today)
    workflow = load_workflow(chosen)
    if edit is not None:
        if asker is None:
            raise UsageError("--edit needs a terminal: it asks the section's questions again")
        interview.workflow, interview.kind = workflow, chosen
        interview.merge(given.get("__root__", {}), ())
        interview.walk_section(workflow.sections.index(workflow.section(edit)), editing=True)
    interview.run(workflow)
    if asker is None:
        return interview.issues()
    return review_menu(interview, workflow, asker)


def review_menu(interview: Interview, workflow: Workflow, asker: Asker) -> list[Any]:
    """The review, then what the officer wants to change, until they finish."""
    while True:
        found = interview.issues()
        asker.show(review(interview.plain(), found, interview.document.path))
        choice = asker.choose(Question(field="review", prompt="What next?"), [
            ("finish", "Finish"), ("section", "Edit a section"),
            ("item", "Edit one item of a list"), ("add", "Add an item to a list"),
            ("delete", "Delete an item of a list")], "finish")
        if choice == "finish":
            return found
        if choice == "section":
            titles = [(s.name, f"{n + 1}. {s.title}") for n, s in enumerate(workflow.sections)]
            name = asker.choose(Question(field="section", prompt="Which section?"), titles,
                                titles[0][0])
            interview.walk_section(workflow.sections.index(workflow.section(name)), True)
            continue
        lists = _lists(interview, workflow)
        if choice == "add":
            options = [(".".join(map(str, p)), q.item.capitalize()) for p, q, _ in lists]
            wanted = asker.choose(Question(field="list", prompt="Add to which list?"),
                                  options, options[0][0])
            picked = next(entry for entry in lists if ".".join(map(str, entry[0])) == wanted)
            count = len(interview.document.get(picked[0]) or [])
            interview.heading = ""
            while interview.new_item(picked[1], picked[0], count):
                count += 1
            continue
        data = interview.plain()
        items = [(f"{'.'.join(map(str, p))}:{n}", f"{q.item.capitalize()} "
                  f"{item_label(data, p, n)}") for p, q, count in lists for n in range(count)]
        if not items:
            asker.show("  There are no list items yet.")
            continue
        which = asker.choose(Question(field="item", prompt="Which item?"), items, items[0][0])
        where, number = which.rsplit(":", 1)
        list_path, question, _ = next(e for e in lists if ".".join(map(str, e[0])) == where)
        index = int(number)
        if choice == "item":
            interview.heading, interview.editing = "", True
            for sub in question.questions:
                interview.visit(sub, (*list_path, index), index)
            interview.editing = False
            interview.after_item(question, (*list_path, index))
        elif asker.confirm("Delete it? Terms or acts that cite it must then be changed too.",
                           False, ""):
            del interview.document.get(list_path)[index]
            interview.document.save()


def _lists(interview: Interview, workflow: Workflow) -> list[tuple[Any, Question, int]]:
    """(path, question, number of items) for each list the flow asks for."""
    out = []
    for question in workflow.questions:
        if question.type == "repeat" and interview.applies(question, (), None):
            found = interview.document.get(question.path)
            out.append((question.path, question, len(found) if isinstance(found, list) else 0))
    return out


def review(data: dict[str, Any], issues: list[Any], path: Path | None = None) -> str:
    """The review screen: the lists in plain words and every open issue (terminal only)."""
    case = Case(data)
    lines = [f"Review: {case.kind or 'unknown kind'} application "
             f"{case.get('application', 'reference') or '(no reference)'}"]
    for list_path, title in LISTS:
        count = len(case.items(*list_path))
        if count:
            lines.append(f"  {title}: " + "; ".join(
                item_label(data, list_path, i) for i in range(count)))
    errors = [i for i in issues if i.severity is Severity.ERROR]
    lines.append(f"  {len(errors)} error(s), {len(issues) - len(errors)} warning(s)")
    lines += issue_lines(issues, data)
    where = "".join(c if c.isprintable() else "?" for c in str(path)) if path else "CASE"
    lines.append(f"  Next: spo authorise {where}" if not errors else
                 f"  Next: fix the errors (Edit a section), then spo check {where}")
    return "\n".join(lines)
