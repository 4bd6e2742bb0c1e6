"""The case-file reference: every key of the schema with its type, allowed values, who needs
it, an example, the rules that read it and the forms that print it; the rule and form tables.

Built from the bundled schemas, the rule registry and the form registry, so it cannot say
something they do not. `reference_text` turns it into docs/case-file.md and `spo explain`.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from . import schema
from .clocks import Clock
from .forms import FORMS, national_forms
from .forms.reads import GROUP_READS
from .model import Issue, Severity
from .rules import RULES
from .rules.reads import READS

# The reader's and the schema's own checks, listed with the legal rules.
READER_CHECKS = (
    ("yaml", "error", schema.LOAD_SOURCE, "the file cannot be read safely (syntax, encoding, "
     "size, tags, aliases, duplicate keys, ambiguous scalars)"),
    ("yaml-comma", "warning", schema.LOAD_SOURCE, "an unquoted value in {...} contains a "
     "comma, which YAML reads as a new key: quote the value"),
    ("schema", "error", schema.SOURCE, "the file breaks the schema (type, unknown key, missing "
     "required key)"),
    ("text", "error", schema.TEXT_SOURCE, "a value cannot safely go on a court form"),
)


# What a newcomer needs beyond the types: conventions the schema alone cannot say.
NOTES: dict[str, str] = {
    "schema": "The format version. Always `spo-case/1`.",
    "application": "What is applied for, when, and the hearing.",
    "application.kind": "full, interim (on its own), or a change to an existing order: "
    "variation, renewal, discharge. The kind decides which sections are required.",
    "application.date": "The date of complaint. Ages, limitation and renewal checks use it.",
    "application.interim_sought": "true when an interim order is sought with a full one "
    "(s.5(2)); then give `interim_period` and `interim_grounds`.",
    "application.order_sought.duration": "`{years: N}` for a fixed term (at least 2 years, "
    "s.3), `{until: YYYY-MM-DD}` for an order to a stated last day (typically a renewal), or "
    "`until_further_order`.",
    "application.hearing": "The listed hearing, once the court gives one. `court` is a key of "
    "`force.courts`; without a hearing the forms print a marked blank.",
    "application.hearing.court": "A key of `force.courts` (not the court's name).",
    "force.courts": "The courts the force uses, each under a short id you choose (e.g. "
    "`northtown`). Each court needs `local_justice_area`: the forms never invent one.",
    "force.territorial": "false for British Transport Police and MOD Police, which are "
    "outside s.1(3): then `defendant.area_basis` is not needed.",
    "force.marking": "The protective marking on every page; default OFFICIAL-SENSITIVE.",
    "defendant.area_basis": "Why this chief officer may apply (s.1(3)): the defendant "
    "`resides` in the area, is `in_area`, or `intends_to_come` to it.",
    "defendant.commitments": "Religion, work and education the terms must avoid clashing with "
    "(s.2(3)). Each has `place` and `when` so clashes can be checked.",
    "defendant.existing_spo": "The defendant is already subject to an SPO (s.2(6)).",
    "protected_persons": "Everyone the order protects. Each `id` (e.g. PP1) is what "
    "conditions' `protects` refer to.",
    "protected_persons[].victim_of_conduct": "Whether this person was the victim of the acts: "
    "the order may also protect others (s.1(1)(c)). Must be stated.",
    "protected_persons[].address_confidential": "true when the address must not reach the "
    "defendant: no served form prints it, and `confidential-address` stops a term or summary "
    "that quotes it.",
    "conduct": "The acts associated with stalking (s.1(1)(a)), one item each, with the "
    "exhibits that prove them.",
    "conditions": "The terms sought. Prohibitions and requirements are each numbered in order "
    "on the forms; give every term an `id` (P1, P2, ... and R1, R2, ...).",
    "conditions.prohibitions[].zone": "Where a prohibition applies. Any of: `postcodes` "
    "(full postcodes, districts or sectors), `streets`, `includes` (named places), a circle "
    "given by `centre` {lat, lon} + `radius_m` + `centre_name` (the place printed on the "
    "order), and `map_exhibit` (the exhibit ref of a map). A zone given only by a map "
    "cannot be checked against commitments (`zone-unverifiable`).",
    "conditions.requirements[].zone": "As for prohibitions.",
    "conditions.conflict_justifications": "Why avoiding a clash with a commitment is not "
    "practicable. `commitment` is written `work[0]`, `religion[1]`, ...",
    "existing_order": "The order being varied, renewed, discharged or transferred (or the "
    "interim order a full order replaces).",
    "existing_order.conditions": "The order's terms as made, in order: the forms number them "
    "P1, P2, ... so `variation.changes[].condition` can name them.",
    "existing_order.served_on": "For a full application whose interim order was already "
    "served: the full order replacing it carries no initial notification duty (s.9(1)(a)).",
    "hearsay": "Statements relied on as hearsay: each needs a notice (MC(HECP)R 1999 r.3).",
    "hearsay[].maker": "Who made the statement (r.3(4)); the notice names them.",
    "hearsay[].statement": "The exhibit ref of the statement.",
    "authorisation": "Written by `spo authorise`; edit the case afterwards and it goes stale.",
    "outcome": "What the court decided.",
}

EXAMPLES: dict[str, str] = {
    "application.order_sought.duration": "duration: {years: 2}",
    "application.interim_period": "interim_period: {weeks: 8}",
    "application.hearing.court": "court: northtown",
    "conditions.prohibitions[].zone": "zone: {postcodes: [NT2 4], streets: [Mill Lane]}",
    "conditions.conflict_justifications[].commitment": "commitment: work[0]",
    "existing_order.conditions": "conditions: [Not to contact PP1 directly or indirectly]",
    "protected_persons[].id": "id: PP1",
    "application.reference": "reference: NS/SPO/2026/0142",
    "application.hearing": "hearing: {court: northtown, date: 2026-12-15, time: \"10:00\"}",
    "application.hearing.time": "time: \"10:00\"",
    "application.main_application": "main_application: {reference: NS/SPO/2026/0142, "
    "date: 2026-11-20}",
    "force.name": "name: Northshire Police",
    "force.courts": "courts: {northtown: {name: Northtown Magistrates' Court, "
    "local_justice_area: Northshire}}",
    "force.courts.<id>.local_justice_area": "local_justice_area: Northshire",
    "force.courts.<id>.address": "address: [Court House, 12 Bridge Street, Northtown, NT1 2BB]",
    "applicant_officer.number": "number: \"4521\"",
    "applicant_officer.phone": "phone: \"01632 960 481\"",
    "defendant.name": "name: {given: Daniel James, family: Harlow}",
    "defendant.address": "address: [Flat 3, 27 Mill Lane, Northtown, NT4 7QD]",
    "defendant.date_of_birth": "date_of_birth: 1991-03-07",
    "defendant.commitments": "commitments: {work: [{description: Warehouse operative, "
    "when: {days: [mon, fri], from: \"07:00\", to: \"15:30\"}}]}",
    "defendant.commitments.work[].when": "when: {days: [mon, tue], from: \"07:00\", "
    "to: \"15:30\"}",
    "protected_persons[].name": "name: {given: Laura, family: Bennett}",
    "protected_persons[].relationship": "relationship: former partner",
    "protected_persons[].views": "views: {obtained_on: 2026-11-12, supports_application: true, "
    "summary: ...}",
    "conduct[].id": "id: C1",
    "conduct[].behaviours": "behaviours: [watching_or_spying, loitering]",
    "conduct[].evidence": "evidence: [SP/1, SP/4]",
    "risk.assessment": "assessment: {tool: SASH, date: 2026-11-18, level: high}",
    "necessity.other_measures": "other_measures: [{measure: pre-charge bail conditions, "
    "why_insufficient: Breached twice}]",
    "conditions.prohibitions[].text": "text: Not to contact Laura Bennett directly or "
    "indirectly by any means.",
    "conditions.prohibitions[].protects": "protects: [PP1]",
    "conditions.prohibitions[].when": "when: {days: [sat, sun], from: \"09:00\", "
    "to: \"18:00\"}",
    "conditions.requirements[].supervisor": "supervisor: Northshire Stalking Intervention "
    "Programme",
    "exhibits": "exhibits: [{ref: SP/1, description: \"Doorbell video, 2 June 2026\"}]",
    "exhibits[].file": "file: exhibits/sp5-map.pdf",
    "hearsay": "hearsay: [{statement: SP/4, maker: a neighbour, contested: true}]",
    "hearsay[].maker": "maker: Neighbour (statement SP/4)",
    "variation.changes": "changes: [{condition: P2, action: replace, reason: ...}]",
    "existing_order.served_on": "served_on: 2026-11-25",
    "conditions.prohibitions[].id": "id: P1",
    "conditions.requirements[].id": "id: R1",
}

_TYPES = {"dict": "mapping", "list": "list", "string": "text", "date": "date (YYYY-MM-DD)",
          "boolean": "true or false", "integer": "whole number", "number": "number"}
_SAMPLES = {"string": "...", "date": "2026-06-02", "boolean": "true", "integer": "2",
            "number": "51.5"}


@dataclass(frozen=True)
class Key:
    """One key path of the case file, as a newcomer needs to know it."""

    path: str                    # conditions.prohibitions[].zone
    type: str
    allowed: tuple[str, ...]
    required: str
    keys: tuple[str, ...]        # the keys a mapping (or each list item) takes
    example: str
    note: str
    rules: tuple[str, ...]
    forms: tuple[str, ...]


@cache
def keys() -> tuple[Key, ...]:
    """Every key path of the schema, depth first in schema order."""
    requiring = schema.kinds_requiring()
    return tuple(_key(path, rules, parent_required, requiring)
            for path, rules, parent_required in _walk(schema.document_schema(), "", True))


def _walk(node: Mapping[str, Any], prefix: str, top: bool) -> Iterator[tuple[str, Any, bool]]:
    for name, rules in node.items():
        path = f"{prefix}.{name}" if prefix else str(name)
        yield path, rules, top
        yield from _children(path, rules)


def _children(path: str, rules: Any) -> Iterator[tuple[str, Any, bool]]:
    if not isinstance(rules, Mapping):
        return
    if rules.get("type") == "list" and isinstance(rules.get("schema"), Mapping):
        yield from _children(path + "[]", rules["schema"])
    elif isinstance(rules.get("schema"), Mapping) and rules.get("type") == "dict":
        yield from _walk(rules["schema"], path, False)
    elif isinstance(rules.get("valuesrules"), Mapping):
        yield from _children(path + ".<id>", rules["valuesrules"])


def _key(path: str, rules: Mapping[str, Any], top: bool,
         requiring: Mapping[str, list[str]]) -> Key:
    item = _item(rules)
    return Key(path, _type(rules), tuple(map(str, item.get("allowed") or ())),
               _required(path, rules, top, requiring), _subkeys(rules),
               EXAMPLES.get(path) or _example(path, rules), NOTES.get(path, ""),
               rules_reading(path), forms_printing(path))


def _item(rules: Mapping[str, Any]) -> Mapping[str, Any]:
    """A list's item rules (a list of `text` has its `allowed` there), else the rules."""
    inner = rules.get("schema")
    return inner if rules.get("type") == "list" and isinstance(inner, Mapping) else rules


def _type(rules: Mapping[str, Any]) -> str:
    if "anyof" in rules:
        return (rules.get("meta") or {}).get("shape", "one of several shapes")
    kind = rules.get("type")
    if kind == "list":
        inner = _item(rules)
        what = "mappings" if inner.get("type") == "dict" else _TYPES.get(str(inner.get("type")), "")
        return f"list of {what}".strip() if what else "list"
    if kind == "dict" and "valuesrules" in rules:
        return "mapping of ids, each a mapping"
    if (rules.get("meta") or {}).get("prose"):
        return "text (narrative: may run over several lines)"
    return _TYPES.get(str(kind), str(kind or "any"))


def _subkeys(rules: Mapping[str, Any]) -> tuple[str, ...]:
    inner = _item(rules)
    if "valuesrules" in inner:
        inner = inner["valuesrules"]
    sub = inner.get("schema")
    return tuple(sub) if inner.get("type") == "dict" and isinstance(sub, Mapping) else ()


def _required(path: str, rules: Mapping[str, Any], top: bool,
              requiring: Mapping[str, list[str]]) -> str:
    if rules.get("required"):
        if top:
            return "yes, in every case file"
        parent = path.rsplit(".", 1)[0]
        return f"yes, whenever `{parent}` is given"
    if top and path in requiring:
        return "for kind " + ", ".join(requiring[path])
    return "no"


def _example(path: str, rules: Mapping[str, Any]) -> str:
    name = path.rsplit(".", 1)[-1].removesuffix("[]")
    item = _item(rules)
    allowed = item.get("allowed")
    sample = str(allowed[0]) if allowed else _SAMPLES.get(str(item.get("type")), "")
    if rules.get("type") == "list":
        sub = _subkeys(rules)
        return f"{name}: [{{{', '.join(f'{k}: ...' for k in sub[:2])}}}]" if sub else \
            f"{name}: [{sample}]"
    if _subkeys(rules):
        return f"{name}: {{{', '.join(f'{k}: ...' for k in _subkeys(rules)[:3])}}}"
    return f"{name}: {sample}" if sample else ""


def _bare(path: str) -> str:
    return path.replace("[]", "").replace(".<id>", "")


def _overlaps(key: str, read: str) -> bool:
    """A reader of `read` reads `key` if either contains the other."""
    key, read = _bare(key), _bare(read)
    return key == read or key.startswith(read + ".") or read.startswith(key + ".")


def rules_reading(path: str) -> tuple[str, ...]:
    """Rule ids whose declared reads cover `path` or a key inside it."""
    return tuple(rule for rule in RULES if any(_overlaps(path, r) for r in READS.get(rule, ())))


def forms_printing(path: str) -> tuple[str, ...]:
    """Ids of forms with a context group that reads `path` or a key inside it."""
    return tuple(form.id for form in FORMS if not form.internal and any(
        _overlaps(path, r) for group in form.groups for r in GROUP_READS.get(group, ())))


def rule_rows() -> list[dict[str, str]]:
    """Every check `spo check` can report: id, severity, source, when it fires."""
    rows = [{"rule": i, "severity": s, "source": src, "when": w}
            for i, s, src, w in READER_CHECKS]
    return rows + [{"rule": r.id, "severity": str(r.severity), "source": r.source,
                    "when": r.summary} for r in RULES.values()]


def form_rows() -> list[dict[str, Any]]:
    """The national forms: id, title, the kinds each applies to, whether it is served."""
    return [{"form": f.id, "title": f.title, "served": f.served,
             "kinds": ["transfer (spo transfer)"] if f.by_transfer else [str(k) for k in f.kinds]}
            for f in national_forms()]


def json_shapes() -> dict[str, list[str]]:
    """The fields of `spo check --json` (and of each issue) and of `spo due --json`."""
    issue = Issue("r", Severity.ERROR, "p", 1, 1, "m", "s").to_dict()
    clock = Clock(date(2026, 1, 1), "w", "a", "s", ()).to_dict()
    return {"check": ["file", "ok", "issues"], "check.issues[]": list(issue),
            "due": ["file", "reference", *clock]}


# -- lookup (spo explain) -----------------------------------------------------------------

_INDEX = re.compile(r"\[[0-9]*\]")


def normalise(topic: str) -> str:
    """`conditions.prohibitions[0].zone` and `conditions.prohibitions.zone` alike."""
    return _INDEX.sub("", topic.strip()).strip(".")


def find(topic: str) -> tuple[str, Any] | None:
    """('rule', row), ('form', row) or ('key', Key) for a rule id, form id or key path."""
    for row in rule_rows():
        if row["rule"] == topic:
            return "rule", row
    for row in form_rows():
        if row["form"] == topic:
            return "form", row
    wanted = normalise(topic).split(".")
    for key in keys():
        parts = normalise(key.path).split(".")
        if len(parts) == len(wanted) and all(p in (w, "<id>") for p, w in zip(parts, wanted,
                                                                                strict=True)):
            return "key", key
    return None


def suggestions(topic: str) -> list[str]:
    """Near matches among rule ids, form ids and key paths."""
    names = [r["rule"] for r in rule_rows()] + [f["form"] for f in form_rows()] + \
        [normalise(k.path) for k in keys()]
    if len(topic) > 200:  # no id or path is that long; spare the comparison
        return []
    return difflib.get_close_matches(normalise(topic), names, n=3, cutoff=0.6)
