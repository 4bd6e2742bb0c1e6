"""Writing outputs: private folders (0700), private files (0600), atomic replacement, and
paths that cannot leave the output root."""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

try:
    import fcntl
except ImportError:  # Windows: no advisory locks; atomic renames still protect each file
    fcntl = None  # type: ignore[assignment]  # None: the module is absent here

from .errors import OutputError


def private_dir(path: Path, tighten_existing: bool = True) -> Path:
    """Create `path` (and missing parents) as 0700 folders; an existing `path` with looser
    permissions is tightened to 0700 (it will hold case documents)."""
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
    if tighten_existing:
        tighten(path)
    return path


def tighten(path: Path, mode: int = 0o700) -> None:
    """Take group and other bits away from `path` if it has any (and we own it)."""
    with contextlib.suppress(OSError):
        if os.stat(path).st_mode & 0o077:
            os.chmod(path, mode)


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


@contextlib.contextmanager
def staged(folder: Path) -> Iterator[Path]:
    """All or nothing for a whole folder: yield a private copy of `folder` to write into; when
    the block ends normally the copy takes the folder's place in one rename exchange, so a
    reader sees the old set of files or the new one, never a mix. On any failure (or a signal)
    the copy is removed and `folder` is exactly as it was. Hold `locked_name` around this."""
    parent = folder.parent
    for stale in parent.glob(f".spo-stage-{folder.name}-*"):  # a killed run's copy
        shutil.rmtree(stale, ignore_errors=True)
    stage = Path(tempfile.mkdtemp(prefix=f".spo-stage-{folder.name}-", dir=parent))
    try:
        for item in folder.iterdir():
            if item.is_file() and not item.is_symlink() and not item.name.startswith(".spo-"):
                shutil.copy2(item, stage / item.name)
        yield stage
        sync_dir(stage)
        _exchange(stage, folder)
        sync_dir(parent)
    finally:
        shutil.rmtree(stage, ignore_errors=True)  # after the exchange: the old files


def _exchange(new: Path, old: Path) -> None:
    """Swap two folders atomically (Linux renameat2), else rename old aside, then new in."""
    if _renameat2 is not None and \
            _renameat2(-100, os.fsencode(new), -100, os.fsencode(old), 2) == 0:  # EXCHANGE
        return
    aside = new.with_name(new.name + "-old")
    os.rename(old, aside)
    try:
        os.rename(new, old)
    except BaseException:
        os.rename(aside, old)
        raise
    os.rename(aside, new)  # removed by the caller with the stage


def _load_renameat2() -> Any:  # a ctypes function, or None where libc has none
    try:
        import ctypes
        import ctypes.util

        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        function = libc.renameat2
        function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p,
                             ctypes.c_uint]
        return function
    except (OSError, AttributeError):
        return None


_renameat2 = _load_renameat2()


@contextlib.contextmanager
def locked_name(folder: Path) -> Iterator[None]:
    """An exclusive lock for writing `folder`, held on a lock file beside it (the folder
    itself is swapped by `staged`, so it cannot carry the lock)."""
    fd = os.open(folder.parent / f".{folder.name}.lock", os.O_RDWR | os.O_CREAT, 0o600)
    try:
        if fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def sha256_file(path: Path) -> str:
    """The file's sha256."""
    return hashlib.sha256(path.read_bytes()).hexdigest()
