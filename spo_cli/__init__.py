"""spo: prepares Stalking Protection Order applications from YAML case files."""

from __future__ import annotations

__version__ = "0.1.0"
__all__ = ["__version__", "check_file", "check_files"]


def __getattr__(name: str) -> object:  # noqa: ANN202 - keep `import spo_cli` (and `spo --help`) light
    if name in ("check_file", "check_files"):
        from . import check

        return getattr(check, name)
    raise AttributeError(name)
