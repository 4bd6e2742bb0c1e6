"""The interactive asker: questionary prompts on a real terminal."""

from __future__ import annotations

import sys
from collections.abc import Callable

from .workflow import Question


def has_terminal() -> bool:
    """Whether someone can be asked (standard input and output are terminals)."""
    return sys.stdin.isatty() and sys.stdout.isatty()


class QuestionaryAsker:
    """Asks with questionary; Ctrl-C propagates as KeyboardInterrupt (answers are saved)."""

    def _help(self, question: Question) -> None:
        if question.help:
            print(f"  ({question.help})")

    def ask(self, question: Question, default: str | None,
            check: Callable[[str], str | None]) -> str:
        import questionary

        self._help(question)
        return questionary.text(question.prompt, default=default or "",
                                validate=lambda text: check(text) or True).unsafe_ask()

    def choose(self, question: Question, choices: list[tuple[str, str]],
               default: str | None) -> str:
        import questionary

        self._help(question)
        options = [questionary.Choice(label, value=value) for value, label in choices]
        chosen = next((o for o in options if o.value == default), None)
        return questionary.select(question.prompt, choices=options,
                                  default=chosen).unsafe_ask()

    def choose_many(self, question: Question, choices: list[str],
                    default: list[str]) -> list[str]:
        import questionary

        self._help(question)
        options = [questionary.Choice(c.replace("_", " "), value=c, checked=c in default)
                   for c in choices]
        need = question.required
        return questionary.checkbox(
            question.prompt, choices=options,
            validate=lambda picked: True if picked or not need else "choose at least one",
        ).unsafe_ask()

    def confirm(self, prompt: str, default: bool) -> bool:
        import questionary

        return questionary.confirm(prompt, default=default).unsafe_ask()

    def show(self, text: str) -> None:
        print(text)
