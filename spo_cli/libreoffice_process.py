"""A LibreOffice process of a conversion: started in a session of its own (so a signal to the
terminal's process group reaches spo, which decides), waited for within a timeout, and never
outliving the call: its whole process group is stopped when the call ends, however it ends.

The processes running are known here, so an interrupt (Ctrl-C, SIGTERM, a batch worker
told to stop) stops them at once instead of waiting for their conversions to finish.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import threading
import time
from pathlib import Path

from .errors import ConversionError

INSTALL_HINT = ("install LibreOffice (Debian/Ubuntu: apt-get install libreoffice-writer-nogui) "
                "or set SPO_SOFFICE to its soffice program; DOCX output needs nothing external")

_running: dict[subprocess.Popen[bytes], Path] = {}  # each process and its working folder
_lock = threading.Lock()


def run(command: list[str], env: dict[str, str], timeout: float, cwd: Path) -> None:
    """Run one LibreOffice to its end, or raise ConversionError (would not start, timed out)."""
    # cwd: LibreOffice's NSS writes pkcs11.txt into the working directory, never ours.
    # Its output is not read: DEVNULL, so nothing it writes can block or fail it.
    try:
        process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL, env=env, start_new_session=True,
                                   cwd=cwd)
    except OSError as exc:
        raise ConversionError(f"LibreOffice could not be started ({exc.strerror})",
                              hint=INSTALL_HINT) from None
    with _lock:
        _running[process] = cwd
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill_group(process)
        raise ConversionError(f"LibreOffice did not finish within {timeout:.0f} s and was "
                              "stopped") from None
    finally:
        # soffice.bin can outlive the launcher; nothing of ours may survive the call.
        _kill_group(process)
        with _lock:
            _running.pop(process, None)


def stop_all(within: Path) -> None:
    """Kill every LibreOffice this process is waiting on that works inside `within` (one
    conversion job; another thread's job is left alone): their calls then end at once."""
    with _lock:
        running = [p for p, cwd in _running.items() if cwd.is_relative_to(within)]
    for process in running:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, signal.SIGKILL)


def _kill_group(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM the launcher's whole process group, then SIGKILL whatever is left."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        process.poll()  # reap the launcher, so it does not count as alive
        if not _group_alive(process.pid):
            return
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, sig)
        deadline = time.monotonic() + 3
        while time.monotonic() < deadline and _group_alive(process.pid):
            process.poll()
            time.sleep(0.05)


def stop_working_in(folder: Path) -> bool:
    """Kill this user's processes still working in `folder` (a LibreOffice whose spo was
    killed carries on converting there, for nobody); True once none is left (within 3 s)."""
    orphans = working_in(folder)
    for pid in orphans:
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + 3
    while orphans and time.monotonic() < deadline:
        orphans = [pid for pid in orphans if _state(Path(f"/proc/{pid}")) not in (None, "Z")]
        time.sleep(0.02)
    return not orphans


def working_in(folder: Path) -> list[int]:
    """This user's processes that still work in `folder`: a LibreOffice whose spo was killed
    carries on converting there. Seen in its command line (the profile's path or URL) or its
    working directory (/proc; none found where there is no /proc)."""
    proc = Path("/proc")
    if not proc.is_dir():
        return []
    inside = f"{folder}/"
    needles = [inside.encode(), f"{folder.as_uri()}/".encode()]
    found = []
    for entry in proc.iterdir():
        with contextlib.suppress(OSError):
            if entry.name.isdigit() and entry.stat().st_uid == os.getuid() and \
                    (_mentions(entry, needles) or _works_in(entry, inside)):
                found.append(int(entry.name))
    return found


def _mentions(process: Path, needles: list[bytes]) -> bool:
    try:
        command = (process / "cmdline").read_bytes()
    except OSError:  # it has ended
        return False
    return any(needle in command for needle in needles)


def _works_in(process: Path, inside: str) -> bool:
    try:
        return f"{os.readlink(process / 'cwd')}/".startswith(inside)
    except OSError:  # it has ended, or is another user's
        return False


def _state(process: Path) -> str | None:
    """A /proc entry's state letter ("Z": a zombie), or None once it has gone."""
    try:
        return (process / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return None


def _group_alive(group: int) -> bool:
    """Whether any process of the group is still running (zombies do not count)."""
    proc = Path("/proc")
    if not proc.is_dir():
        try:
            os.killpg(group, 0)
        except (ProcessLookupError, PermissionError):
            return False
        return True
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[2]) == group and fields[0] != "Z":
            return True
    return False
