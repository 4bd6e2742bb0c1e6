"""Shared helpers: fixture lists, expectations from headers, and running the real CLI."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
SHARED = ROOT.parent / "shared"

# The whole run (this process, every `spo` it starts and their LibreOffice) uses one private
# temp folder, so the last test can tell what this run left there even on a shared machine;
# it is removed when the run ends. The audit entries go to a throwaway log inside it.
# `nox -s tests` runs the suite on two workers and then the leftovers check in a second
# pytest call: both name the same folder in SPO_TEST_RUN_TMP, and the second removes it.
# Each parallel worker has a folder of its own inside it (tests look for their own processes).
SYSTEM_TMP = tempfile.gettempdir()
SHARED_RUN = bool(os.environ.get("SPO_TEST_RUN_TMP"))
RUN_ROOT = (Path(os.environ["SPO_TEST_RUN_TMP"]) if SHARED_RUN
            else Path(tempfile.mkdtemp(prefix="pytest-spo-run-")))
RUN_ROOT.mkdir(mode=0o700, exist_ok=True)
RUN_TMP = RUN_ROOT / os.environ.get("PYTEST_XDIST_WORKER", "")
RUN_TMP.mkdir(mode=0o700, exist_ok=True)
os.environ["TMPDIR"] = tempfile.tempdir = str(RUN_TMP)
os.environ.setdefault("SPO_AUDIT_LOG", str(RUN_TMP / "audit" / "audit.jsonl"))
# Nor is the developer's own force profile read: a test names its profile when it wants one.
os.environ["XDG_CONFIG_HOME"] = str(RUN_TMP / "config")
os.environ.pop("SPO_PROFILE", None)

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
    kwargs.setdefault("timeout", 120)
    return subprocess.run([sys.executable, "-m", "spo_cli", *map(str, args)], cwd=cwd,
                          capture_output=True, text=True, encoding=encoding,
                          **kwargs)


def ids(paths: list[Path]) -> list[str]:
    """Test ids: file names."""
    return [p.name for p in paths]


def git_state() -> tuple[str, dict[str, str]] | None:
    """`git status --porcelain` of the checkout and a digest of each dirty file, or None when
    this is not a git checkout (an sdist, a copy)."""
    import hashlib

    try:
        done = subprocess.run(["git", "status", "--porcelain", "--untracked-files=all"],
                              cwd=ROOT, capture_output=True, text=True, timeout=60)
    except OSError:
        return None
    if done.returncode or not (ROOT / ".git").exists():
        return None
    digests = {}
    for line in done.stdout.splitlines():
        path = ROOT / line[3:].split(" -> ")[-1].strip('"')
        digests[line] = (hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file()
                         else "")
    return done.stdout, digests


def _git_at_start() -> tuple[str, dict[str, str]] | None:
    """The checkout as the run found it: the first pytest call of a shared run keeps it in
    the run folder for the leftovers check that follows."""
    import json

    kept = RUN_ROOT / "git-at-start.json"
    if kept.exists():
        state = json.loads(kept.read_text())
        return None if state is None else (state[0], state[1])
    state = git_state()
    kept.write_text(json.dumps(state))
    return state


GIT_AT_START = _git_at_start()


def office_sockets() -> set[str]:
    """LibreOffice's single-instance sockets of this user in /tmp (made whatever TMPDIR says)."""
    return {p.name for p in Path("/tmp").glob(f"OSL_PIPE_{os.getuid()}_SingleOfficeIPC_*")}


def _sockets_at_start() -> set[str]:
    """Those sockets as the run found them (kept for the leftovers call, like the git state)."""
    import json

    kept = RUN_ROOT / "office-sockets-at-start.json"
    if kept.exists():
        return set(json.loads(kept.read_text()))
    found = office_sockets()
    kept.write_text(json.dumps(sorted(found)))
    return found


SOCKETS_AT_START = _sockets_at_start()


def pytest_collection_modifyitems(config, items):
    """Tests marked `last` run after every other test. On parallel workers they cannot run
    last, so they are left out there (`nox -s tests` runs them in a pytest call of their own)."""
    if hasattr(config, "workerinput") or config.getoption("numprocesses", None):
        kept = [item for item in items if item.get_closest_marker("last") is None]
        if len(kept) != len(items):
            config.hook.pytest_deselected(items=[i for i in items if i not in kept])
            items[:] = kept
    items.sort(key=lambda item: item.get_closest_marker("last") is not None)


def pytest_sessionfinish(session):
    import shutil

    # The run folder goes with the run: in a shared run, with the call that checks leftovers.
    last_call = not SHARED_RUN or session.config.getoption("markexpr", "") == "last"
    worker = hasattr(session.config, "workerinput")
    if last_call and not worker and not os.environ.get("SPO_KEEP_TEST_TMP"):
        shutil.rmtree(RUN_ROOT, ignore_errors=True)


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true",
                     help="rewrite tests/golden/ from the current rendering")


@pytest.fixture
def update_golden(request) -> bool:
    return request.config.getoption("--update-golden")


def docx_all_text(data: bytes) -> str:
    """Everything python-docx can see: body paragraphs, table cells, headers and footers."""
    import io

    import docx

    document = docx.Document(io.BytesIO(data))
    out = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            out += [cell.text for cell in row.cells]
    for section in document.sections:
        for part in (section.header, section.footer):
            out += [p.text for p in part.paragraphs]
    return "\n".join(out)


def case_copy(folder: Path, fixture: str, *edits: tuple[str, str]) -> Path:
    """A fixture copied (with its exhibits folder) into `folder`, each edit applied once."""
    import shutil

    text = (FIXTURES / fixture).read_text(encoding="utf-8")
    for old, new in edits:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    target = folder / fixture
    target.write_text(text, encoding="utf-8")
    if not (folder / "exhibits").exists():
        shutil.copytree(FIXTURES / "exhibits", folder / "exhibits")
    return target


def wait_for_libreoffice(tmpdir: Path) -> None:
    """LibreOffice runs in its own session: after a SIGKILL of spo it finishes on its own.
    Wait (bounded) until no process mentions `tmpdir`."""
    import time

    for _ in range(120):
        ps = subprocess.run(["ps", "-eo", "args"], capture_output=True, text=True).stdout
        if str(tmpdir) not in ps:
            return
        time.sleep(0.5)


def render_pairs() -> list[tuple[Path, str]]:
    """(fixture, form id) for every applicable form of every valid fixture."""
    from spo_cli.check import check_file
    from spo_cli.forms import forms_for

    pairs = []
    for path in VALID:
        case = check_file(path).case
        pairs += [(path, form.id) for form in forms_for(case)]
        if case.get("transfer"):
            pairs.append((path, "transfer"))
    return pairs


@pytest.fixture
def as_of() -> str:
    """A fixed 'today' for checks whose outcome depends on the date."""
    return "2026-11-23"
