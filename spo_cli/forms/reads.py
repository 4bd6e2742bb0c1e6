"""Which case-file sections each context group reads: what `spo explain` and
docs/case-file.md call "printed on". Kept beside the builders; a test checks that every
registered group has an entry and that every path exists in the schema."""

from __future__ import annotations

_TERMS = ("conditions.prohibitions", "conditions.requirements",
          "conditions.conflict_justifications")

GROUP_READS: dict[str, tuple[str, ...]] = {
    "doc": ("application.reference", "force.marking"),
    "court": ("application.hearing", "application.venue", "force.courts"),
    "force": ("force.name", "force.chief_officer", "force.area", "force.territorial",
              "force.legal_team"),
    "defendant": ("defendant.name", "defendant.other_names", "defendant.date_of_birth",
                  "defendant.address", "defendant.area_basis", "defendant.area_note",
                  "defendant.pnc_id", "force.territorial"),
    "application": ("application.kind", "application.date", "application.reference",
                    "application.interim_sought", "application.main_application",
                    "application.order_sought", "defendant.area_basis", "defendant.area_note",
                    "force.territorial", "existing_order.served_on", "hearsay"),
    "applicant": ("applicant_officer",),
    "persons": ("protected_persons",),
    "conduct": ("conduct",),
    "risk": ("risk",),
    "necessity": ("necessity",),
    "prohibitions": _TERMS,
    "requirements": _TERMS,
    "commitments": ("defendant.commitments", "defendant.family_court_orders"),
    "interim": ("application.interim_sought", "application.interim_grounds",
                "application.interim_period", "application.notice_to_defendant"),
    "children": ("yjs_consultation", "child_safeguarding", "protected_persons"),
    "exhibits": ("exhibits",),
    "hearsay": ("hearsay", "exhibits"),
    "existing": ("existing_order", "outcome.order_made"),
    "change": ("variation", "renewal", "discharge"),
    "order": ("application.order_sought", "application.interim_period", "existing_order",
              "outcome", "service"),
    "service": ("service", "existing_order.served_on"),
    "authorisation": ("authorisation",),
    "checklist": ("exhibits", "hearsay", "risk", "yjs_consultation", "child_safeguarding",
                  "conditions", "defendant.commitments", "discharge", "authorisation",
                  "service", "existing_order"),
    "transfer": ("transfer",),
    "bundle": ("exhibits",),
}
