"""An on-disk cache of compiled templates, so a one-shot `spo render` does not spend ~60 ms per
form re-parsing and re-compiling templates that have not changed (and of spo's own bundled
YAML files as JSON, so `spo check` does not re-parse its schemas at every start).

An entry is the Python code Jinja generated for each part of one template and its member names
(marshal, never pickle: marshal builds only plain values and code objects, no arbitrary
classes). It is written only after the template passed the package checks, so a hit also
stands for that verdict on the same bytes and the package is not unzipped again. It is keyed by the
template's sha256, spo's version, Jinja's version, the environment class and the Python
bytecode magic. The cache folder is input like any other: it is used only if it is a real
folder owned by this user with no access for anyone else (0700), each entry must be a regular
file owned by this user that nobody else can write, within a size bound, with a checksum that
matches; anything else is ignored and the template is compiled as if there were no cache.
Code in the cache runs with the user's rights, which is the same trust Python gives to its
own __pycache__ folders next to spo's modules. SPO_CACHE=off turns the cache off.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import marshal
import os
import stat
import sys
import tempfile
import types
from pathlib import Path
from typing import Any, NamedTuple

MAGIC = b"SPO-TEMPLATE-CACHE-2\n"
MAX_ENTRY = 32 * 1024 * 1024  # bytes; the largest built-in entry is well under 1 MB


def folder(name: str = "templates") -> Path | None:
    """A private cache folder (created 0700) under spo's, or None if it cannot be trusted or
    made."""
    if os.environ.get("SPO_CACHE", "").lower() in ("off", "0", "no") or \
            not hasattr(os, "getuid"):
        return None
    base = os.environ.get("XDG_CACHE_HOME") or ""
    root = Path(base) if os.path.isabs(base) else Path.home() / ".cache"
    path = root / "spo" / name
    try:
        for part in (root / "spo", path):
            with contextlib.suppress(FileExistsError):
                part.mkdir(mode=0o700, parents=part == root / "spo")
            if not _private(os.lstat(part), want_dir=True):
                return None
    except (OSError, RuntimeError):  # no home, read-only file system: just no cache
        return None
    return path


def _private(info: os.stat_result, want_dir: bool) -> bool:
    kind = stat.S_ISDIR(info.st_mode) if want_dir else stat.S_ISREG(info.st_mode)
    loose = 0o077 if want_dir else 0o022
    return kind and info.st_uid == os.getuid() and not info.st_mode & loose


def key(template_sha256: str, version: str, flavour: str) -> str:
    """The entry name for a template under this spo version, environment (see `flavour`) and
    Python."""
    parts = (template_sha256, version, flavour,
             importlib.util.MAGIC_NUMBER.hex(), sys.implementation.cache_tag or "")
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


class Entry(NamedTuple):
    """A template's entry: the code of each rendered part, the variables the template uses,
    and its member names in order (stored only once the package checks have passed)."""

    parts: dict[str, types.CodeType]
    variables: frozenset[str]
    order: tuple[str, ...]


def load(name: str) -> Entry | None:
    """The template's entry from the cache, or None for a miss or a bad entry."""
    payload = load_bytes(name)
    return None if payload is None else _decode(payload, name)


def load_bytes(name: str) -> bytes | None:
    """An entry's payload if the entry is trustworthy and its checksum matches."""
    where = folder()
    if where is None:
        return None
    try:
        fd = os.open(where / name, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    try:
        with os.fdopen(fd, "rb") as handle:
            info = os.fstat(handle.fileno())
            if not _private(info, want_dir=False) or info.st_size > MAX_ENTRY:
                return None
            data = handle.read(MAX_ENTRY + 1)
    except OSError:
        return None
    head = len(MAGIC)
    if not data.startswith(MAGIC) or len(data) < head + 32:
        return None
    digest, payload = data[head:head + 32], data[head + 32:]
    return payload if hashlib.sha256(payload).digest() == digest else None


def _decode(payload: bytes, name: str) -> Entry | None:
    try:
        entry = marshal.loads(payload)
    except (ValueError, EOFError, TypeError):
        return None
    if not (isinstance(entry, dict) and entry.get("key") == name
            and isinstance(entry.get("parts"), dict)
            and isinstance(entry.get("variables"), list)
            and isinstance(entry.get("order"), list)
            and all(isinstance(k, str) and isinstance(v, types.CodeType)
                    for k, v in entry["parts"].items())
            and all(isinstance(v, str) for v in entry["variables"] + entry["order"])
            and set(entry["parts"]) <= set(entry["order"])):
        return None
    return Entry(dict(entry["parts"]), frozenset(entry["variables"]), tuple(entry["order"]))


def store(name: str, entry: Entry) -> None:
    """Save a template's entry (see `store_bytes`)."""
    store_bytes(name, marshal.dumps({"key": name, "parts": entry.parts,
                                     "variables": sorted(entry.variables),
                                     "order": list(entry.order)}))


def store_bytes(name: str, payload: bytes) -> None:
    """Save an entry atomically (0600); a cache that cannot be written is simply not used."""
    where = folder()
    if where is None:
        return
    data = MAGIC + hashlib.sha256(payload).digest() + payload
    try:
        fd, temp = tempfile.mkstemp(dir=where, prefix=".part-")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(temp, where / name)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temp)
            raise
    except OSError:
        return


def flavour(environment: Any, jinja_version: str) -> str:
    """What the generated code depends on besides the template: Jinja's version, the
    environment's class and the settings that change code generation."""
    cls = type(environment)
    autoescape = environment.autoescape
    return ":".join((jinja_version, cls.__module__, cls.__qualname__,
                     str(autoescape) if isinstance(autoescape, bool) else "callable",
                     str(environment.keep_trailing_newline), str(environment.optimized)))
