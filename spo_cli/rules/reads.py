"""Which case-file fields each rule reads: the rule pages of `spo explain` and
docs/case-file.md, and the rules `spo check` holds back while a section is misspelt.

Paths are schema paths (`[]` for any list item). A test checks that every rule has an entry,
that every path exists in the schema, and that each invalid fixture's finding lies under one of
its rule's paths, so this map cannot drift far from what the rules do.
"""

from __future__ import annotations

_TERMS = ("conditions.prohibitions", "conditions.requirements")
_COMMITMENTS = ("defendant.commitments", "conditions.conflict_justifications")

READS: dict[str, tuple[str, ...]] = {
    "condition-necessity": (*_TERMS,),
    "condition-protects": (*_TERMS, "protected_persons"),
    "ids-unique": ("protected_persons", "conduct", *_TERMS, "exhibits"),
    "conflict-religion": (*_TERMS, *_COMMITMENTS),
    "conflict-work": (*_TERMS, *_COMMITMENTS),
    "conflict-education": (*_TERMS, *_COMMITMENTS),
    "conflict-family-court": (*_TERMS, "defendant.family_court_orders", "protected_persons",
                              "conditions.conflict_justifications"),
    "zone-unverifiable": (*_TERMS, "defendant.commitments"),
    "requirement-supervisor": ("conditions.requirements",),
    "existing-spo": ("defendant.existing_spo", *_TERMS),
    "zone-undefined": (*_TERMS,),
    "criteria-acts": ("application.kind", "conduct"),
    "criteria-risk": ("application.kind", "risk"),
    "risk-tool": ("application.kind", "risk"),
    "criteria-necessity": ("application.kind", "necessity", "protected_persons"),
    "necessity-alternatives": ("application.kind", "necessity"),
    "area-basis": ("application.kind", "defendant.area_basis", "force.territorial"),
    "duration": ("application.kind", "application.order_sought", "application.hearing",
                 "application.date"),
    "interim-grounds": ("application.interim_sought", "application.kind",
                        "application.interim_grounds"),
    "interim-period": ("application.interim_sought", "application.kind",
                       "application.interim_period"),
    "interim-main-application": ("application.kind", "application.main_application", "force"),
    "positive-requirements": ("application.kind", *_TERMS),
    "limitation": ("application.date", "conduct"),
    "existing-order": ("application.kind", "existing_order", "transfer"),
    "discharge-consent": ("application.kind", "existing_order", "discharge",
                          "application.hearing", "application.date"),
    "vrd-necessity": ("application.kind", "variation", "necessity"),
    "renewal-expired": ("application.kind", "existing_order", "application.hearing",
                        "application.date"),
    "renewal-late": ("application.kind", "existing_order", "application.hearing",
                     "application.date"),
    "renewal-terms": ("application.kind", "conditions", "existing_order.conditions"),
    "transfer-contents": ("transfer",),
    "defendant-age": ("defendant.date_of_birth", "application.date"),
    "yjs-consultation": ("defendant.date_of_birth", "application.date", "yjs_consultation"),
    "child-safeguarding": ("protected_persons", "application.date", "child_safeguarding"),
    "victim-views": ("protected_persons",),
    "victim-of-conduct": ("protected_persons",),
    "confidential-address": ("protected_persons", *_TERMS, "conduct", "risk", "necessity",
                             "exhibits", "application", "defendant"),
    "confidential-area": ("protected_persons", *_TERMS, "conduct", "risk", "necessity",
                          "exhibits", "application", "defendant"),
    "hearsay-notice": ("hearsay", "application.hearing"),
    "exhibit-reference": ("exhibits", "conduct", *_TERMS, "hearsay"),
    "date-order": ("application.date", "defendant.date_of_birth", "conduct", "authorisation",
                   "service", "existing_order"),
    "authorisation-rank": ("authorisation.officer",),
    "authorisation-points": ("authorisation",),
    "authorisation-stale": ("authorisation",),
    "court-details": ("application.hearing", "force.courts"),
    "post-order-actions": ("outcome", "application.kind"),
    "breach-reassessment": ("breaches", "risk.assessment", "transfer.latest_risk_assessment"),
}


def held_back(hidden: frozenset[str]) -> frozenset[str]:
    """Rules that read a key a misspelling hid: their findings would only repeat it."""
    def overlaps(a: str, b: str) -> bool:
        return a == b or a.startswith((b + ".", b + "[")) or b.startswith((a + ".", a + "["))

    bare = {path.replace("[]", "") for path in hidden}
    return frozenset(rule for rule, paths in READS.items()
                     if any(overlaps(p, h) for p in paths for h in bare))
