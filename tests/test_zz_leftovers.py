"""The suite leaves nothing behind: runs last (marked `last`; conftest sorts it to the end)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from conftest import (
    GIT_AT_START,
    RUN_ROOT,
    SOCKETS_AT_START,
    SYSTEM_TMP,
    git_state,
    office_sockets,
)

pytestmark = pytest.mark.last


def test_the_checkout_is_as_the_run_found_it():
    """`git status --porcelain` is empty after the run (when the checkout was clean before it;
    a developer's own uncommitted work is allowed, but nothing the run added or changed)."""
    if GIT_AT_START is None:
        pytest.skip("not a git checkout")
    now = git_state()
    assert now is not None
    if not GIT_AT_START[0] or os.environ.get("CI"):
        assert now[0] == "", f"the test run left files in the checkout:\n{now[0]}"
    else:
        added = {line: digest for line, digest in now[1].items()
                 if GIT_AT_START[1].get(line) != digest}
        assert added == {}, "the test run added or changed files in the checkout"


def test_no_spo_folder_is_left_in_the_temp_folder():
    """Every spo-* job, profile or staging folder that this run's spo made is gone (the
    run's own audit log folder is removed when the run ends)."""
    left = sorted(p.name for p in [*RUN_ROOT.glob("spo-*"), *RUN_ROOT.glob("gw*/spo-*")])
    assert left == []
    # and nothing of ours escaped to the system temp folder: no LibreOffice of this run alive
    ps = subprocess.run(["ps", "-eo", "args"], capture_output=True, text=True).stdout
    assert str(RUN_ROOT) not in ps, "a process started by this run is still running"
    assert Path(SYSTEM_TMP) != RUN_ROOT


def test_no_libreoffice_socket_is_left_in_the_system_temp_folder():
    """A LibreOffice that spo stopped (a timeout, a signal) leaves its socket in /tmp unless
    spo removes it; none may be added by the run."""
    assert office_sockets() - SOCKETS_AT_START == set()

