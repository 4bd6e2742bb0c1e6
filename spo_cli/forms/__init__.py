"""The form registry: which national SPO forms exist, which kinds use them, and what each
template may print. The only place that knows template variable names (the context groups
are in application.py, sections.py, terms.py, orders.py and checklist.py)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..model import APPLICATIONS, CHANGES, Case, Kind
from . import application, checklist, orders, sections, terms  # noqa: F401  (register groups)
from .context import BLANK_PAGES, BUILDERS, Options, build_context

ALL = APPLICATIONS + CHANGES
COMMON = ("doc", "court", "force", "defendant", "application")


def _interim(case: Case) -> bool:
    return case.interim_sought


def _hearsay(case: Case) -> bool:
    return bool(case.items("hearsay"))


@dataclass(frozen=True)
class PageColumn:
    """A table that prints each bundle document's page range: the context list of its rows
    (each with "item" and "pages"), and the headers of its item and page columns, which the
    template prints and `spo bundle` finds in the converted PDF to write the ranges in."""

    rows: str
    item: str
    pages: str


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
    # Beyond the kind, what the case must hold for `spo render` to produce the form.
    needs: Callable[[Case], bool] | None = None
    page_column: PageColumn | None = None  # where `spo bundle` writes page ranges

    @property
    def template(self) -> str:
        """The template's file name in templates/forms/."""
        return f"{self.id}.docx"

    def applies(self, case: Case) -> bool:
        """Whether `spo render` produces this form for `case` without --form."""
        return case.kind in self.kinds and (self.needs is None or self.needs(case))

    def context(self, case: Case, options: Options) -> dict[str, Any]:
        """The values this form's template prints."""
        return build_context(case, self.groups, options)

    def page_cells(self, case: Case, options: Options) -> list[str]:
        """The items whose page cell this form prints blank with `options.bundle_rows`."""
        if self.page_column is None:
            return []
        rows = self.context(case, options)[self.page_column.rows]
        return [row["item"] for row in rows if row["pages"] == BLANK_PAGES]


TERMS = ("prohibitions", "requirements")
FORMS: tuple[Form, ...] = (
    Form("complaint", "Complaint for a Stalking Protection Order", APPLICATIONS, True,
         (*COMMON, "applicant", "persons", "conduct", "risk", "necessity", *TERMS,
          "commitments", "interim", "children", "exhibits", "hearsay")),
    Form("complaint-vary-renew-discharge",
         "Complaint to vary, renew or discharge a Stalking Protection Order", CHANGES, True,
         (*COMMON, "applicant", "persons", "existing", "change", "risk", "necessity", *TERMS,
          "commitments", "order")),
    Form("summons", "Summons to appear on a complaint", ALL, True, (*COMMON, "service")),
    Form("notification", "Notice of the notification requirements and record of notification",
         APPLICATIONS, True, ("doc", "court", "defendant", "order", "service")),
    Form("mg11", "Witness statement (MG11) of the officer in the case", ALL, False,
         ("doc", "force", "defendant", "application", "applicant", "persons", "conduct",
          "risk", "necessity", *TERMS, "interim", "children", "exhibits", "hearsay",
          "existing", "change")),
    Form("authorisation", "Superintendent's authorisation of an SPO application", ALL, False,
         (*COMMON, "applicant", "persons", "conduct", "risk", *TERMS, "children",
          "authorisation", "existing", "change")),
    Form("bundle-checklist", "Bundle checklist for the magistrates' court", ALL, False,
         ("doc", "court", "force", "defendant", "application", "checklist"),
         page_column=PageColumn("checklist", "Item", "Bundle pages")),
    Form("transfer", "Transfer of a Stalking Protection Order to another force", (), False,
         ("doc", "force", "defendant", "applicant", "existing", "transfer"), by_transfer=True),
    Form("draft-order", "Draft Stalking Protection Order", (Kind.FULL,), True,
         ("doc", "court", "force", "defendant", "persons", *TERMS, "order")),
    Form("draft-interim-order", "Draft Interim Stalking Protection Order", APPLICATIONS, True,
         ("doc", "court", "force", "defendant", "persons", *TERMS, "order"), needs=_interim),
    Form("draft-order-vary-renew-discharge",
         "Draft order varying, renewing or discharging a Stalking Protection Order", CHANGES,
         True, ("doc", "court", "force", "defendant", "existing", "change", "order")),
    Form("hearsay-notice", "Hearsay notice (MC(HECP)R 1999 r.3)", ALL, True,
         ("doc", "court", "force", "defendant", "application", "hearsay"), needs=_hearsay),
    Form("bundle-index", "Index to the bundle", (), False,
         ("doc", "court", "defendant", "bundle"), internal=True,
         page_column=PageColumn("bundle", "Document", "Pages")),
)
BY_ID = {form.id: form for form in FORMS}

# Bundle order (domain reference 9.7): index first, then these, then exhibits.
BUNDLE_ORDER = ("complaint", "complaint-vary-renew-discharge", "summons", "draft-order",
                "draft-interim-order", "draft-order-vary-renew-discharge", "mg11",
                "hearsay-notice", "notification", "authorisation", "bundle-checklist")

__all__ = ["BLANK_PAGES", "BUILDERS", "BUNDLE_ORDER", "BY_ID", "FORMS", "Form", "Options",
           "PageColumn", "forms_for", "national_forms"]


def forms_for(case: Case) -> list[Form]:
    """The forms `spo render` produces for `case` without --form, in bundle order."""
    chosen = [form for form in FORMS if form.applies(case)]
    return sorted(chosen, key=lambda f: BUNDLE_ORDER.index(f.id))


def national_forms() -> list[Form]:
    """The forms of the contract (what `spo forms` lists)."""
    return [form for form in FORMS if not form.internal]
