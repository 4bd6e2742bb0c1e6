"""Reading files that come from outside (case files, answers, templates, exhibits, CSV
manifests) with the size known before a byte is read.

Only regular files are read: a FIFO would block forever, a device (/dev/zero) never ends, and
a sparse file can declare many GiB. The size is taken from the open descriptor (fstat), so a
file swapped after the check is still bounded, and the read itself stops at the limit.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path


class Refused(Exception):
    """The file is not read; the message says why without quoting it."""


def read_bounded(path: Path, limit: int) -> bytes:
    """The bytes of the regular file `path`, refusing anything else or anything over `limit`."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except FileNotFoundError:
        raise Refused("the file does not exist") from None
    except IsADirectoryError:
        raise Refused("this is a folder, not a file") from None
    except (OSError, ValueError) as exc:  # ValueError: a NUL in the name
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else "a bad name"
        raise Refused(f"the file cannot be read ({reason})") from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise Refused("this is a folder, not a file")
        if not stat.S_ISREG(info.st_mode):
            raise Refused("this is not a regular file (a pipe, socket or device)")
        if info.st_size > limit:
            raise Refused(f"the file is larger than {_size(limit)}")
        os.set_blocking(fd, True)
        with os.fdopen(fd, "rb", closefd=False) as handle:
            data = handle.read(limit + 1)
    except OSError as exc:
        raise Refused(f"the file cannot be read ({exc.strerror or 'error'})") from None
    finally:
        os.close(fd)
    if len(data) > limit:  # it grew after fstat
        raise Refused(f"the file is larger than {_size(limit)}")
    return data


def _size(limit: int) -> str:
    return f"{limit >> 20} MiB" if limit >= 1 << 20 else f"{limit >> 10} KiB"
