"""The report's cache (sqlite3): each case file's extracted facts, keyed by its path and
checked against its size, mtime_ns and sha256; and the last charts, keyed by their inputs.

Decision: the sha256 decides. A file whose size and mtime match is still read and hashed,
because a same-size edit within one timestamp tick, or a copy that restores the old mtime
(cp -p, rsync -t, unzip), would otherwise keep stale facts in a performance record; reading
and hashing a case file costs about a hundredth of parsing it. Size and mtime let a file that
was only touched or copied be re-used without parsing (same sha256, new stat), and are kept so
`spo report` can say what changed. Rows carry the extractor's version: a new version re-reads.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import OutputError

_SCHEMA = """
CREATE TABLE IF NOT EXISTS files (
    path TEXT PRIMARY KEY,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    version TEXT NOT NULL,
    status TEXT NOT NULL,          -- ok | unreadable | invalid
    facts TEXT                     -- JSON of facts.CaseFacts when ok
);
CREATE TABLE IF NOT EXISTS charts (
    key TEXT PRIMARY KEY,          -- sha256 of the chart's name and inputs
    version TEXT NOT NULL,
    svg TEXT NOT NULL
);
"""


@dataclass(frozen=True)
class Entry:
    """What the index knows of one file."""

    size: int
    mtime_ns: int
    sha256: str
    status: str
    facts: dict[str, Any] | None


class FactIndex:
    """An open index; use `FactIndex.open(path, version)` as a context manager."""

    def __init__(self, connection: sqlite3.Connection, version: str) -> None:
        self._db = connection
        self._version = version

    @classmethod
    @contextlib.contextmanager
    def open(cls, path: Path, version: str) -> Iterator[FactIndex]:
        """Open (or create, 0600) the index; commit on success. A corrupt or foreign file is
        replaced: it only ever holds what can be extracted again."""
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        os.close(fd)
        os.chmod(path, 0o600)
        connection = _connect(path)
        try:
            yield cls(connection, version)
            connection.commit()
        finally:
            connection.close()

    def entries(self) -> dict[str, Entry]:
        """Every entry made by this version, by path (one query: a warm run reads them all)."""
        rows = self._db.execute("SELECT path, size, mtime_ns, sha256, status, facts FROM files "
                                "WHERE version = ?", (self._version,))
        return {row[0]: Entry(row[1], row[2], row[3], row[4],
                              json.loads(row[5]) if row[5] else None) for row in rows}

    def put(self, path: str, entry: Entry) -> None:
        """Store (or replace) the entry for `path`."""
        self._db.execute(
            "INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?, ?, ?)",
            (path, entry.size, entry.mtime_ns, entry.sha256, self._version, entry.status,
             json.dumps(entry.facts, sort_keys=True) if entry.facts is not None else None))

    def chart(self, key: str) -> str | None:
        """A chart drawn before from the same inputs by this version, or None."""
        row = self._db.execute("SELECT svg FROM charts WHERE key = ? AND version = ?",
                               (key, self._version)).fetchone()
        return row[0] if row else None

    def keep_charts(self, charts: dict[str, str]) -> None:
        """Store these charts and forget every other (the index does not grow run by run)."""
        self._db.execute("DELETE FROM charts")
        self._db.executemany("INSERT INTO charts VALUES (?, ?, ?)",
                             [(k, self._version, svg) for k, svg in charts.items()])

    def keep_only(self, paths: set[str], folder: str) -> int:
        """Forget files under `folder` that are no longer there (other folders' rows stay);
        returns how many were forgotten."""
        prefix = folder.rstrip(os.sep) + os.sep
        stored = {row[0] for row in self._db.execute("SELECT path FROM files")
                  if row[0].startswith(prefix)}
        gone = stored - paths
        self._db.executemany("DELETE FROM files WHERE path = ?", [(p,) for p in gone])
        return len(gone)


def _connect(path: Path) -> sqlite3.Connection:
    for attempt in (1, 2):
        connection = sqlite3.connect(path, isolation_level="DEFERRED")
        try:
            connection.execute("PRAGMA journal_mode = DELETE")
            connection.execute("PRAGMA synchronous = NORMAL")
            connection.executescript(_SCHEMA)
            return connection
        except sqlite3.DatabaseError:
            connection.close()
            if attempt == 2:
                raise OutputError("the report index cannot be used or replaced") from None
            path.unlink(missing_ok=True)  # not a database (or corrupt): start again
            fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600)
            os.close(fd)
    raise AssertionError("unreachable")
