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
from . import cases, documents, info, orders, params, report  # noqa: F401  (register the commands)
from .common import app, printable

__all__ = ["app", "main"]


def main() -> None:
    """Entry point: run the app and turn every outcome into the contract's exit code."""
    _reopen_closed_streams()
    for stream in (sys.stdout, sys.stderr):  # a narrow console encoding must not crash a run
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")
    if hasattr(signal, "SIGXFSZ"):  # a file-size limit becomes an error we report, not a kill
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    for name in ("SIGTERM", "SIGHUP"):  # like Ctrl-C: every clean-up on the way out runs
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), _interrupt)
    try:
        command = typer.main.get_command(app)
        params.install(command)
        code = command(standalone_mode=False)
        if code == 130:  # typer turns KeyboardInterrupt (and so SIGTERM/SIGHUP) into Exit(130)
            print("spo: interrupted", file=sys.stderr)
    except SpoError as exc:
        print(f"spo: {printable(str(exc))}", file=sys.stderr)
        code = exc.exit_code
    except BrokenPipeError:  # `spo check ... | head -1`: the reader has gone; stop quietly
        _silence_stdout()
        code = 141
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
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        _silence_stdout()
        code = 141
    sys.exit(code if isinstance(code, int) else 0)


def _reopen_closed_streams() -> None:
    """A run started with stdin, stdout or stderr closed (`<&-`) sees /dev/null there: no
    terminal, nothing to read, and no crash on the first print."""
    for name, mode in (("stdin", "r"), ("stdout", "w"), ("stderr", "w")):
        if getattr(sys, name) is None:
            setattr(sys, name, open(os.devnull, mode, encoding="utf-8"))  # noqa: SIM115


def _interrupt(number: int, frame: object) -> None:
    """SIGTERM and SIGHUP end a run as Ctrl-C does (temp files, .part files and staged
    folders are removed on the way out)."""
    signal.signal(number, signal.SIG_IGN)  # a second signal must not interrupt the clean-up
    raise KeyboardInterrupt


def _silence_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's final flush cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
