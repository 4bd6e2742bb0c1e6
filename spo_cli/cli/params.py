"""Command-line values converted without pydantic, so `spo check` does not pay ~200 ms for it.

typer 0.29 converts every parameter through a pydantic TypeAdapter, which imports pydantic
and builds an adapter per parameter on every run. spo's parameters are only text, paths,
integers and flags (and optional or list forms of them), which need no pydantic. For those we
give typer a converter of our own; anything else (or a typer that no longer has the hook)
falls back to typer's own conversion, so a typer change costs speed, never correctness.
tests/test_startup.py fails if the hook stops being used.
"""

from __future__ import annotations

import contextlib
import types
import typing
from pathlib import Path
from typing import Any

SIMPLE = (str, Path, int)


def install(command: Any) -> int:
    """Give every simple parameter of `command` (a click command or group, recursively)
    spo's converter; returns how many parameters got it."""
    try:
        from typer._coercion import RuntimeParam
        from typer.core import _TyperParameter
    except ImportError:  # typer moved its internals: keep its own (slower) conversion
        return 0
    converter = _converter_class(RuntimeParam)
    done = 0
    for param in _params(command):
        if not isinstance(param, _TyperParameter) or param._runtime_param is not None:
            continue
        descriptor = param.type_descriptor
        target = _simple(descriptor.annotation)
        if target is None or descriptor.file_annotation is not None or \
                descriptor.parameter_info.parser is not None or descriptor.is_choice or \
                descriptor.parameter_info.min is not None or \
                descriptor.parameter_info.max is not None:  # ranges: typer's own messages
            continue
        param._runtime_param = converter(parameter_info=descriptor.parameter_info,
                                         annotation=descriptor.annotation, target=target)
        done += 1
    return done


def _params(command: Any) -> list[Any]:
    """Every parameter, including the --help option typer makes on first use."""
    from typer._click import Context

    found = list(getattr(command, "params", []))
    with contextlib.suppress(Exception):  # only a speed-up: never fail the command for it
        found.append(command.get_help_option(Context(command)))
    for sub in getattr(command, "commands", {}).values():
        found += _params(sub)
    return found


def _simple(annotation: Any) -> tuple[str, type] | None:
    """('one'|'list', type) for str, Path, int, bool, their Optional and list forms."""
    if annotation in (*SIMPLE, bool):
        return ("one", annotation)
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin in (typing.Union, types.UnionType) and len(args) == 2 and type(None) in args:
        inner = next(a for a in args if a is not type(None))
        return _simple(inner)
    if origin is list and len(args) == 1 and args[0] in SIMPLE:
        return ("list", args[0])
    return None


def _converter_class(base: type) -> type:
    from dataclasses import dataclass

    from typer import BadParameter

    @dataclass(frozen=True)
    class Converter(base):  # type: ignore[misc]  # a base chosen at run time
        target: tuple[str, type] = ("one", str)

        def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
            shape, kind = self.target
            if shape == "list":
                return [_one(kind, item, param, ctx) for item in value]
            return _one(kind, value, param, ctx)

    def _one(kind: type, value: Any, param: Any, ctx: Any) -> Any:
        if isinstance(value, kind) and not (kind is int and isinstance(value, bool)):
            return value
        if kind is bool:
            return _flag(value, param, ctx)
        try:
            return kind(value) if kind is not int else int(str(value).strip())
        except (TypeError, ValueError):
            name = "an integer" if kind is int else "a path" if kind is Path else "text"
            raise BadParameter(f"must be {name}", ctx=ctx, param=param) from None

    def _flag(value: Any, param: Any, ctx: Any) -> bool:
        text = str(value).strip().lower()
        if text in ("1", "true", "t", "yes", "y", "on"):
            return True
        if text in ("0", "false", "f", "no", "n", "off"):
            return False
        raise BadParameter("must be true or false", ctx=ctx, param=param)

    return Converter
