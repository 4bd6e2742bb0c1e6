"""The one exception hierarchy. Messages name fields and files, never case values."""

from __future__ import annotations

from typing import Any


class SpoError(Exception):
    """Base of every error `spo` raises on purpose; `str()` is a sentence for the user."""

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return self.message if not self.hint else f"{self.message}\n  hint: {self.hint}"


class CaseError(SpoError):
    """The case is wrong (exit 1)."""


class CaseFileError(CaseError):
    """A case file cannot be read safely: syntax, encoding, size, tags, aliases."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None,
                 hint: str | None = None) -> None:
        super().__init__(message, hint)
        self.line = line
        self.column = column


class CaseInvalidError(CaseError):
    """Schema or rule errors; `issues` holds all of them."""

    def __init__(self, message: str, issues: list[Any]) -> None:  # list[model.Issue]
        super().__init__(message)
        self.issues = issues


class UsageError(SpoError):
    """The command was given contradictory or impossible arguments (exit 2)."""


class MissingAnswersError(SpoError):
    """Answers are missing and there is no terminal to ask (exit 3)."""

    def __init__(self, paths: list[str]) -> None:
        super().__init__(f"{len(paths)} answer(s) missing:\n  " + "\n  ".join(paths),
                         hint="answer them interactively, or put them in the --answers file")
        self.paths = paths


class ToolError(SpoError):
    """A tool failed: a template, LibreOffice (exit 4)."""


class ResourceError(ToolError):
    """A bundled resource (schema, workflow, template) is missing or broken."""


class Interrupted(SpoError):
    """The user interrupted; answers given so far are saved (exit 130)."""
