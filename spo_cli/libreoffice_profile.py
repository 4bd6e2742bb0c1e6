"""The LibreOffice profile of a conversion: private to the job, and offline from its first
start (no linked content fetched, no link updates, no macros, every proxy pointed at the
discard port).

A new profile costs LibreOffice about 0.35 s to set up at its first start, so the first
profile that converted successfully is kept as a template in spo's private cache folder
(0700, per LibreOffice installation) and each job starts from a copy of it. The template is
input like any other: used only if its folder is private, copied file by file (regular files
only, size-bounded), and the copy is used only if every offline setting is in it; a profile
that names a document path is never kept.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import stat
import tempfile
from pathlib import Path

from . import compile_cache

MAX_TEMPLATE_FILE = 8 * 1024 * 1024   # bytes; a warm profile's files are a few KB each
MAX_TEMPLATE_TOTAL = 32 * 1024 * 1024

# LibreOffice must never fetch or run anything a document asks for: linked images and
# frames (BlockUntrustedRefererLinks; every proxy pointed at the discard port), link updates,
# macros. Written before the profile's first start, so it is in force from the first document.
_OFFLINE = (
    ("org.openoffice.Office.Common/Security/Scripting", "BlockUntrustedRefererLinks",
     "boolean", "true"),
    ("org.openoffice.Office.Common/Security/Scripting", "DisableMacrosExecution",
     "boolean", "true"),
    ("org.openoffice.Office.Common/Security/Scripting", "MacroSecurityLevel", "int", "3"),
    ("org.openoffice.Office.Writer/Content/Update", "Link", "int", "0"),
    ("org.openoffice.Office.Calc/Content/Update", "Link", "int", "0"),
    ("org.openoffice.Inet/Settings", "ooInetProxyType", "int", "1"),
    ("org.openoffice.Inet/Settings", "ooInetHTTPProxyName", "string", "127.0.0.1"),
    ("org.openoffice.Inet/Settings", "ooInetHTTPProxyPort", "int", "9"),
    ("org.openoffice.Inet/Settings", "ooInetHTTPSProxyName", "string", "127.0.0.1"),
    ("org.openoffice.Inet/Settings", "ooInetHTTPSProxyPort", "int", "9"),
    ("org.openoffice.Inet/Settings", "ooInetNoProxy", "string", ""),
)


def offline_profile(profile: Path) -> None:
    """Write the offline settings into a LibreOffice profile that does not have them yet."""
    target = profile / "user" / "registrymodifications.xcu"
    if target.exists():
        return
    items = "".join(
        f'<item oor:path="/{path}"><prop oor:name="{name}" oor:op="fuse">'
        f"<value>{value}</value></prop></item>" for path, name, _, value in _OFFLINE)
    target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    target.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<oor:items '
        'xmlns:oor="http://openoffice.org/2001/registry" '
        'xmlns:xs="http://www.w3.org/2001/XMLSchema" '
        f'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">{items}</oor:items>\n',
        encoding="utf-8")


def _settings_present(profile: Path) -> bool:
    try:
        text = (profile / "user" / "registrymodifications.xcu").read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    return all(f'oor:path="/{path}"><prop oor:name="{name}"' in text and
               f"<value>{value}</value>" in text for path, name, _, value in _OFFLINE)


def prepare(profile: Path, soffice: str) -> None:
    """Make `profile` ready for a start: a copy of the warm template if a trusted one exists,
    else a new profile; offline either way."""
    template = _template(soffice)
    if template is not None and template.is_dir() and not profile.exists():
        try:
            _copy(template, profile)
        except OSError:
            shutil.rmtree(profile, ignore_errors=True)
        if not _settings_present(profile):
            shutil.rmtree(profile, ignore_errors=True)
    offline_profile(profile)


def remember(profile: Path, soffice: str, job: Path) -> None:
    """Keep `profile`, which just converted successfully, as the template if there is none
    yet and it is plainly ours: offline settings in place, no path of the job in any file."""
    template = _template(soffice)
    if template is None or template.exists() or not _settings_present(profile):
        return
    marker = str(job).encode()
    with contextlib.suppress(OSError):
        for path in profile.rglob("*"):
            if path.is_file() and marker in path.read_bytes():
                return
        staging = Path(tempfile.mkdtemp(prefix=".profile-", dir=template.parent))
        try:
            _copy(profile, staging / "profile")
            os.rename(staging / "profile", template)  # fails if another job was first
        except OSError:
            pass
        finally:
            shutil.rmtree(staging, ignore_errors=True)


def _template(soffice: str) -> Path | None:
    """Where the warm profile of this LibreOffice installation is kept, or None (no cache)."""
    where = compile_cache.folder("libreoffice")
    if where is None:
        return None
    try:
        real = os.path.realpath(soffice)
        version = f"{real}:{os.stat(real).st_mtime_ns}"
    except OSError:
        return None
    return where / hashlib.sha256(version.encode()).hexdigest()[:16]


def _copy(source: Path, target: Path) -> None:
    """Copy a profile tree: folders and regular files only (no links, devices or pipes), each
    file and the whole within their bounds; folders 0700, files 0600."""
    total = 0
    target.mkdir(mode=0o700, parents=True)
    for folder, folders, files in os.walk(source, followlinks=False):
        here = target / os.path.relpath(folder, source)
        for name in folders:
            if stat.S_ISDIR(os.lstat(os.path.join(folder, name)).st_mode):
                (here / name).mkdir(mode=0o700)
        for name in files:
            info = os.lstat(os.path.join(folder, name))
            if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_TEMPLATE_FILE:
                continue
            total += info.st_size
            if total > MAX_TEMPLATE_TOTAL:
                raise OSError("the profile template is too large")
            shutil.copyfile(os.path.join(folder, name), here / name, follow_symlinks=False)
            os.chmod(here / name, 0o600)


def ipc_socket(profile: Path) -> str:
    """The name of the single-instance socket LibreOffice makes for a profile: the MD5 of the
    profile's URL in UTF-16, each byte in hex without padding (LibreOffice's own naming)."""
    digest = hashlib.md5(profile.as_uri().encode("utf-16-le"), usedforsecurity=False).digest()
    return f"OSL_PIPE_{os.getuid()}_SingleOfficeIPC_" + "".join(format(b, "x") for b in digest)


def remove_ipc_socket(profile: Path) -> None:
    """A LibreOffice that was stopped leaves that socket in /tmp (whatever TMPDIR says). The
    profile is spo's own, so no other LibreOffice uses it: removed once ours has ended."""
    for folder in ("/tmp", "/var/tmp"):
        path = Path(folder) / ipc_socket(profile)
        with contextlib.suppress(OSError):
            found = path.lstat()
            if stat.S_ISSOCK(found.st_mode) and found.st_uid == os.getuid():
                path.unlink()


def remove_ipc_sockets_under(folder: Path) -> None:
    """The sockets of every profile in a job or batch folder that is being swept."""
    for profile in [*folder.glob("w*/profile"), *folder.glob("worker-*")]:
        remove_ipc_socket(profile)
