"""Each module imports only from its own layer or below (DEVELOPERS.md, 'How the code should
look'); nothing imports the CLI."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "spo_cli"
LAYERS = {
    "cli": 1, "prompts": 1, "__main__": 1,
    "workflow": 2, "interview": 2, "build": 2, "documents": 2, "authorisation": 2,
    "lifecycle": 2, "batch": 2, "audit": 2, "clocks": 3, "law": 3, "terms": 3,
    "asking": 2, "sitting": 2, "profile": 2, "review": 2, "typed": 3,
    "model": 3, "rules": 3, "schema": 3, "forms": 3,
    "yaml_io": 4, "yaml_edit": 4, "render": 4, "pdf": 4, "outputs": 4,
    "report": 2, "facts": 3, "performance": 3,
    "report_index": 4, "report_charts": 4, "report_formats": 4,
}
SHARED = {"errors", "resources", "__init__"}
THIRD_PARTY = {  # which layer-4 adapter (or CLI module) may import each wrapped library
    "typer": {"cli"}, "questionary": {"prompts"}, "ruamel": {"yaml_io", "yaml_edit"},
    "cerberus": {"schema"}, "docxtpl": {"render"}, "jinja2": {"render"}, "lxml": {"render"},
    "pypdf": {"pdf"}, "matplotlib": {"report_charts"}, "sqlite3": {"report_index"},
}


def module_of(path: Path) -> str:
    rel = path.relative_to(PACKAGE).with_suffix("")
    return rel.parts[0]


def imports(path: Path) -> list[tuple[str, int]]:
    """(imported top-level name inside spo_cli or third party, line)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom):
            if node.level:  # relative: resolve against the package
                depth = len(path.relative_to(PACKAGE).parts) - node.level
                base = list(path.relative_to(PACKAGE).parts[:depth])
                target = [*base, *(node.module or "").split(".")] if node.module else base
                names = [target[0]] if target and target[0] else [a.name for a in node.names]
                found += [(n, node.lineno) for n in names]
            else:
                found.append((node.module.split(".")[0], node.lineno))
        elif isinstance(node, ast.Import):
            found += [(a.name.split(".")[0], node.lineno) for a in node.names]
    return found


def test_imports_go_downwards_and_libraries_stay_in_their_adapter():
    problems = []
    for path in sorted(PACKAGE.rglob("*.py")):
        me = module_of(path)
        for name, line in imports(path):
            where = f"{path.relative_to(PACKAGE)}:{line} imports {name}"
            if name in LAYERS and me in LAYERS and LAYERS[name] < LAYERS[me]:
                problems.append(f"{where} (upwards)")
            if name in LAYERS and me in SHARED - {"__init__"}:
                problems.append(f"{where} (shared modules import nothing back)")
            if name in THIRD_PARTY and me not in THIRD_PARTY[name]:
                problems.append(f"{where} (only {THIRD_PARTY[name]} may)")
    assert problems == []


def test_every_module_has_a_layer():
    assert {module_of(p) for p in PACKAGE.rglob("*.py")} <= set(LAYERS) | SHARED
