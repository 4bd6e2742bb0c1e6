"""Tasks. `nox` runs the default sessions (lint, tests); CI runs exactly that."""

from __future__ import annotations

import nox

nox.options.default_venv_backend = "venv"
nox.options.reuse_existing_virtualenvs = True
nox.options.sessions = ["lint", "tests"]


@nox.session
def lint(session: nox.Session) -> None:
    """ruff: errors, imports, bugbear, modern syntax."""
    session.install("ruff>=0.8")
    session.run("ruff", "check", "spo_cli", "tests", "bench", "noxfile.py", "fixtures")


@nox.session
def tests(session: nox.Session) -> None:
    """The whole test suite against an editable install."""
    session.install("-e", ".[test]")
    session.run("pytest", *session.posargs)


@nox.session
def demo(session: nox.Session) -> None:
    """The main job on the bundled fixtures: check every case file."""
    session.install("-e", ".")
    session.run("spo", "check", *sorted(str(p) for p in __import__("pathlib").Path(
        "fixtures").glob("*.yaml")))


@nox.session
def bench(session: nox.Session) -> None:
    """Benchmarks: cases/s for spo check and start-up time, against baselines."""
    session.install("-e", ".")
    session.run("python", "bench/check.py", *session.posargs)


@nox.session
def fixtures(session: nox.Session) -> None:
    """Regenerate fixtures/invalid/*.yaml after a base fixture changed."""
    session.run("python", "fixtures/invalid/generate.py")
