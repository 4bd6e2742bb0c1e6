"""Installs the system programs and fonts the test suite needs, when they are missing.

Run by `nox -s tests` before pytest (and so by the README's test command and by CI):
LibreOffice converts the forms to PDF, poppler reads the PDFs back, the fonts cover Latin,
Welsh, Polish, Irish, Arabic and CJK text, and Debian's chromium opens HTML reports. Only the
missing Debian packages are installed (`apt-get`, through sudo when not root). When they cannot
be installed it stops at once, printing the exact command to run, and exits non-zero.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

# (Debian package, how to tell it is there): a program on PATH or a font family fc-list knows
PROGRAMS = [("libreoffice-writer-nogui", "soffice"), ("poppler-utils", "pdffonts"),
            ("poppler-utils", "pdftoppm"), ("chromium", "chromium"),
            ("fontconfig", "fc-list")]
FONTS = [("fonts-liberation2", "Liberation Sans"), ("fonts-dejavu-core", "DejaVu Sans"),
         ("fonts-noto-core", "Noto Sans Arabic"), ("fonts-noto-cjk", "Noto Sans CJK")]
APT = ["apt-get", "install", "-y", "-q", "--no-install-recommends"]


def missing() -> list[str]:
    """The Debian packages to install, in a stable order, without repeats."""
    need = [package for package, program in PROGRAMS if not shutil.which(program)]
    families = _font_families()
    need += [package for package, family in FONTS if family not in families]
    return list(dict.fromkeys(need))


def _font_families() -> str:
    if not shutil.which("fc-list"):
        return ""
    done = subprocess.run(["fc-list", ":", "family"], capture_output=True, text=True,
                          check=False, timeout=60)
    return done.stdout


def _prefix() -> list[str] | None:
    """[] as root, ["sudo", "-n"] when sudo works without a password, else None."""
    if os.geteuid() == 0:
        return []
    if shutil.which("sudo") and subprocess.run(["sudo", "-n", "true"], capture_output=True,
                                               check=False).returncode == 0:
        return ["sudo", "-n"]
    return None


def install(packages: list[str]) -> int:
    command = " ".join(["sudo", *APT, *packages])
    prefix = _prefix()
    if prefix is None or not shutil.which("apt-get"):
        why = "no apt-get here" if not shutil.which("apt-get") else "not root and no sudo"
        print(f"system_deps: missing {', '.join(packages)} ({why}). Install them with:\n"
              f"  sudo apt-get update && {command}", file=sys.stderr)
        return 1
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    print(f"system_deps: installing {' '.join(packages)}", file=sys.stderr)
    for step in (["apt-get", "update", "-q"], [*APT, *packages]):
        if subprocess.run([*prefix, *step], env=env, check=False).returncode != 0:
            print(f"system_deps: `{' '.join(step)}` failed. Install them with:\n"
                  f"  sudo apt-get update && {command}", file=sys.stderr)
            return 1
    still = missing()
    if still:
        print(f"system_deps: still missing after apt-get: {', '.join(still)}",
              file=sys.stderr)
        return 1
    return 0


def main(argv: list[str]) -> int:
    need = missing()
    if not need:
        return 0
    if "--check" in argv:
        print(f"system_deps: missing {' '.join(need)}", file=sys.stderr)
        return 1
    return install(need)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
