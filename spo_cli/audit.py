"""The audit log (Data Protection Act 2018 s.62 style): one append-only JSON line for every
operation that reads or produces case data. Each entry carries the hash of the one before,
so a deleted or edited line is detected; a head file beside the log (`<log>.head`) holds the
count and the last line's hash, so a truncated tail or a re-forged chain is detected too, as
long as the head is not rewritten with them (keep the hash `spo audit --verify` prints
somewhere else for that). Entries hold no personal data: the command, the OS user, validated
case references and file hashes, output names and hashes, and the outcome.

The log lives at $SPO_AUDIT_LOG, else the user's state folder ($XDG_STATE_HOME/spo, else
~/.local/state/spo), never in the current folder. If it cannot be written, the operation
does not start.
"""

from __future__ import annotations

import contextlib
import getpass
import hashlib
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from . import __version__
from .errors import AuditError, OutputError, SpoError
from .outputs import locked, private_dir, write_atomic

GENESIS = "0" * 64


@dataclass
class Entry:
    """What one command did."""

    command: str
    cases: list[dict[str, str]] = field(default_factory=list)
    outputs: dict[str, str] = field(default_factory=dict)
    outcome: str = "ok"
    counts: dict[str, int] = field(default_factory=dict)  # batch: cases done, skipped, failed


MAX_LINE = 64 * 1024  # one entry; a longer line is not ours


def log_path() -> Path:
    """$SPO_AUDIT_LOG, else $XDG_STATE_HOME/spo/audit.jsonl, else
    ~/.local/state/spo/audit.jsonl."""
    configured = os.environ.get("SPO_AUDIT_LOG")
    if configured:
        return Path(configured)
    state = os.environ.get("XDG_STATE_HOME")
    base = Path(state) if state and Path(state).is_absolute() else \
        Path.home() / ".local" / "state"
    return base / "spo" / "audit.jsonl"


def head_path(path: Path) -> Path:
    """The head file of a log: {"count": N, "last": sha256 of line N}."""
    return path.with_name(path.name + ".head")


def ready(path: Path) -> None:
    """Make sure an entry can be added before the operation starts: the folder exists and is
    private, and the log and its head are regular files (or absent) that can be opened."""
    try:
        try:
            private_dir(path.parent, tighten_existing=False)
        except OutputError:
            raise OSError(20, os.strerror(20)) from None
        for target in (path, head_path(path)):
            if target.exists() and not target.is_file():
                raise AuditError("the audit log (or its head file) is not a regular file; "
                                 "nothing was done", hint="set SPO_AUDIT_LOG to a file path")
            fd = os.open(target, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
            os.close(fd)
    except OSError as exc:
        raise AuditError(f"the audit log cannot be written ({exc.strerror or 'error'}); "
                         "nothing was done", hint="set SPO_AUDIT_LOG to a writable file") \
            from None


def hashes(files: list[Path]) -> dict[str, str]:
    """Output names (form ids, never personal) and their sha256."""
    return {f"{f.parent.name}/{f.name}": hashlib.sha256(f.read_bytes()).hexdigest()
            for f in files if f.is_file()}


def case_facts(path: Path) -> dict[str, str]:
    """A case file as the log records it: its sha256 and reference, never its name. A
    reference is recorded only when it has the schema's form (anything else may be text
    that is not a reference at all)."""
    from .input_files import Refused, read_bounded
    from .yaml_io import MAX_BYTES, decode, load_case_text

    try:
        raw = read_bounded(path, MAX_BYTES)
    except Refused:
        return {"sha256": "", "reference": ""}
    try:
        application = load_case_text(decode(raw)).data.get("application")
        reference = application.get("reference") if isinstance(application, dict) else None
    except SpoError:
        reference = None
    from .schema import is_reference

    return {"sha256": hashlib.sha256(raw).hexdigest(),
            "reference": str(reference) if is_reference(reference) else ""}


@contextlib.contextmanager
def recorded(command: str, cases: list[Path]) -> Iterator[Entry]:
    """Record the command when it ends, whatever the outcome (the error's kind, never its
    text), then let any exception go on. The log is checked first: an operation whose entry
    could not be written is never started."""
    path = log_path()
    ready(path)
    entry = Entry(command, [case_facts(p) for p in cases])
    try:
        yield entry
    except KeyboardInterrupt:
        entry.outcome = "interrupted"
        raise
    except SpoError as exc:
        entry.outcome = f"failed: {type(exc).__name__}"
        raise
    except BaseException as exc:
        entry.outcome = f"failed: {type(exc).__name__}"
        raise
    finally:
        try:
            append(path, entry)
        except OSError as exc:  # the operation is done: say so, and that it is not logged
            raise AuditError(f"the operation finished but its audit entry could not be "
                             f"written ({exc.strerror or 'error'})") from None


def append(path: Path, entry: Entry) -> None:
    """Add one line, chained to the last, under an exclusive lock."""
    private_dir(path.parent)
    with locked(path.parent):
        previous = _last_hash(path)
        record = {
            "time": datetime.now(UTC).isoformat(timespec="seconds"),
            "user": _user(), "spo": __version__, "command": entry.command,
            "cases": entry.cases, "outputs": dict(sorted(entry.outputs.items())),
            "outcome": entry.outcome, "counts": entry.counts, "prev": previous,
        }
        line = (json.dumps(record, sort_keys=True) + "\n").encode("utf-8")
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            if os.write(fd, line) != len(line):
                raise OSError(28, os.strerror(28))
            os.fsync(fd)
        finally:
            os.close(fd)
        count = _count(path)
        head = {"count": count, "last": hashlib.sha256(line[:-1]).hexdigest()}
        write_atomic(head_path(path), (json.dumps(head) + "\n").encode())


def _user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return str(os.getuid()) if hasattr(os, "getuid") else "unknown"


def _last_hash(path: Path) -> str:
    """The hash of the log's last line, read from its end (the log grows for years)."""
    if not path.is_file():
        return GENESIS
    with path.open("rb") as handle:
        size = handle.seek(0, os.SEEK_END)
        handle.seek(max(0, size - MAX_LINE - 1))
        lines = handle.read().splitlines()
    return hashlib.sha256(lines[-1]).hexdigest() if lines else GENESIS


def _count(path: Path) -> int:
    """Lines in the log, counted in blocks."""
    total = 0
    with path.open("rb") as handle:
        while block := handle.read(1 << 20):
            total += block.count(b"\n")
    return total


def entries(path: Path, since: datetime | None = None) -> list[dict[str, Any]]:
    """The log's entries (optionally from `since`); a line that is not an entry is skipped
    here (`verify` reports it)."""
    if not path.is_file():
        return []
    rows = []
    with path.open("rb") as handle:
        for line in handle:
            row = _entry(line.rstrip(b"\n"))
            if row is not None and (since is None or _time(row) >= since):
                rows.append(row)
    return rows


@dataclass
class Verdict:
    """The outcome of `verify`: the first bad line (0: none) and why, the count and the last
    hash (for the operator to keep somewhere else)."""

    problem: str = ""
    line: int = 0
    count: int = 0
    last: str = GENESIS


def verify(path: Path) -> Verdict:
    """Check every line is an entry chained to the one before, and that the log ends where
    its head file says. The first problem is reported with its line."""
    if not path.is_file():
        return Verdict("there is no audit log at this path (or it is not a file)")
    verdict, previous = Verdict(), GENESIS
    with path.open("rb") as handle:
        for number, line in enumerate(handle, 1):
            if not line.endswith(b"\n"):
                return Verdict("the last line is cut off (the log was truncated)", number)
            line = line[:-1]
            row = _entry(line)
            if row is None:
                return Verdict("this line is not an audit entry", number)
            if row["prev"] != previous:
                return Verdict("the chain is broken here (a line before it was edited, "
                               "removed or added)", number)
            previous = hashlib.sha256(line).hexdigest()
            verdict.count, verdict.last = number, previous
    return _against_head(path, verdict)


def _against_head(path: Path, verdict: Verdict) -> Verdict:
    try:
        head = json.loads(head_path(path).read_bytes()[:4096])
        count, last = int(head["count"]), str(head["last"])
    except (OSError, ValueError, KeyError, TypeError):
        return Verdict("the head file (count and last hash) is missing or unreadable, so a "
                       "truncated or re-forged log cannot be ruled out", verdict.count + 1)
    if count != verdict.count:
        return Verdict(f"the head file records {count} entries but the log has "
                       f"{verdict.count} (entries were removed or added at the end)",
                       min(count, verdict.count) + 1)
    if last != verdict.last:
        return Verdict("the last entry differs from the one the head file records (the log "
                       "was edited or re-forged)", verdict.count)
    return verdict


_FIELDS = {"time": str, "user": str, "spo": str, "command": str, "cases": list,
           "outputs": dict, "outcome": str, "counts": dict, "prev": str}


def _entry(line: bytes) -> dict[str, Any] | None:
    """The entry on a line, or None if the line is not one of ours."""
    if len(line) > MAX_LINE:
        return None
    try:
        row = json.loads(line)
    except (ValueError, RecursionError):
        return None
    if not isinstance(row, dict) or any(not isinstance(row.get(k), t)
                                        for k, t in _FIELDS.items()):
        return None
    try:
        _time(row)
    except ValueError:
        return None
    return row


def _time(row: dict[str, Any]) -> datetime:
    moment = datetime.fromisoformat(row["time"])
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
