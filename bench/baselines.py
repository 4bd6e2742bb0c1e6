"""Baselines the benchmarks compare against."""

from __future__ import annotations

import shutil
import subprocess
import time
from pathlib import Path

from spo_cli import pdf


def one_soffice_per_document(documents: list[Path], folder: Path) -> float:
    """Seconds to convert each DOCX with its own `soffice --convert-to pdf` process (and its
    own fresh profile), the way a simple script does it."""
    soffice = pdf.find_soffice()
    start = time.perf_counter()
    for number, document in enumerate(documents):
        profile = folder / f"profile{number}"
        subprocess.run([soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless",
                        "--convert-to", "pdf", "--outdir", str(folder / "per-file"),
                        str(document)], capture_output=True, check=False, timeout=300,
                       cwd=folder)  # its pkcs11.txt lands there, not in the checkout
        shutil.rmtree(profile, ignore_errors=True)
    elapsed = time.perf_counter() - start
    made = len(list((folder / "per-file").glob("*.pdf")))
    assert made >= len(documents), f"the baseline made {made} of {len(documents)} PDFs"
    return elapsed
