"""The force profile: what is the same for every case of a force and an officer (force, chief
officer, area, courts, legal team, marking, the officer's own details), kept in a YAML file
that is a partial case file, checked by the same schema, and used as the first answers file.

Where it is: `--profile FILE`, else `$SPO_PROFILE`, else `profile.yaml` in the user's config
folder (`$XDG_CONFIG_HOME/spo`, by default `~/.config/spo`)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from . import schema
from .errors import CaseError, UsageError
from .interview import Interview
from .model import Case, Issue, Severity
from .workflow import Asker, load_workflow
from .yaml_edit import RoundTrip
from .yaml_io import load_case_file

SECTIONS = ("force", "officer")
KEYS = ("schema", "force", "applicant_officer")


def default_path() -> Path:
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "spo" / "profile.yaml"


def locate(option: Path | None, must_exist: bool = True) -> Path | None:
    """The profile in use: the option, $SPO_PROFILE, or the default one if it exists."""
    named = option or (Path(os.environ["SPO_PROFILE"]) if os.environ.get("SPO_PROFILE")
                       else None)
    if named is not None:
        if must_exist and not named.is_file():
            raise UsageError(f"the profile {named.name} does not exist; write it with "
                             "spo profile --profile FILE")
        return named
    default = default_path()
    return default if default.is_file() or not must_exist else None


def problems(path: Path) -> list[Issue]:
    """The schema's issues in the profile's own sections, and any key a profile cannot hold."""
    document = load_case_file(path)
    if document.problems:
        problem = document.problems[0]
        raise CaseError(f"the profile {path.name}, line {problem.line}: {problem.message}")
    data = document.data
    found = [i for i in schema.validate(Case(data))
             if i.path.split(".")[0].split("[")[0] in KEYS[1:]]
    found += [Issue("profile", Severity.ERROR, str(key), None, None,
                    "is not part of a profile (it holds force and applicant_officer only)",
                    schema.SOURCE) for key in data if key not in KEYS]
    return found


def checked(path: Path | None) -> Path | None:
    """The profile, refused with every wrong field path if the schema rejects it."""
    if path is None:
        return None
    wrong = problems(path)
    if wrong:
        raise CaseError(f"the profile {path.name} has errors:\n  " + "\n  ".join(
            f"{i.path} {i.message}" for i in wrong))
    return path


def profile_interview(path: Path, asker: Asker | None) -> list[Issue]:
    """`spo profile`: ask the force's and the officer's details (the current ones offered
    when the profile exists) and save them; returns the profile's remaining issues."""
    document = RoundTrip.open(path)
    existed = path.exists()
    interview = Interview(document, asker, {})
    workflow = load_workflow("profile", SECTIONS)
    interview.workflow, interview.kind = workflow, "profile"
    if not existed:
        document.save()
    for number in range(len(workflow.sections)):
        interview.walk_section(number, editing=existed and asker is not None)
    if interview.missing:
        from .errors import MissingAnswersError

        raise MissingAnswersError(interview.missing)
    return problems(path)


def summary(path: Path) -> dict[str, Any]:
    """Which sections the profile fills (for the message after writing it)."""
    return {k: v for k, v in load_case_file(path).data.items() if k in KEYS[1:]}
