"""The case-file schema (cerberus over `schemas/*.yaml`); the text policy (text_policy) applied
to every value.

Cerberus's own messages can quote the rejected value; we build ours from the error code and
the schema's constraint, so a message names the field and what it expects, never the value.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator, Mapping
from datetime import date
from functools import cache
from typing import Any

from .errors import ResourceError
from .model import Case, Issue, Path_, Severity, format_path
from .resources import resource_dir
from .text_policy import is_prose, prose_paths, strings, text_problem
from .yaml_io import load_data_file

LOAD_SOURCE = "spo case-file contract: UTF-8 YAML 1.2, one mapping, no tags or aliases"
SOURCE = "spo case-file contract (docs/case-file.md), schemas/"
TEXT_SOURCE = "hazards: data must reach a court form exactly as written"

# Characters that change how text displays, hide it, or break the document format.
_ALTERNATIVES = ("anyof", "oneof")
_POSTCODE = re.compile(r"(?i)[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}")


@cache
def _schemas() -> tuple[dict[str, Any], dict[str, Any]]:
    """(document schema, kinds) from the bundled YAML files, with `use:` expanded."""
    folder = resource_dir("schemas")
    definitions: dict[str, Any] = {}
    loaded: dict[str, Any] = {}
    for path in sorted(folder.glob("*.yaml")):
        content = load_data_file(path) or {}
        loaded[path.name] = content
        for name, rules in (content.get("definitions") or {}).items():
            if name in definitions:
                raise ResourceError(f"schema definition '{name}' is defined twice ({path.name})")
            definitions[name] = rules
    try:
        document = loaded["case.yaml"]["document"]
        kinds = loaded["kinds.yaml"]["kinds"]
    except KeyError as exc:
        raise ResourceError(f"schemas/: {exc.args[0]} is missing") from None
    return _expand(document, definitions, ()), kinds


def _expand(node: Any, definitions: Mapping[str, Any], seen: tuple[str, ...]) -> Any:
    """Replace every `{use: NAME, ...}` by the named definition merged with the other keys."""
    if isinstance(node, list):
        return [_expand(item, definitions, seen) for item in node]
    if not isinstance(node, dict):  # YAML mappings are dicts (an ABC check is 3x slower)
        return node
    node = dict(node)
    name = node.pop("use", None)
    if name is not None:
        if name not in definitions or name in seen:
            raise ResourceError(f"schemas/: 'use: {name}' names no definition (or a cycle)")
        # _expand builds new dicts and lists throughout, so the definition is not shared
        base = _expand(definitions[name], definitions, (*seen, name))
        node = {**base, **node}
    return {key: _expand(value, definitions, seen) for key, value in node.items()}


@cache
def _validator() -> Any:
    """One cerberus validator per process (building one costs far more than using it)."""
    import cerberus

    types = dict(cerberus.Validator.types_mapping)
    # cerberus counts True as an integer (bool is an int in Python); a case file must not.
    types["integer"] = cerberus.TypeDefinition("integer", (int,), (bool,))
    types["number"] = cerberus.TypeDefinition("number", (int, float), (bool,))
    types["date"] = cerberus.TypeDefinition("date", (date,), ())

    class CaseValidator(cerberus.Validator):  # type: ignore[misc]
        types_mapping = types

        def _check_with_postcode_last(self, field: str, value: Any) -> None:
            if isinstance(value, list) and value and isinstance(value[-1], str) \
                    and not _POSTCODE.fullmatch(value[-1].strip()):
                self._error(field, "must end with a UK postcode line (e.g. NT1 1AA)")

    document, _ = _schemas()
    return CaseValidator(prepared_schema(document))


def prepared_schema(document: dict[str, Any]) -> Any:
    """The bundled schema expanded for cerberus WITHOUT cerberus checking it against its own
    meta-schema (about 220 ms at every start). The schema ships with spo, so it is code, not
    input: tests/test_startup.py checks it with cerberus's full validation instead."""
    from cerberus.schema import DefinitionSchema, UnvalidatedSchema

    return UnvalidatedSchema(DefinitionSchema.expand(document))


def validate(case: Case) -> list[Issue]:
    """Schema issues (types, unknown and missing keys, per-kind sections) and text issues."""
    return validate_with_hidden(case)[0]


def validate_with_hidden(case: Case) -> tuple[list[Issue], frozenset[str]]:
    """The issues, and the schema paths a misspelt key hid (`protected_person:` hides
    `protected_persons`). A hidden key's own "missing" errors are dropped: the misspelling is
    the one error to fix, and the caller holds back the rules that read what it hid."""
    validator = _validator()
    issues: list[Issue] = []
    hidden: list[Path_] = []
    if not validator.validate(dict(case.data), normalize=False):
        for error in _leaves(validator._errors):
            path = tuple(error.document_path)
            message = _message(error)
            if error.code == 0x03:
                guess = _guess(case, path)
                hidden += [(*path[:-1], guess)] if guess else []
                message = _unknown_message(path, guess)
            issues.append(_issue(case, path, message))
    issues += _kind_sections(case)
    shadowed = {format_path(path) for path in hidden}  # only ever missing: nothing is there
    issues = [i for i in issues if not _under_any(i.path, shadowed)]
    issues += text_issues(case)
    return issues, frozenset(schema_path(path) for path in hidden)


def schema_path(path: Path_) -> str:
    """A document path as a schema path: `conditions.prohibitions[].zone`."""
    return _INDEX.sub("[]", format_path(path))


_INDEX = re.compile(r"\[[0-9]+\]")


def _under_any(path: str, parents: set[str]) -> bool:
    return any(path == p or path.startswith((p + ".", p + "[")) for p in parents)


def _guess(case: Case, path: Path_) -> str | None:
    """The known key, absent at this level, that an unknown key is most likely a typo of."""
    known = keys_at(path[:-1])
    present = case.get(*path[:-1])
    absent = [k for k in known if not (isinstance(present, Mapping) and k in present)]
    match = difflib.get_close_matches(str(path[-1]), absent, n=1, cutoff=0.75)
    return match[0] if match else None


def _unknown_message(path: Path_, guess: str | None) -> str:
    """Never the unknown key's text (it may be data typed as a key): its position says where."""
    parent = format_path(path[:-1])
    known = keys_at(path[:-1])
    mean = f"did you mean `{guess}`? " if guess else ""
    keys = ", ".join(known) if len(known) <= 24 else ", ".join(known[:24]) + ", ..."
    here = f"in {parent}" if parent else "at the top level"
    return f"is not a key this schema knows; {mean}the keys {here} are: {keys}"


def node_at(path: Path_) -> Mapping[str, Any] | None:
    """The schema rules for a document path (list indices and `[]` may be given or left out;
    any key works under a mapping keyed by id such as force.courts)."""
    node: Any = {"type": "dict", "schema": _schemas()[0]}
    for part in path:
        if isinstance(part, int) or part.startswith("["):
            continue
        while isinstance(node, Mapping) and node.get("type") == "list" \
                and isinstance(node.get("schema"), Mapping):
            node = node["schema"]
        if not isinstance(node, Mapping):
            return None
        if isinstance(node.get("schema"), Mapping) and part in node["schema"]:
            node = node["schema"][part]
        elif isinstance(node.get("valuesrules"), Mapping):
            node = node["valuesrules"]
        else:
            return None
    return node if isinstance(node, Mapping) else None


def keys_at(path: Path_) -> list[str]:
    """The keys the mapping at `path` takes, in schema order ([] if it is not a mapping)."""
    node = node_at(path)
    while isinstance(node, Mapping) and node.get("type") == "list" \
            and isinstance(node.get("schema"), Mapping):
        node = node["schema"]
    if not isinstance(node, Mapping):
        return []
    inner = node.get("schema")
    return list(inner) if isinstance(inner, Mapping) and node.get("type") != "list" else []


def document_schema() -> Mapping[str, Any]:
    """The whole case-file schema with `use:` expanded (for the reference)."""
    return _schemas()[0]


def kinds_requiring() -> dict[str, list[str]]:
    """Top-level section -> the application kinds whose schema requires it (kinds.yaml)."""
    found: dict[str, list[str]] = {}
    for kind, spec in _schemas()[1].items():
        for section in (spec or {}).get("requires", []):
            found.setdefault(section, []).append(str(kind))
    return found


def _leaves(errors: Any) -> Iterator[Any]:
    for error in errors:
        if error.rule in _ALTERNATIVES:  # one message for the field, not one per branch
            yield error
        elif error.is_group_error and error.child_errors:
            yield from _leaves(error.child_errors)
        else:
            yield error


def _message(error: Any) -> str:
    """A sentence from the error code and the schema's constraint; never the value."""
    rule, constraint = error.rule, error.constraint
    if error.code == 0x02:
        return "is required but missing"
    if error.code == 0x03:
        return _unknown_message(tuple(error.document_path), None)
    if error.code == 0x00:  # our own check_with methods pass a sentence of ours
        return str(error.info[0])
    if error.rule in _ALTERNATIVES:
        shape = (error.schema_path and _meta(error)) or "one of the allowed shapes"
        return f"must be {shape}"
    if rule == "type":
        keys = _schema_keys(error) if constraint == "dict" else []
        return f"must be a mapping: {{{', '.join(keys)}}}" if keys else _type_message(constraint)
    if rule == "allowed":
        return "must be one of: " + ", ".join(map(str, constraint))
    if rule == "regex":
        return "is not in the expected form"
    if rule == "empty":
        return "must not be empty"
    if rule == "nullable":
        return "must have a value (it is empty)"
    if rule in ("min", "max"):
        return f"must be {'at least' if rule == 'min' else 'at most'} {constraint}"
    if rule in ("minlength", "maxlength"):
        return f"must have {'at least' if rule == 'minlength' else 'at most'} {constraint} item(s)"
    return f"breaks the schema rule '{rule}'"


def _meta(error: Any) -> str | None:
    schema: Any = _schemas()[0]
    for part in error.schema_path[:-1]:
        schema = schema.get(part) if isinstance(schema, Mapping) else None
    return schema.get("meta", {}).get("shape") if isinstance(schema, Mapping) else None


def _schema_keys(error: Any) -> list[str]:
    """The keys the mapping that failed its type check takes."""
    schema: Any = _schemas()[0]
    for part in error.schema_path[:-1]:
        schema = schema.get(part) if isinstance(schema, Mapping) else None
    inner = schema.get("schema") if isinstance(schema, Mapping) else None
    return list(inner) if isinstance(inner, Mapping) else []


def _type_message(constraint: Any) -> str:
    expected = constraint if isinstance(constraint, str) else "/".join(constraint)
    hints = {
        "string": "must be text (put it in quotes if it looks like a number, date or yes/no)",
        "date": "must be a date written YYYY-MM-DD, without quotes",
        "dict": "must be a mapping of keys",
        "list": "must be a list",
        "boolean": "must be true or false",
        "integer": "must be a whole number",
        "number": "must be a number",
    }
    return hints.get(expected, f"must be of type {expected}")


def _issue(case: Case, path: Path_, message: str, rule: str = "schema",
           source: str = SOURCE) -> Issue:
    line, column = case.position(tuple(path))
    return Issue(rule, Severity.ERROR, format_path(tuple(path)) or "(file)", line, column,
                 message, source)


def _kind_sections(case: Case) -> list[Issue]:
    kinds = _schemas()[1]
    kind = case.kind
    if kind is None:
        return []
    return [_issue(case, (section,), f"is required for an application of kind '{kind}'")
            for section in kinds.get(str(kind), {}).get("requires", [])
            if section not in case.data]


def text_issues(case: Case) -> list[Issue]:
    """Characters and sizes that would alter, hide or break text on a court form."""
    prose = _prose()
    issues = []
    for path, value in strings(case.data, ()):
        problem = text_problem(value, is_prose(path, prose))
        if problem:
            issues.append(_issue(case, path, problem, rule="text", source=TEXT_SOURCE))
    return issues


@cache
def _prose() -> frozenset[tuple[str, ...]]:
    """The narrative fields' paths, worked out once per process (not per case)."""
    return frozenset(prose_paths(_schemas()[0]))


def is_reference(value: object) -> bool:
    """`value` has the schema's form of application.reference (the only place that form is
    defined); used where a reference would otherwise be echoed unvalidated (audit log, due,
    batch reports, folder names)."""
    rules = _schemas()[0]["application"]["schema"]["reference"]
    return isinstance(value, str) and len(value) <= rules.get("maxlength", 64) and \
        re.fullmatch(rules["regex"], value) is not None
