"""Where the bundled schemas, templates and workflows are."""

from __future__ import annotations

import os
from pathlib import Path

from .errors import ResourceError

_PACKAGE = Path(__file__).resolve().parent


def resource_dir(name: str) -> Path:
    """The folder `name` (schemas, templates, workflows), from $SPO_RESOURCES, the installed
    wheel or the checkout, in that order."""
    candidates = []
    if os.environ.get("SPO_RESOURCES"):
        candidates.append(Path(os.environ["SPO_RESOURCES"]) / name)
    candidates += [_PACKAGE / "_resources" / name, _PACKAGE.parent / name]
    for path in candidates:
        if path.is_dir():
            return path
    raise ResourceError(f"the bundled '{name}' folder is missing; reinstall spo")
