"""The interactive asker: questionary prompts on a real terminal.

Two rules keep an answer from being given by accident: a yes/no question needs Enter, and
whatever was typed before a prompt appeared (an Enter meant for the previous question, a stray
letter) is thrown away before the prompt is drawn.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from .workflow import Question


def has_terminal() -> bool:
    """Whether someone can be asked (standard input and output are terminals)."""
    return sys.stdin.isatty() and sys.stdout.isatty()


def discard_typeahead() -> None:
    """Drop keys typed before the prompt: the terminal's input queue and prompt_toolkit's
    own typeahead store (keys read past the end of the previous prompt)."""
    try:
        import termios

        termios.tcflush(sys.stdin.fileno(), termios.TCIFLUSH)
    except (ImportError, OSError, ValueError):
        pass
    from prompt_toolkit.input import create_input
    from prompt_toolkit.input.typeahead import clear_typeahead

    clear_typeahead(create_input())


class QuestionaryAsker:
    """Asks with questionary; Ctrl-C propagates as KeyboardInterrupt (answers are saved).
    With `editor`, narratives open in $VISUAL or $EDITOR instead of a multi-line prompt."""

    def __init__(self, editor: bool = False) -> None:
        self.editor = editor

    def _help(self, help_text: str) -> None:
        if help_text:
            print(f"  ({help_text})")
        discard_typeahead()

    def ask(self, question: Question, default: str | None,
            check: Callable[[str], str | None]) -> str:
        import questionary

        self._help(question.help)
        if question.type == "prose":
            if self.editor:
                return self._edit(question, default or "", check)
            return questionary.text(
                question.prompt, default=default or "", multiline=True,
                validate=lambda text: check(text) or True).unsafe_ask()
        return questionary.text(question.prompt, default=default or "",
                                validate=lambda text: check(text) or True).unsafe_ask()

    def _edit(self, question: Question, text: str,
              check: Callable[[str], str | None]) -> str:
        """The narrative in the user's editor, in a private file removed afterwards."""
        command = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
        with tempfile.TemporaryDirectory(prefix="spo-") as folder:
            draft = Path(folder) / "answer.txt"
            while True:
                draft.write_text(f"{text}\n" if text else "", encoding="utf-8")
                print(f"{question.prompt} (opening {shlex.split(command)[0]})")
                subprocess.run([*shlex.split(command), str(draft)], check=False)
                text = draft.read_text(encoding="utf-8", errors="replace").strip()
                problem = check(text)
                if problem is None:
                    return text
                print(f"  {problem}")

    def choose(self, question: Question, choices: list[tuple[str, str]],
               default: str | None) -> str:
        import questionary

        self._help(question.help)
        options = [questionary.Choice(label, value=value) for value, label in choices]
        chosen = next((o for o in options if o.value == default), None)
        return questionary.select(question.prompt, choices=options,
                                  default=chosen).unsafe_ask()

    def choose_many(self, question: Question, choices: list[tuple[str, str]] | list[str],
                    default: list[str]) -> list[str]:
        import questionary

        self._help(question.help)
        pairs = [c if isinstance(c, tuple) else (c, c.replace("_", " ")) for c in choices]
        options = [questionary.Choice(label, value=value, checked=value in default)
                   for value, label in pairs]
        need = question.required and question.type not in ("which", "flags")  # none: an answer
        return questionary.checkbox(
            question.prompt, choices=options,
            validate=lambda picked: True if picked or not need else "choose at least one",
        ).unsafe_ask()

    def confirm(self, prompt: str, default: bool, help: str = "") -> bool:
        import questionary

        self._help(help)
        return questionary.confirm(prompt, default=default, auto_enter=False).unsafe_ask()

    def heading(self, text: str) -> None:
        print(f"\n{text}")

    def show(self, text: str) -> None:
        print(text)
