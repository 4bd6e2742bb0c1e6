"""Run nox with nothing but python3: `python3 tools/nox.py [nox arguments]`.

Debian's python3 has no pip and refuses system-wide installs (PEP 668), so this makes a
private virtual environment for nox under .nox/ (ignored by git), installing python3-venv
first when it is missing (tools/system_deps.py: apt-get, or the exact command to run), and
then runs nox in it with the given arguments. The `tests` session installs the rest.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".nox" / "_nox"


def main(argv: list[str]) -> int:
    os.chdir(ROOT)
    nox = VENV / "bin" / "nox"
    if not nox.exists():
        deps = subprocess.run([sys.executable, "tools/system_deps.py", "--python"], check=False)
        if deps.returncode:
            return deps.returncode
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
        subprocess.run([str(VENV / "bin" / "python"), "-m", "pip", "install", "--quiet",
                        "--disable-pip-version-check", "nox>=2024.10"], check=True)
    return subprocess.run([str(nox), *argv], check=False).returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
