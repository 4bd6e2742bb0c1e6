"""Each module imports only from its own layer or below, and only the libraries its job needs
(README, 'How the code looks'); nothing imports the CLI; no cycles; each module imports alone.

`problems(package)` is the checker; it runs on the real package and, to prove it catches what
it claims, on a temporary copy with bad imports added."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "spo_cli"
LAYERS = {
    "cli": 1, "prompts": 1, "__main__": 1,
    "workflow": 2, "interview": 2, "check": 2, "documents": 2, "authorisation": 2,
    "lifecycle": 2, "batch": 2, "batch_jobs": 2, "bundle": 2, "audit": 2,
    "clocks": 3, "law": 3, "terms": 3,
    "asking": 2, "item_lists": 2, "sitting": 2, "profile": 2, "review": 2, "typed": 3,
    "model": 3, "text_policy": 3, "rules": 3, "schema": 3, "forms": 3, "reference": 3,
    "reference_text": 3,
    "yaml_io": 4, "yaml_edit": 4, "render": 4, "pdf": 4, "outputs": 4,
    "report": 2, "facts": 3, "performance": 3,
    "report_index": 4, "report_charts": 4, "report_formats": 4,
    "compile_cache": 4, "zip_writer": 4,
    "docx_package": 4, "jinja_policy": 4, "libreoffice_profile": 4, "libreoffice_process": 4,
    "input_files": 4, "fonts": 4, "pdf_cells": 4,
}
SHARED = {"errors", "resources", "__init__"}  # below every layer; import nothing of spo_cli
FACADE = {"check"}  # what spo_cli/__init__ re-exports (lazily) as the library's entry point
# A cycle through a deferred (function-level) import, with the reason it is tolerated; a
# cycle of module-level imports is never allowed. Imports under `if TYPE_CHECKING:` are not
# imports at run time and take part in no cycle (they are still checked for layers).
DEFERRED_CYCLES = {
    # the bundle checklist lists the forms that apply, and the form registry registers it
    frozenset({"spo_cli.forms", "spo_cli.forms.checklist"}),
    # the bundled-data cache key reads spo's version from the package, whose lazy facade
    # (`spo_cli.check_file`) imports check only when asked for it
    frozenset({"spo_cli", "spo_cli.check", "spo_cli.schema", "spo_cli.yaml_io"}),
}
# The third-party libraries each module (or package: cli, rules, forms) may import; every
# other module imports only the standard library and spo_cli. One library, one adapter.
LIBRARIES = {
    "cli": {"typer", "rich", "click"}, "prompts": {"questionary", "prompt_toolkit"},
    "yaml_io": {"ruamel"}, "yaml_edit": {"ruamel"}, "schema": {"cerberus"},
    "render": {"docxtpl", "jinja2", "lxml"}, "jinja_policy": {"jinja2"}, "pdf": {"pypdf"},
    "pdf_cells": {"pypdf"},
    "report_charts": {"matplotlib"},
}
# standard-library modules wrapped by one adapter like a library
WRAPPED_STDLIB = {"sqlite3": {"report_index"}}
STDLIB = set(sys.stdlib_module_names) - set(WRAPPED_STDLIB)


def unit_of(module: str) -> str:
    """The layer unit of a dotted module name: spo_cli.rules.grounds -> rules."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def module_name(package: Path, path: Path) -> str:
    rel = path.relative_to(package.parent).with_suffix("")
    parts = rel.parts[:-1] if rel.name == "__init__" else rel.parts
    return ".".join(parts)


def _resolve(package: Path, base: str, name: str) -> str:
    """`from base import name`: the submodule base.name when it exists, else base itself."""
    folder = package.parent.joinpath(*f"{base}.{name}".split("."))
    return f"{base}.{name}" if folder.with_suffix(".py").exists() or \
        (folder / "__init__.py").exists() else base


Import = tuple[str, int, str]  # (imported module, line, when: "import", "deferred", "typing")


def _statements(node: ast.AST, when: str = "import"):
    """Every import statement under node, with when it runs: at import time, deferred (in a
    function), or never (under `if TYPE_CHECKING:`)."""
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.Import | ast.ImportFrom):
            yield child, when
        elif isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
            for inner in child.body:
                yield from _statements(ast.Module(body=[inner], type_ignores=[]), "typing")
            for inner in child.orelse:
                yield from _statements(ast.Module(body=[inner], type_ignores=[]), when)
        elif isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            yield from _statements(child, "typing" if when == "typing" else "deferred")
        else:
            yield from _statements(child, when)


def imports(package: Path, path: Path) -> list[Import]:
    """spo_cli modules as full dotted names, whether written relative or absolute; other
    libraries as their dotted name."""
    me = module_name(package, path)
    here = me if path.name == "__init__.py" else me.rpartition(".")[0]
    found = []
    for node, when in _statements(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(a.name, node.lineno, when) for a in node.names]
        elif node.module != "__future__":
            if node.level:
                anchor = here.split(".")[:len(here.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([node.module] if node.module else [])])
            else:
                base = node.module or ""
            if base.split(".")[0] == package.name:
                found += [(_resolve(package, base, a.name), node.lineno, when)
                          for a in node.names]
            else:
                found.append((base, node.lineno, when))
    return found


def graph(package: Path) -> dict[str, list[Import]]:
    return {module_name(package, p): imports(package, p) for p in sorted(package.rglob("*.py"))}


def problems(package: Path) -> list[str]:
    found, edges = [], graph(package)
    for me, targets in edges.items():
        mine = unit_of(me)
        if mine not in LAYERS and mine not in SHARED:
            found.append(f"{me} has no layer (add it to LAYERS in tests/test_layers.py)")
        for target, line, _ in targets:
            where = f"{me}:{line} imports {target}"
            top = target.split(".")[0]
            if top == package.name:
                theirs = unit_of(target)
                if mine == "__init__" and theirs in FACADE:
                    continue
                if mine in SHARED and theirs not in SHARED:
                    found.append(f"{where} (shared modules import nothing back)")
                elif theirs in LAYERS and mine in LAYERS and LAYERS[theirs] < LAYERS[mine]:
                    found.append(f"{where} (upwards)")
            elif top in WRAPPED_STDLIB and mine not in WRAPPED_STDLIB[top]:
                found.append(f"{where} (only {', '.join(sorted(WRAPPED_STDLIB[top]))} may)")
            elif top not in STDLIB | WRAPPED_STDLIB.keys() and \
                    top not in LIBRARIES.get(mine, set()):
                found.append(f"{where} (a library only {_owners(top)} may import)")
    at_import = cycles(edges, {"import"})
    found += [f"import cycle at import time: {' -> '.join(c)}" for c in at_import]
    found += [f"import cycle: {' -> '.join(c)}" for c in cycles(edges, {"import", "deferred"})
              if frozenset(c) not in DEFERRED_CYCLES and c not in at_import]
    return found


def _owners(library: str) -> str:
    return ", ".join(sorted(m for m, libs in LIBRARIES.items() if library in libs)) or "none"


def cycles(edges: dict[str, list[Import]], kinds: set[str]) -> list[list[str]]:
    """Import cycles between spo_cli modules through imports of these kinds (depth-first
    search; each cycle found once)."""
    found: list[list[str]] = []
    state: dict[str, str] = {}
    targets = {m: sorted({t for t, _, when in ts if t in edges and t != m and when in kinds})
               for m, ts in edges.items()}

    def visit(module: str, stack: list[str]) -> None:
        state[module] = "open"
        for target in targets[module]:
            if state.get(target) == "open":
                found.append([*stack[stack.index(target):], target])
            elif target not in state:
                visit(target, [*stack, target])
        state[module] = "done"

    for module in targets:
        if module not in state:
            visit(module, [module])
    return found


def test_the_package_keeps_its_layers_libraries_and_no_cycles():
    assert problems(PACKAGE) == []


def test_every_module_imports_alone_in_a_fresh_interpreter():
    modules = sorted(set(graph(PACKAGE)) - {"spo_cli.__main__"})  # __main__ runs the CLI

    def alone(module: str) -> tuple[str, str]:
        done = subprocess.run([sys.executable, "-c", f"import {module}"],
                              capture_output=True, text=True, timeout=120)
        return module, done.stderr.strip().splitlines()[-1] if done.returncode else ""

    with ThreadPoolExecutor(4) as pool:
        failed = {m: err for m, err in pool.map(alone, modules) if err}
    assert failed == {}


@pytest.mark.parametrize("file,line,expected", [
    ("model.py", "import rich", "spo_cli.model:1 imports rich (a library only cli may"),
    ("rules/grounds.py", "from spo_cli.cli import common",
     "spo_cli.rules.grounds:1 imports spo_cli.cli.common (upwards)"),
    ("law.py", "import spo_cli.workflow", "spo_cli.law:1 imports spo_cli.workflow (upwards)"),
    ("pdf.py", "from .render import compile_template",
     "import cycle at import time: "),
    ("errors.py", "from spo_cli import model", "spo_cli.errors:1 imports spo_cli.model "
                                               "(shared modules import nothing back)"),
    ("schema.py", "import lxml.etree", "spo_cli.schema:1 imports lxml.etree (a library only "
                                       "render may"),
])
def test_the_checker_catches_a_bad_import_added_to_a_copy(tmp_path, file, line, expected):
    copy = tmp_path / "spo_cli"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    assert problems(copy) == []
    target = copy / file
    target.write_text(f"{line}\n" + target.read_text(encoding="utf-8"), encoding="utf-8")
    if "cycle" in expected:  # and the other half of the cycle
        render = copy / "render.py"
        render.write_text("from . import pdf\n" + render.read_text(encoding="utf-8"),
                          encoding="utf-8")
    found = problems(copy)
    assert any(p.startswith(expected) and file[:-3].replace("/", ".") in p
               for p in found), found
