"""The `spo` command line: parse, call one library function, print, map errors to exit codes.

Heavy libraries are imported inside commands so that `spo --help` starts fast. Commands live
in one module per group; importing them registers them on the app.
"""

from __future__ import annotations

import os
import signal
import sys

import typer

from ..errors import SpoError
from . import cases, documents, info, orders, report  # noqa: F401  (register the commands)
from .common import EXIT_CODES, app, printable

__all__ = ["app", "main"]


def main() -> None:
    """Entry point: run the app and turn every outcome into the contract's exit code."""
    for stream in (sys.stdout, sys.stderr):  # a narrow console encoding must not crash a run
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")
    if hasattr(signal, "SIGXFSZ"):  # a file-size limit becomes an error we report, not a kill
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    try:
        code = app(standalone_mode=False)
    except SpoError as exc:
        print(f"spo: {printable(str(exc))}", file=sys.stderr)
        code = next(c for kind, c in EXIT_CODES if isinstance(exc, kind))
    except OSError as exc:  # disk full, file too large, permission: nothing was half-written
        reason = os.strerror(exc.errno) if exc.errno else type(exc).__name__
        print(f"spo: could not write an output ({reason}); earlier outputs are unchanged",
              file=sys.stderr)
        code = 4
    except typer.TyperException as exc:  # usage errors: unknown option, bad value
        exc.show()  # type: ignore[attr-defined]
        code = 2
    except (KeyboardInterrupt, typer.Abort):
        print("spo: interrupted", file=sys.stderr)
        code = 130
    sys.exit(code if isinstance(code, int) else 0)
