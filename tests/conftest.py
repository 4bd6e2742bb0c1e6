"""Shared helpers: fixture lists, expectations from headers, and running the real CLI."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
SHARED = ROOT.parent / "shared"

VALID = sorted(FIXTURES.glob("*.yaml"))
INVALID = sorted((FIXTURES / "invalid").glob("*.yaml"))
HOSTILE = sorted((FIXTURES / "invalid" / "hostile").glob("*.yaml"))


def expected(path: Path) -> list[str]:
    """Rule ids a fixture declares: its `# expect:` header, or a sidecar `.expect` file."""
    sidecar = path.with_suffix(".expect")
    if sidecar.exists():
        return sorted(sidecar.read_text().split())
    match = re.search(rb"^# expect:(.*)$", path.read_bytes(), re.M)
    assert match, f"{path.name} has no '# expect:' header"
    return sorted(match.group(1).decode().split())


def spo(*args: str, cwd: Path | None = None, encoding: str = "utf-8",
        **kwargs) -> subprocess.CompletedProcess[str]:
    """Run the real `spo` in a fresh interpreter, capturing stdout and stderr as text."""
    return subprocess.run([sys.executable, "-m", "spo_cli", *map(str, args)], cwd=cwd,
                          capture_output=True, text=True, encoding=encoding, timeout=120,
                          **kwargs)


def ids(paths: list[Path]) -> list[str]:
    """Test ids: file names."""
    return [p.name for p in paths]


@pytest.fixture
def as_of() -> str:
    """A fixed 'today' for checks whose outcome depends on the date."""
    return "2026-11-23"
