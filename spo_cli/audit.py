"""The audit log (Data Protection Act 2018 s.62 style): one append-only JSON line for every
operation that reads or produces case data. Each entry carries the hash of the one before,
so a deleted or edited line is detected. Entries hold no personal data: the command, the
OS user, case references and file hashes, output names and hashes, and the outcome.
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
from .errors import SpoError
from .outputs import locked, private_dir

GENESIS = "0" * 64


@dataclass
class Entry:
    """What one command did."""

    command: str
    cases: list[dict[str, str]] = field(default_factory=list)
    outputs: dict[str, str] = field(default_factory=dict)
    outcome: str = "ok"
    counts: dict[str, int] = field(default_factory=dict)  # batch: cases done, skipped, failed


def log_path(out: Path | None = None) -> Path:
    """$SPO_AUDIT_LOG, else OUT/audit.jsonl (beside the outputs; OUT defaults to ./out)."""
    configured = os.environ.get("SPO_AUDIT_LOG")
    return Path(configured) if configured else (out or Path("out")) / "audit.jsonl"


def hashes(files: list[Path]) -> dict[str, str]:
    """Output names (form ids, never personal) and their sha256."""
    return {f"{f.parent.name}/{f.name}": hashlib.sha256(f.read_bytes()).hexdigest()
            for f in files if f.is_file()}


def case_facts(path: Path) -> dict[str, str]:
    """A case file as the log records it: its sha256 and reference, never its name."""
    from .yaml_io import load_case_file

    try:
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return {"sha256": "", "reference": ""}
    try:
        reference = (load_case_file(path).data.get("application") or {}).get("reference")
    except SpoError:
        reference = None
    return {"sha256": digest, "reference": str(reference) if isinstance(reference, str) else ""}


@contextlib.contextmanager
def recorded(command: str, cases: list[Path], out: Path | None = None) -> Iterator[Entry]:
    """Record the command when it ends, whatever the outcome (the error's kind, never its
    text), then let any exception go on."""
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
        append(log_path(out), entry)


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
        line = json.dumps(record, sort_keys=True) + "\n"
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            os.write(fd, line.encode("utf-8"))
            os.fsync(fd)
        finally:
            os.close(fd)


def _user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return str(os.getuid()) if hasattr(os, "getuid") else "unknown"


def _last_hash(path: Path) -> str:
    if not path.is_file():
        return GENESIS
    lines = path.read_bytes().splitlines()
    return hashlib.sha256(lines[-1]).hexdigest() if lines else GENESIS


def entries(path: Path, since: datetime | None = None) -> list[dict[str, Any]]:
    """The log's entries (optionally from `since`)."""
    if not path.is_file():
        return []
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    if since:
        rows = [r for r in rows if datetime.fromisoformat(r["time"]) >= since]
    return rows


def verify(path: Path) -> list[int]:
    """Line numbers whose chain link is broken (a line before was edited or removed)."""
    broken, previous = [], GENESIS
    for number, line in enumerate(path.read_bytes().splitlines(), 1):
        try:
            link = json.loads(line).get("prev")
        except ValueError:
            link = None
        if link != previous:
            broken.append(number)
        previous = hashlib.sha256(line).hexdigest()
    return broken
