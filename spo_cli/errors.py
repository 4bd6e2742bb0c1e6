"""The one exception hierarchy, with the exit code of each kind of failure (the CLI and the
reference read them here). Messages name fields and files, never case values."""

from __future__ import annotations

from typing import Any


class SpoError(Exception):
    """Base of every error `spo` raises on purpose; `str()` is a sentence for the user."""

    exit_code = 1
    meaning = "the case is wrong (a check found errors, or the case cannot be used)"

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

    exit_code = 2
    meaning = "usage error (unknown option, impossible arguments, unknown `spo explain` topic)"


class MissingAnswersError(SpoError):
    """Answers are missing and there is no terminal to ask (exit 3)."""

    exit_code = 3
    meaning = "answers missing and no terminal to ask them (`--no-input`)"

    def __init__(self, paths: list[str]) -> None:
        super().__init__(f"{len(paths)} answer(s) missing:\n  " + "\n  ".join(paths),
                         hint="answer them interactively, or put them in the --answers file")
        self.paths = paths


class ToolError(SpoError):
    """A tool failed: a template, LibreOffice, an output (exit 4)."""

    exit_code = 4
    meaning = "a tool failed (LibreOffice, a template, a bundled resource, writing an output)"


class ResourceError(ToolError):
    """A bundled resource (schema, workflow, template) is missing or broken."""


class TemplateError(ToolError):
    """A template is broken or asks for a value the form does not provide."""


class ConversionError(ToolError):
    """LibreOffice is missing, failed or timed out."""


class FontCoverageError(ConversionError):
    """Installed fonts do not cover some of the case's text: the PDF would show boxes."""


class OutputError(ToolError):
    """An output cannot be written where asked (a tool failure, not a fault of the case)."""


class AuditError(ToolError):
    """The audit log cannot be written, so the operation is not done."""


class Interrupted(SpoError):
    """The user interrupted; answers given so far are saved (exit 130)."""

    exit_code = 130
    meaning = "interrupted (Ctrl-C); answers given so far are kept"


# Every exit code with its meaning, for `spo --help`, the reference and docs/case-file.md.
EXIT_CODES: tuple[tuple[int, str], ...] = (
    (0, "success; warnings allowed"),
    *((kind.exit_code, kind.meaning)
      for kind in (SpoError, UsageError, MissingAnswersError, ToolError, Interrupted)),
)
