"""Tasks. `nox` runs the default sessions (lint, tests); CI runs exactly that."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import nox

nox.options.default_venv_backend = "venv"
nox.options.reuse_existing_virtualenvs = True
nox.options.sessions = ["lint", "tests"]


@nox.session
def lint(session: nox.Session) -> None:
    """ruff (errors, imports, bugbear, modern syntax), then mypy over spo_cli/ (its settings
    are in pyproject.toml, [tool.mypy])."""
    session.install("ruff>=0.8", "mypy>=1.13", "-e", ".")
    session.run("ruff", "check", "spo_cli", "tests", "bench", "noxfile.py", "fixtures",
                "templates", "tools")
    session.run("mypy")


@nox.session
def tests(session: nox.Session) -> None:
    """The whole test suite against an editable install. First installs the system programs
    and fonts it needs when they are missing (tools/system_deps.py: apt-get, with sudo when
    not root); when it cannot, it stops with the exact command to run."""
    session.run("python", "tools/system_deps.py")
    session.install("-e", ".[test]")
    if session.posargs:  # a selection of one's own: one plain pytest call
        session.run("pytest", *session.posargs)
        return
    # The suite on one worker per core (at most 4), then the leftovers check, which must see
    # the whole run: both calls share one run folder (tests/conftest.py), removed at the end.
    run_tmp = tempfile.mkdtemp(prefix="pytest-spo-run-")
    env = {"SPO_TEST_RUN_TMP": run_tmp}
    try:
        session.run("pytest", "-n", str(min(4, os.cpu_count() or 1)), "-m", "not last",
                    env=env)
        session.run("pytest", "-m", "last", env=env)
    finally:
        shutil.rmtree(run_tmp, ignore_errors=True)


@nox.session
def demo(session: nox.Session) -> None:
    """The main job on the bundled fixtures: check every case, render its forms (DOCX) to out/."""
    session.install("-e", ".")
    cases = sorted(str(p) for p in Path("fixtures").glob("*.yaml"))
    session.run("spo", "check", *cases)
    for case in cases:
        session.run("spo", "render", case, "--draft", "--out", "out", *session.posargs)
    folders = sorted(p.name for p in Path("out").iterdir() if p.is_dir())
    session.log(f"{len(cases)} cases rendered: the documents are in {Path('out').resolve()}/ "
                f"({', '.join(folders)})")


@nox.session
def bench(session: nox.Session) -> None:
    """Benchmarks: cases/s for spo check and start-up time, rendering, a new case's first
    bundle, batch and spo report (cold and warm over 10,000 files), each against a baseline
    in the same run."""
    session.install("-e", ".")
    # An installed spo has its bytecode compiled (pip does it); an editable one would compile
    # every module at every start where PYTHONDONTWRITEBYTECODE is set, timing Python, not spo.
    session.run("python", "-m", "compileall", "-q", "spo_cli")
    session.run("python", "bench/check.py", *session.posargs)
    session.run("python", "bench/render.py")
    session.run("python", "bench/bundle.py", "--rounds", "3")
    session.run("python", "bench/batch.py")
    session.run("python", "bench/report.py")


@nox.session
def templates(session: nox.Session) -> None:
    """Rebuild templates/forms/*.docx from templates/make_forms.py, then lint them."""
    session.install("-e", ".")
    session.run("python", "templates/make_forms.py")
    session.run("spo", "templates", "check")


@nox.session
def golden(session: nox.Session) -> None:
    """Rewrite tests/golden/ from the current rendering; review with git diff."""
    session.install("-e", ".[test]")
    session.run("pytest", "tests/test_render.py", "--update-golden", "-q")


@nox.session
def fixtures(session: nox.Session) -> None:
    """Regenerate fixtures/invalid/*.yaml after a base fixture changed."""
    session.run("python", "fixtures/invalid/generate.py")


@nox.session
def docs(session: nox.Session) -> None:
    """Write docs/case-file.md from the schemas and the rule and form registries."""
    session.install("-e", ".")
    session.run("python", "-c", "from pathlib import Path; from spo_cli.reference_text import "
                "markdown; Path('docs/case-file.md').write_text(markdown(), encoding='utf-8')")
