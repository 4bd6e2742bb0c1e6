"""The form registry: which national SPO forms exist and which application kinds use them."""

from __future__ import annotations

from dataclasses import dataclass

from .model import Kind

APPLICATIONS = (Kind.FULL, Kind.INTERIM)
CHANGES = (Kind.VARIATION, Kind.RENEWAL, Kind.DISCHARGE)


@dataclass(frozen=True)
class Form:
    """A form: its id (the output's file name), title, kinds, and whether it is served."""

    id: str
    title: str
    kinds: tuple[Kind, ...]
    served: bool
    by_transfer: bool = False


FORMS: tuple[Form, ...] = (
    Form("complaint", "Complaint for a Stalking Protection Order (full and/or interim)",
         APPLICATIONS, served=True),
    Form("complaint-vary-renew-discharge",
         "Complaint to vary, renew or discharge a Stalking Protection Order", CHANGES,
         served=True),
    Form("summons", "Summons", APPLICATIONS + CHANGES, served=True),
    Form("notification", "Notification requirements (s.9-10) and police record", APPLICATIONS,
         served=True),
    Form("mg11", "Officer's witness statement (MG11)", APPLICATIONS + CHANGES, served=False),
    Form("authorisation", "Superintendent's authorisation", APPLICATIONS + CHANGES,
         served=False),
    Form("bundle-checklist", "Bundle checklist for the magistrates' court",
         APPLICATIONS + CHANGES, served=False),
    Form("transfer", "Transfer of a Stalking Protection Order to another force", (),
         served=False, by_transfer=True),
    Form("draft-order", "Draft order", APPLICATIONS + CHANGES, served=True),
)


def forms_for(kind: Kind) -> list[Form]:
    """The forms `spo render` produces for `kind` without --form."""
    return [form for form in FORMS if kind in form.kinds]
