"""Force templates are untrusted code: they run in Jinja's immutable sandbox, and their
syntax tree is checked before use.

The sandbox stops attribute walks to Python internals (`__class__`, `__globals__`, ...) and
any mutation; the globals Jinja adds (`cycler`, `joiner`, `namespace`, `range`, `lipsum`,
`dict`) are removed, and template loading (`include`, `import`, `extends`) has no loader
to read from. The lint (`problems`) works on the parsed tree, so spacing, aliases or
string tricks cannot hide `|safe`, an autoescape switch, `Markup` or a subscript that uses a
case value as a key (which would put that value in an error message).
"""

from __future__ import annotations

from functools import cache
from typing import Any

# filters that would let a value out unescaped, or name a variable by a value
_UNSAFE_FILTERS = {"safe": "the 'safe' filter", "forceescape": None, "xmlattr": None,
                   "attr": "the 'attr' filter", "map": "the 'map' filter",
                   "selectattr": None, "rejectattr": None, "groupby": None, "sort": None,
                   "unique": None, "min": None, "max": None, "sum": None}
_FORBIDDEN_NODES = {"Include": "include", "Import": "import", "FromImport": "import",
                    "Extends": "extends", "Macro": "macro", "CallBlock": "call blocks",
                    "Block": "blocks", "ScopedEvalContextModifier": "autoescape blocks",
                    "EvalContextModifier": "autoescape changes", "Assign": "set",
                    "AssignBlock": "set blocks", "Call": "function calls",
                    "MarkSafe": "markup", "MarkSafeIfAutoescape": "markup",
                    "ContextReference": "the template context",
                    "DerivedContextReference": "the template context"}
_FORBIDDEN_NAMES = {"self", "cycler", "joiner", "namespace", "range", "lipsum", "dict",
                    "markup", "Markup", "loop_context", "caller", "varargs", "kwargs"}


@cache
def environment() -> Any:
    """The one sandboxed Jinja environment for every form (autoescape on, strict undefined
    values named by their path, no globals, no loader)."""
    from jinja2 import StrictUndefined
    from jinja2.sandbox import ImmutableSandboxedEnvironment
    from jinja2.utils import missing

    class NamedUndefined(StrictUndefined):
        @property
        def _undefined_message(self) -> str:
            path = getattr(self._undefined_obj, "spo_path", "")
            if self._undefined_obj is missing or not path:
                return f"'{self._undefined_name}' is undefined"
            return f"'{path}.{self._undefined_name}' is undefined"

    env = ImmutableSandboxedEnvironment(autoescape=True, undefined=NamedUndefined,
                                        keep_trailing_newline=True)
    env.globals.clear()
    return env


def problems(source: str) -> list[str]:
    """Unsafe constructs in a template's source, found in its parsed tree."""
    from jinja2 import TemplateSyntaxError, nodes

    try:
        tree = environment().parse(source)
    except TemplateSyntaxError:
        return []  # compiling reports syntax errors with their line
    found: list[str] = []
    for node in tree.find_all(nodes.Node):
        kind = type(node).__name__
        line = getattr(node, "lineno", 0)
        if kind == "Filter" or kind == "FilterBlock":
            filters = _filter_names(node)
            for name in filters:
                if name in _UNSAFE_FILTERS:
                    found.append(f"line {line}: {_UNSAFE_FILTERS[name] or f'the {name!r} filter'}"
                                 " is not allowed")
        elif kind in _FORBIDDEN_NODES and not _allowed(node):
            what = _FORBIDDEN_NODES[kind]
            if "autoescape" in what:
                what += " that do not keep autoescape true"
            found.append(f"line {line}: {what} is not allowed")
        elif kind == "Name" and node.name in _FORBIDDEN_NAMES:
            found.append(f"line {line}: the name {node.name!r} is not allowed")
        elif kind == "Getattr" and node.attr.startswith("_"):
            found.append(f"line {line}: attributes starting with '_' are not allowed")
        elif kind == "Getitem" and not isinstance(node.arg, nodes.Const):
            found.append(f"line {line}: a subscript must be a fixed key or number, not a "
                         "value from the case")
        elif kind == "Getitem" and isinstance(node.arg.value, str) \
                and node.arg.value.startswith("_"):
            found.append(f"line {line}: keys starting with '_' are not allowed")
    return list(dict.fromkeys(found))


def _filter_names(node: Any) -> list[str]:
    from jinja2 import nodes

    if isinstance(node, nodes.FilterBlock):
        names: list[str] = []
        current: Any = node.filter
        while isinstance(current, nodes.Filter):
            names.append(current.name)
            current = current.node
        return names
    return [node.name]


def _allowed(node: Any) -> bool:
    """`{% autoescape true %}` changes nothing; `loop.cycle(...)` is the one call a form
    needs. Everything else in _FORBIDDEN_NODES is refused."""
    from jinja2 import nodes

    if isinstance(node, (nodes.ScopedEvalContextModifier, nodes.EvalContextModifier)):
        return all(o.key == "autoescape" and isinstance(o.value, nodes.Const)
                   and o.value.value is True for o in node.options)
    return isinstance(node, nodes.Call) and isinstance(node.node, nodes.Getattr) \
        and isinstance(node.node.node, nodes.Name) and node.node.node.name == "loop" \
        and node.node.attr == "cycle"
