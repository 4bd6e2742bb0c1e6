"""The form registry: which national SPO forms exist, which kinds use them, and what each
template may print. The only place that knows template variable names (see sections.py)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..model import APPLICATIONS, CHANGES, Case, Kind
from . import orders, sections  # noqa: F401  (register the context groups)
from .context import BUILDERS, Options, build_context

COMMON = ("doc", "court", "force", "defendant", "application")


@dataclass(frozen=True)
class Form:
    """A form: its id (the output's file name), title, kinds, and context groups."""

    id: str
    title: str
    kinds: tuple[Kind, ...]
    served: bool
    groups: tuple[str, ...]
    by_transfer: bool = False
    internal: bool = False  # produced by spo itself (the bundle index), not a national form

    @property
    def template(self) -> str:
        """The template's file name in templates/forms/."""
        return f"{self.id}.docx"

    def context(self, case: Case, options: Options) -> dict[str, Any]:
        """The values this form's template prints."""
        return build_context(case, self.groups, options)


FORMS: tuple[Form, ...] = (
    Form("complaint", "Complaint for a Stalking Protection Order", APPLICATIONS, True,
         (*COMMON, "applicant", "persons", "conduct", "risk", "necessity", "prohibitions",
          "requirements", "commitments", "interim", "children", "exhibits", "hearsay")),
    Form("complaint-vary-renew-discharge",
         "Complaint to vary, renew or discharge a Stalking Protection Order", CHANGES, True,
         (*COMMON, "applicant", "persons", "existing", "change", "risk", "necessity",
          "prohibitions", "requirements", "commitments")),
    Form("summons", "Summons to appear on a complaint", APPLICATIONS + CHANGES, True,
         (*COMMON, "service")),
    Form("notification", "Notice of the notification requirements and record of notification",
         APPLICATIONS, True, ("doc", "court", "defendant", "order", "service")),
    Form("mg11", "Witness statement (MG11) of the officer in the case", APPLICATIONS + CHANGES,
         False, ("doc", "force", "defendant", "application", "applicant", "persons", "conduct",
                 "risk", "necessity", "prohibitions", "requirements", "interim", "children",
                 "exhibits", "hearsay")),
    Form("authorisation", "Superintendent's authorisation of an SPO application",
         APPLICATIONS + CHANGES, False,
         (*COMMON, "applicant", "persons", "conduct", "risk", "prohibitions", "requirements",
          "children", "authorisation")),
    Form("bundle-checklist", "Bundle checklist for the magistrates' court",
         APPLICATIONS + CHANGES, False, ("doc", "court", "force", "defendant", "bundle")),
    Form("transfer", "Transfer of a Stalking Protection Order to another force", (), False,
         ("doc", "force", "defendant", "applicant", "existing", "transfer"), by_transfer=True),
    Form("draft-order", "Draft order", APPLICATIONS + CHANGES, True,
         ("doc", "court", "force", "defendant", "persons", "prohibitions", "requirements",
          "interim", "order")),
    Form("bundle-index", "Index to the bundle", (), False,
         ("doc", "court", "defendant", "bundle"), internal=True),
)
BY_ID = {form.id: form for form in FORMS}

# Bundle order (domain reference 9.7): index first, then these, then exhibits.
BUNDLE_ORDER = ("complaint", "complaint-vary-renew-discharge", "summons", "draft-order", "mg11",
                "notification", "authorisation", "bundle-checklist")

__all__ = ["BUILDERS", "BUNDLE_ORDER", "BY_ID", "FORMS", "Form", "Options", "forms_for",
           "national_forms"]


def forms_for(kind: Kind | None) -> list[Form]:
    """The forms `spo render` produces for `kind` without --form, in bundle order."""
    chosen = [form for form in FORMS if kind in form.kinds]
    return sorted(chosen, key=lambda f: BUNDLE_ORDER.index(f.id))


def national_forms() -> list[Form]:
    """The forms of the contract (what `spo forms` lists)."""
    return [form for form in FORMS if not form.internal]
