"""Writing outputs: private folders (0700), private files (0600), atomic replacement, and
paths that cannot leave the output root."""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows: no advisory locks; atomic renames still protect each file
    fcntl = None  # type: ignore[assignment]  # None: the module is absent here

from .errors import SpoError


class OutputError(SpoError):
    """An output cannot be written where asked."""


def private_dir(path: Path) -> Path:
    """Create `path` (and missing parents) as 0700 folders."""
    missing = []
    for parent in [path, *path.parents]:
        if parent.exists():
            break
        missing.append(parent)
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=0o700)
        except FileExistsError:  # another worker made it a moment ago: that is fine
            continue
        os.chmod(folder, 0o700)  # the umask may have taken bits away
    if not path.is_dir():
        raise OutputError(f"the output folder {path.name} is not a folder")
    return path


def inside(root: Path, relative: str) -> Path:
    """root/relative, refusing anything that would resolve outside root."""
    target = (root / relative).resolve()
    if not target.is_relative_to(root.resolve()):
        raise OutputError("an output path would leave the output folder")
    return target


def write_atomic(path: Path, data: bytes, sync: bool = True) -> str:
    """Write via a temp file in the same folder, fsync, rename; returns the sha256. With
    sync=False the folder itself is not fsynced (a later write in it does that)."""
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=".spo-", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp)
        raise
    if sync:
        sync_dir(path.parent)
    return hashlib.sha256(data).hexdigest()


def sync_dir(folder: Path) -> None:
    """fsync a folder so a rename in it survives a crash."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


@contextlib.contextmanager
def locked(folder: Path) -> Iterator[None]:
    """Hold an exclusive lock on `folder` (two runs writing one case folder wait for each
    other) and sweep temp files a killed run left behind."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        if fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_EX)
        for stale in folder.glob(".spo-*.part"):
            with contextlib.suppress(FileNotFoundError):
                stale.unlink()
        yield
    finally:
        os.close(fd)  # closing releases the lock


def sha256_file(path: Path) -> str:
    """The file's sha256."""
    return hashlib.sha256(path.read_bytes()).hexdigest()
