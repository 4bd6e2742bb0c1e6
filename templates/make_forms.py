"""Builds templates/forms/<form>.docx with python-docx, so every template is reproducible and
every Jinja tag sits in one run. Run `nox -s templates` after editing; the test suite checks
the committed templates match what this script writes (text and structure, not zip bytes).

Layout: court header, title, reference and parties, lettered sections, tables for the
chronology and the terms, signature blocks; the protective marking and DRAFT banner in the
header and "Page X of Y" in the footer of every page.
"""

from __future__ import annotations

import io
import re
import sys
import zipfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

OUT = Path(__file__).resolve().parent / "forms"
FONT = "Liberation Sans"


def new_document() -> Document:
    doc = Document()
    for style, size in (("Normal", 10), ("Heading 1", 13), ("Heading 2", 11), ("Title", 15)):
        font = doc.styles[style].font
        font.name, font.size = FONT, Pt(size)
        font.color.rgb = RGBColor(0, 0, 0)
        fonts = doc.styles[style].element.rPr.rFonts
        for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            fonts.attrib.pop(qn(theme), None)  # a theme font would override ours
        fonts.set(qn("w:eastAsia"), FONT)
    doc.styles["Normal"].paragraph_format.space_after = Pt(4)
    section = doc.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2.0))
    props = doc.core_properties
    props.author = props.last_modified_by = "spo"
    props.title = props.subject = props.comments = props.keywords = ""
    props.created = props.modified = datetime(2026, 1, 1)
    props.revision = 1
    _header_footer(section)
    return doc


def _field(paragraph, instr: str) -> None:
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instr)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _header_footer(section) -> None:
    header = section.header.paragraphs[0]
    header.alignment = WD_ALIGN_PARAGRAPH.CENTER
    header.add_run("{{ doc.marking }}").bold = True
    banner = section.header.add_paragraph()
    banner.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = banner.add_run("{{ doc.banner }}")
    run.bold, run.font.size = True, Pt(14)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("{{ doc.reference }}")
    footer.add_run("  |  ")
    footer.add_run("{{ doc.title }}")
    footer.add_run("  |  Page ")
    _field(footer, "PAGE")
    footer.add_run(" of ")
    _field(footer, "NUMPAGES")
    marking = section.footer.add_paragraph()
    marking.alignment = WD_ALIGN_PARAGRAPH.CENTER
    marking.add_run("{{ doc.marking }}").bold = True


# Building blocks. Each string passed as a run becomes exactly one run.

def para(doc, *runs: str | tuple[str, str], align=None, style=None):
    p = doc.add_paragraph(style=style)
    for run in runs:
        content, fmt = run if isinstance(run, tuple) else (run, "")
        r = p.add_run(content)
        r.bold, r.italic = "b" in fmt, "i" in fmt
    if align:
        p.alignment = align
    return p


def heading(doc, text: str, level: int = 1) -> None:
    doc.add_heading(text, level=level)


def tag(doc, statement: str) -> None:
    """A paragraph-level docxtpl tag ({%p ... %}) alone in its paragraph."""
    doc.add_paragraph().add_run("{%p " + statement + " %}")


def court_header(doc, title: str, court: bool = True) -> None:
    if court:
        para(doc, ("{{ court.name }}", "b"), align=WD_ALIGN_PARAGRAPH.CENTER)
        para(doc, "Local justice area: ", "{{ court.lja }}", align=WD_ALIGN_PARAGRAPH.CENTER)
        para(doc, "{{ court.address }}", align=WD_ALIGN_PARAGRAPH.CENTER)
    doc.add_paragraph(title, style="Title").alignment = WD_ALIGN_PARAGRAPH.CENTER


def widths(table, columns_cm: list[float]) -> None:
    """Fixed column widths (the grid for LibreOffice, each cell for Word)."""
    table.autofit = False
    for column, width in zip(table.columns, columns_cm, strict=True):
        column.width = Cm(width)
        for cell in column.cells:
            cell.width = Cm(width)


def kv(doc, rows: list[tuple[str, str]]) -> None:
    """A two-column table of labels and values."""
    table = doc.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for label, value in rows:
        cells = table.add_row().cells
        cells[0].paragraphs[0].add_run(label).bold = True
        cells[1].paragraphs[0].add_run(value)
    widths(table, [5.5, 11.5])
    doc.add_paragraph()


def loop_table(doc, headers: list[str], loop: str, cells: list[str],
               empty: str | None = None) -> None:
    """A table with a header row and one row per item ({%tr for %})."""
    name = loop.split(" in ")[1].strip()
    if empty:
        tag(doc, f"if not {name}")
        para(doc, (empty, "i"))
        tag(doc, "else")
    table = doc.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell.paragraphs[0].add_run(text).bold = True
    table.add_row().cells[0].paragraphs[0].add_run("{%tr for " + loop + " %}")
    row = table.add_row().cells
    for cell, text in zip(row, cells, strict=True):
        cell.paragraphs[0].add_run(text)
    table.add_row().cells[0].paragraphs[0].add_run("{%tr endfor %}")
    narrow = headers[0] == "No."
    rest = (17.0 - (1.2 if narrow else 0)) / (len(headers) - narrow)
    widths(table, ([1.2] if narrow else []) + [rest] * (len(headers) - narrow))
    if empty:
        tag(doc, "endif")
    doc.add_paragraph()


def signature(doc, who: list[str]) -> None:
    table = doc.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for label in who:
        cells = table.add_row().cells
        cells[0].paragraphs[0].add_run(label).bold = True
        cells[1].paragraphs[0].add_run(" ")
    widths(table, [6.5, 10.5])
    doc.add_paragraph()


def parties(doc) -> None:
    kv(doc, [("Reference", "{{ doc.reference }}"),
             ("Complainant", "{{ force.complainant }} ({{ force.name }})"),
             ("Defendant", "{{ defendant.name }}"),
             ("Date of complaint", "{{ application.date }}")])


def terms(doc, heading_text: str | None = None) -> None:
    if heading_text:
        heading(doc, heading_text, 2)
    para(doc, ("Prohibitions sought", "b"))
    loop_table(doc, ["No.", "Term", "Protects", "Risk addressed", "Locality"],
               "p in prohibitions",
               ["{{ p.no }}", "{{ p.full }}", "{{ p.protects }}", "{{ p.risk }}",
                "{{ p.locality }}"], empty="No prohibitions are proposed.")
    para(doc, ("Requirements sought", "b"))
    loop_table(doc, ["No.", "Term", "Provider or supervisor", "Protects", "Risk addressed"],
               "r in requirements",
               ["{{ r.no }}", "{{ r.full }}", "{{ r.supervisor }}", "{{ r.protects }}",
                "{{ r.risk }}"], empty="No positive requirements are proposed.")


def persons_table(doc) -> None:
    loop_table(doc, ["Name", "Relationship", "Victim of the acts", "Age", "Views", "Address"],
               "x in persons",
               ["{{ x.name }}", "{{ x.relationship }}", "{{ x.victim }}", "{{ x.age }}",
                "{{ x.views }} ({{ x.views_date }})", "{{ x.address }}"])


def commitments_table(doc) -> None:
    """The defendant's commitments and how the terms avoid them (s.2(3))."""
    loop_table(doc, ["Commitment", "Description", "When", "How the terms avoid it"],
               "k in commitments", ["{{ k.kind }}", "{{ k.description }}", "{{ k.when }}",
                                    "{{ k.how }}"], empty="No commitments are known.")


def chronology(doc) -> None:
    loop_table(doc, ["No.", "Date", "Place", "Behaviour (PHA 1997 s.2A(3))", "What happened",
                     "Exhibits"], "c in conduct",
               ["{{ c.no }}", "{{ c.date }}", "{{ c.place }}", "{{ c.behaviours }}",
                "{{ c.description }}", "{{ c.evidence }}"], empty="No acts are recorded.")


# The forms.

def complaint(doc) -> None:
    court_header(doc, "{{ application.title }}")
    para(doc, "{{ application.basis }}", align=WD_ALIGN_PARAGRAPH.CENTER)
    parties(doc)
    para(doc, ("The matter of complaint. ", "b"), "{{ application.matter }}")
    heading(doc, "{{ doc.sec.parties }}. Court, complainant and defendant")
    kv(doc, [("Hearing", "{{ court.hearing_date }} at {{ court.hearing_time }}"),
             ("Made on behalf of the complainant by", "{{ applicant.identity }}"),
             ("Legal services", "{{ force.legal_team }} (ref. {{ force.legal_reference }}, "
              "{{ force.legal_contact }})"),
             ("Defendant", "{{ defendant.name }}; other names: {{ defendant.other_names }}"),
             ("Date of birth and age", "{{ defendant.dob }} (age {{ defendant.age }})"),
             ("Address", "{{ defendant.address }}"),
             ("Basis for applying in this area", "{{ defendant.area_basis }}")])
    heading(doc, "{{ doc.sec.orders }}. Orders sought")
    para(doc, "{{ application.sought }}.")
    tag(doc, "if application.interim_made")
    para(doc, "{{ application.interim_made }}")
    tag(doc, "endif")
    tag(doc, 'if application.kind == "full"')
    para(doc, "Duration sought for the stalking protection order: {{ application.duration }}.")
    tag(doc, "endif")
    heading(doc, "{{ doc.sec.persons }}. Persons to be protected")
    persons_table(doc)
    heading(doc, "{{ doc.sec.acts }}. Ground 1: acts associated with stalking (s.1(1)(a))")
    chronology(doc)
    heading(doc, "{{ doc.sec.risk }}. Ground 2: risk associated with stalking (s.1(1)(b), "
                 "s.1(4))")
    kv(doc, [("Risk assessment", "{{ risk.tool }}, {{ risk.date }}, level {{ risk.level }}"),
             ("Risk factors", "{{ risk.factors }}"), ("Summary", "{{ risk.summary }}")])
    heading(doc, "{{ doc.sec.necessity }}. Ground 3: why an order is necessary (s.1(1)(c))")
    para(doc, "{{ necessity.summary }}")
    loop_table(doc, ["Other measure considered", "Why it is not enough"], "m in necessity.measures",
               ["{{ m.measure }}", "{{ m.why }}"], empty="No other measures are recorded.")
    heading(doc, "{{ doc.sec.terms }}. Proposed terms {{ application.terms_cite }}")
    terms(doc)
    para(doc, ("Religion, work and education (s.2(3)). ", "b"),
         "The terms avoid the defendant's commitments so far as practicable:")
    commitments_table(doc)
    tag(doc, "if interim.sought")
    heading(doc, "{{ doc.sec.interim }}. Interim order (s.5)")
    kv(doc, [("Immediate risk of harm", "{{ interim.immediate_risk }}"),
             ("Why an interim order is needed now", "{{ interim.grounds }}"),
             ("Why the main application cannot yet be decided", "{{ interim.outstanding }}"),
             ("Period sought", "{{ interim.period }}"),
             ("Notice to the defendant", "{{ interim.notice }}"),
             ("Main application", "{{ interim.main }}")])
    para(doc, "The interim order is sought on the same terms as above.")
    tag(doc, "endif")
    heading(doc, "{{ doc.sec.children }}. Children and safeguarding")
    kv(doc, [("Youth Justice Service consultation", "{{ children.yjs }}"),
             ("Child protected persons", "{{ children.safeguarding }}")])
    heading(doc, "{{ doc.sec.evidence }}. Evidence")
    loop_table(doc, ["Exhibit", "Description"], "e in exhibits",
               ["{{ e.ref }}", "{{ e.description }}"], empty="No exhibits.")
    loop_table(doc, ["Hearsay statement", "Contested", "Notice served", "Filed",
                     "Why the maker is not called"], "h in hearsay",
               ["{{ h.statement }}", "{{ h.contested }}", "{{ h.served }}", "{{ h.filed }}",
                "{{ h.reason }}"], empty="{{ application.hearsay_none }}")
    heading(doc, "{{ doc.sec.signature }}. Signature")
    signature(doc, ["Signed (for the complainant)", "Name and role", "Date",
                    "Received by the court office on", "Summons issued (yes/no)"])


def existing_terms(doc) -> None:
    """The terms of the order being changed, in its own numbering."""
    tag(doc, "for c in existing.conditions")
    para(doc, "{{ c }}")
    tag(doc, "endfor")
    tag(doc, "if not existing.conditions")
    para(doc, ("[terms of the order as made: ______________]", "i"))
    tag(doc, "endif")


def changes_list(doc) -> None:
    """Each change of a variation, in the order's own numbering, with its reason."""
    tag(doc, "for c in change.changes")
    para(doc, "{{ loop.index }}. {{ c.what }} Reason: {{ c.reason }}")
    tag(doc, "endfor")


def complaint_vrd(doc) -> None:
    court_header(doc, "{{ application.title }}")
    para(doc, "{{ application.basis }}", align=WD_ALIGN_PARAGRAPH.CENTER)
    parties(doc)
    para(doc, ("The matter of complaint. ", "b"), "{{ application.matter }}")
    kv(doc, [("Made on behalf of the complainant by", "{{ applicant.identity }}"),
             ("Hearing", "{{ court.hearing_date }} at {{ court.hearing_time }}")])
    heading(doc, "{{ doc.sec.order }}. The order")
    kv(doc, [("Order", "{{ existing.kind }}"), ("Court", "{{ existing.court }}"),
             ("Made on", "{{ existing.made_on }}"), ("Order reference", "{{ existing.reference }}"),
             ("Ends", "{{ existing.ends }}")])
    para(doc, ("Terms of the order as made:", "b"))
    existing_terms(doc)
    heading(doc, "{{ doc.sec.application }}. Application: {{ change.type }}")
    tag(doc, "if change.discharge")
    para(doc, ("Why the order is no longer necessary. ", "b"), "{{ change.grounds }}")
    para(doc, ("Consents. ", "b"), "{{ change.consents }}")
    tag(doc, "else")
    para(doc, ("Grounds. ", "b"), "{{ change.grounds }}")
    tag(doc, "endif")
    tag(doc, "if change.variation")
    para(doc, ("The changes sought, in the order's own numbering:", "b"))
    changes_list(doc)
    tag(doc, "endif")
    tag(doc, "if change.renewal")
    para(doc, ("Renewal sought: ", "b"), "{{ change.renewed }}. The terms would continue as "
              "made. {{ change.renewal_note }}")
    tag(doc, "endif")
    heading(doc, "{{ doc.sec.persons }}. Persons protected and their views")
    persons_table(doc)
    tag(doc, "if not change.discharge")
    heading(doc, "{{ doc.sec.risk }}. Risk and necessity")
    kv(doc, [("Risk assessment", "{{ risk.tool }}, {{ risk.date }}, level {{ risk.level }}"),
             ("Summary", "{{ risk.summary }}"), ("Why necessary", "{{ necessity.summary }}")])
    heading(doc, "{{ doc.sec.terms }}. The terms as they would stand")
    tag(doc, "if change.variation")
    tag(doc, "for v in order.varied")
    para(doc, "{{ v }}")
    tag(doc, "endfor")
    terms(doc, "The proposed terms and why each is necessary")
    tag(doc, "else")
    existing_terms(doc)
    tag(doc, "endif")
    para(doc, ("Religion, work and education (s.2(3)). ", "b"),
         "The terms are checked against the defendant's commitments:")
    commitments_table(doc)
    tag(doc, "endif")
    heading(doc, "{{ doc.sec.signature }}. Signature")
    signature(doc, ["Signed (for the complainant)", "Name and role", "Date"])


def summons(doc) -> None:
    court_header(doc, "Summons")
    kv(doc, [("Summons reference", "{{ doc.reference }}"), ("To", "{{ defendant.name }}"),
             ("Of", "{{ defendant.address }}"), ("Date of birth", "{{ defendant.dob }}")])
    heading(doc, "The complaint")
    para(doc, "A complaint was made on {{ application.date }} by the {{ force.complainant }} "
              "({{ force.name }}) under the {{ application.basis }}.")
    para(doc, "{{ application.summons }}")
    heading(doc, "You must attend")
    kv(doc, [("Court", "{{ court.name }}, {{ court.address }}"),
             ("Date", "{{ court.hearing_date }}"), ("Time", "{{ court.hearing_time }}")])
    heading(doc, "Notes")
    for note in ("If you do not attend, the court may hear the complaint in your absence once "
                 "it is satisfied this summons was served (Magistrates' Courts Act 1980 s.55).",
                 "You should get legal advice. Tell the court office at once if you need an "
                 "interpreter or any adjustment to take part.",
                 "Written evidence and any hearsay notice may be served on you separately."):
        para(doc, note)
    para(doc, "Issued by (justice or legal adviser): ______________________   "
              "Date of issue: ______________")
    heading(doc, "Statement of service")
    kv(doc, [("Served by (name, number)", "{{ service.served_by }}"),
             ("Method", "{{ service.method }}"), ("Date and time", "{{ service.served_on }}"),
             ("Place", "[place of service: ______________]"),
             ("Signature", " ")])


NOTIFICATION_DUTIES = (
    "You must give every name you use and your home address (section 9(2)).",
    "You must go in person to a police station in the police area where you live and tell a "
    "police officer, or a person authorised by the officer in charge of the station, out loud. "
    "If you have no home address in England or Wales, go to a police station in the area of "
    "the court that last made a stalking protection order against you (section 10(1) and (2)).",
    "If you start to use a name that has not been notified, or change your home address, you "
    "must tell the police before the end of the period of 3 days beginning with the day that "
    "happens. You may tell them in advance (section 9(3) and (4)).",
    "The police may take your fingerprints and photographs to check who you are (section 10(5) "
    "and (6)). They will give you a written acknowledgement (section 10(4)).",
    "Failing without reasonable excuse to do any of this, or knowingly giving false "
    "information, is an offence {{ order.penalty }} (section 11).",
)


def notification(doc) -> None:
    court_header(doc, "Notification requirements: notice to the defendant")
    para(doc, "Stalking Protection Act 2019, sections 9 to 11", align=WD_ALIGN_PARAGRAPH.CENTER)
    kv(doc, [("Defendant", "{{ defendant.name }}"), ("Date of birth", "{{ defendant.dob }}"),
             ("Order", "{{ order.title }}"), ("Court", "{{ court.name }}"),
             ("Date made", "{{ order.made_on }}"), ("Reference", "{{ doc.reference }}"),
             ("Served on", "{{ service.served_on }}"), ("Served by", "{{ service.served_by }}"),
             ("Method of service", "{{ service.method }}")])
    heading(doc, "Part 1: what you must do")
    tag(doc, "if service.initial")
    para(doc, ("You must tell the police your name and home address by the end of "
               "{{ service.notify_by }}.", "b"))
    para(doc, "That is the end of the period of 3 days beginning with the day this order was "
              "served on you (section 9(1)).")
    tag(doc, "else")
    para(doc, ("{{ service.exempt }}", "b"))
    tag(doc, "endif")
    for note in NOTIFICATION_DUTIES:
        para(doc, note)
    signature(doc, ["Defendant's signature (or 'refused')", "Serving officer's signature",
                    "Date"])
    heading(doc, "Part 2: police record of notification")
    signature(doc, ["Date and time attended", "Police station",
                    "Received by (name, number)", "Type: initial / new name / new address",
                    "Names notified", "Home address notified", "Fingerprints taken (Y/N)",
                    "Photographs taken (Y/N)", "Written acknowledgement reference",
                    "Systems updated (PNC/LEDS, ViSOR, PND)"])


def mg11(doc) -> None:
    para(doc, ("WITNESS STATEMENT", "b"), align=WD_ALIGN_PARAGRAPH.CENTER)
    para(doc, "MG11  |  Criminal Justice Act 1967 s.9 format; civil proceedings under the "
              "{{ application.basis }}", align=WD_ALIGN_PARAGRAPH.CENTER)
    kv(doc, [("URN / reference", "{{ doc.reference }}"),
             ("Statement of", "{{ applicant.name }}"), ("Age if under 18", "Over 18"),
             ("Occupation", "Police officer: {{ applicant.identity }}")])
    para(doc, ("Declaration. ", "b"),
         "This statement, consisting of the pages each signed by me, is true to the best of "
         "my knowledge and belief. I make it knowing that, if it is tendered in evidence, I "
         "shall be liable to prosecution if I have wilfully stated in it anything which I know "
         "to be false, or do not believe to be true.")
    signature(doc, ["Signature", "Date"])
    para(doc, "Evidence visually recorded: not applicable")
    heading(doc, "{{ doc.sec.role }}. My role", 2)
    para(doc, "I am {{ applicant.rank }} {{ applicant.name }} of {{ force.name }}"
              "{{ applicant.based }}. I am the officer in the case for this application "
              "against {{ defendant.name }} (born {{ defendant.dob }}).")
    tag(doc, "if application.change")
    heading(doc, "{{ doc.sec.order }}. The order", 2)
    para(doc, "This application concerns {{ existing.name }}. Its terms as made are:")
    existing_terms(doc)
    heading(doc, "{{ doc.sec.application }}. The application: {{ change.type }}", 2)
    tag(doc, "if change.discharge")
    para(doc, "I ask the court to discharge the order because it is no longer necessary. "
              "{{ change.grounds }} {{ change.consents }}")
    tag(doc, "else")
    para(doc, "{{ change.grounds }}")
    tag(doc, "endif")
    changes_list(doc)
    tag(doc, "if change.renewal")
    para(doc, "I ask that the order be renewed {{ change.renewed }}, on the same terms. "
              "{{ change.renewal_note }}")
    tag(doc, "endif")
    tag(doc, "else")
    heading(doc, "{{ doc.sec.acts }}. Acts associated with stalking", 2)
    para(doc, "I produce the exhibits referred to below. The acts relied on are:")
    tag(doc, "for c in conduct")
    para(doc, "{{ c.no }}. {{ c.date }}, {{ c.place }} ({{ c.behaviours }}): "
              "{{ c.description }} I produce exhibit(s) {{ c.evidence }}.")
    tag(doc, "endfor")
    tag(doc, "endif")
    tag(doc, "if not change.discharge")
    heading(doc, "{{ doc.sec.risk }}. Risk", 2)
    para(doc, "A risk assessment using {{ risk.tool }} on {{ risk.date }} assessed the risk "
              "as {{ risk.level }}. Factors: {{ risk.factors }}. {{ risk.summary }}")
    tag(doc, "endif")
    heading(doc, "{{ doc.sec.persons }}. The protected persons and their views", 2)
    tag(doc, "for x in persons")
    para(doc, "{{ x.name }} ({{ x.relationship }}): {{ x.views }}")
    tag(doc, "endfor")
    tag(doc, "if not change.discharge")
    heading(doc, "{{ doc.sec.necessity }}. Why the order is necessary", 2)
    para(doc, "{{ necessity.summary }}")
    tag(doc, "for m in necessity.measures")
    para(doc, "Other measure considered, {{ m.measure }}: {{ m.why }}")
    tag(doc, "endfor")
    heading(doc, "{{ doc.sec.terms }}. The terms sought and why each is necessary", 2)
    tag(doc, "if change.renewal")
    para(doc, "The terms of the order as made, set out above, would continue.")
    tag(doc, "endif")
    tag(doc, "for p in prohibitions")
    para(doc, "{{ p.no }}. {{ p.full }} Necessary because: {{ p.risk }}")
    tag(doc, "endfor")
    tag(doc, "for r in requirements")
    para(doc, "{{ r.no }}. {{ r.full }} Provided by {{ r.supervisor }}. Necessary because: "
              "{{ r.risk }}")
    tag(doc, "endfor")
    tag(doc, "endif")
    tag(doc, "if interim.sought")
    heading(doc, "{{ doc.sec.interim }}. Interim order", 2)
    para(doc, "{{ interim.grounds }} {{ interim.outstanding }}")
    tag(doc, "endif")
    tag(doc, "if not application.change")
    heading(doc, "{{ doc.sec.children }}. Children", 2)
    para(doc, "{{ children.yjs }} {{ children.safeguarding }}")
    tag(doc, "endif")
    heading(doc, "{{ doc.sec.exhibits }}. Exhibits I produce", 2)
    tag(doc, "for e in exhibits")
    para(doc, "{{ e.ref }}: {{ e.description }}")
    tag(doc, "endfor")
    tag(doc, "if not exhibits")
    para(doc, "None.")
    tag(doc, "endif")
    heading(doc, "{{ doc.sec.hearsay }}. Hearsay", 2)
    tag(doc, "for h in hearsay")
    para(doc, "Statement {{ h.statement }}: notice served {{ h.served }}, filed {{ h.filed }}. "
              "{{ h.reason }}")
    tag(doc, "endfor")
    tag(doc, "if not hearsay")
    para(doc, "{{ application.hearsay_none }}")
    tag(doc, "endif")
    signature(doc, ["Signature", "Date"])


def authorisation(doc) -> None:
    court_header(doc, "Superintendent's authorisation of an SPO application", court=False)
    para(doc, "College of Policing APP (consultation draft 2026) 9.2: practice, not a requirement "
              "of the Act",
         align=WD_ALIGN_PARAGRAPH.CENTER)
    kv(doc, [("Reference", "{{ doc.reference }}"), ("Application", "{{ application.sought }}"),
             ("Defendant", "{{ defendant.name }}, born {{ defendant.dob }}"),
             ("Applicant officer", "{{ applicant.identity }}, {{ force.name }}"),
             ("Court", "{{ court.name }}")])
    para(doc, ("Protected persons:", "b"))
    tag(doc, "for x in persons")
    para(doc, "{{ x.name }} ({{ x.relationship }}; views: {{ x.views }})")
    tag(doc, "endfor")
    tag(doc, "if application.change")
    heading(doc, "The order and the change sought")
    para(doc, "Order: {{ existing.name }}.")
    para(doc, "{{ change.grounds }}")
    changes_list(doc)
    tag(doc, "if change.renewal")
    para(doc, "Renewal sought: {{ change.renewed }}, on the terms as made:")
    existing_terms(doc)
    tag(doc, "endif")
    tag(doc, "if change.discharge")
    para(doc, "{{ change.consents }}")
    tag(doc, "endif")
    tag(doc, "else")
    heading(doc, "Summary of the grounds")
    chronology(doc)
    tag(doc, "endif")
    kv(doc, [("Risk", "{{ risk.tool }}, {{ risk.date }}, level {{ risk.level }}"),
             ("Children", "{{ children.yjs }} {{ children.safeguarding }}")])
    tag(doc, "if not change.discharge")
    terms(doc, "Terms sought")
    tag(doc, "endif")
    heading(doc, "Matters considered")
    loop_table(doc, ["Matter", "How it was considered"], "m in authorisation.points",
               ["{{ m.point }}", "{{ m.answer }}"])
    heading(doc, "Decision")
    kv(doc, [("Decision", "{{ authorisation.decision }}"),
             ("Reasons", "{{ authorisation.reasons }}"),
             ("Authorising officer", "{{ authorisation.officer }}"),
             ("Rank and number", "{{ authorisation.rank }} {{ authorisation.number }}"),
             ("Date", "{{ authorisation.date }}"),
             ("Case content sealed (sha256)", "{{ authorisation.content_hash }}")])
    signature(doc, ["Signature"])


def bundle_checklist(doc) -> None:
    court_header(doc, "Bundle checklist")
    kv(doc, [("Reference", "{{ doc.reference }}"), ("Defendant", "{{ defendant.name }}"),
             ("Complainant", "{{ force.complainant }} ({{ force.name }})"),
             ("Application", "{{ application.sought }}"),
             ("Prepared on", "{{ doc.prepared_on }}")])
    para(doc, "Every item the court and the guidance expect for this application. Items not "
              "yet in the bundle are listed first.")
    item, pages = page_column("bundle-checklist")
    loop_table(doc, ["No.", item, "In the bundle", "Notes", pages], "b in checklist",
               ["{{ b.no }}", "{{ b.item }}", "{{ b.included }}", "{{ b.note }}",
                "{{ b.pages }}"])
    signature(doc, ["Prepared by", "Checked by (legal services)", "Date",
                    "Copies: bench / legal adviser / defendant"])


def transfer(doc) -> None:
    court_header(doc, "Transfer of a Stalking Protection Order", court=False)
    para(doc, "College of Policing APP (consultation draft 2026) 9.8",
         align=WD_ALIGN_PARAGRAPH.CENTER)
    kv(doc, [("Originating force", "{{ force.name }}"),
             ("Officer in the case", "{{ applicant.identity }}; {{ applicant.contact }}"),
             ("Date sent", "{{ transfer.sent_on }}"),
             ("Receiving force", "{{ transfer.receiving_force }}"),
             ("Receiving contact", "{{ transfer.receiving_contact }}"),
             ("Acceptance due (sent + 7 days)", "{{ transfer.acceptance_due }}")])
    heading(doc, "1. Subject and new address")
    kv(doc, [("Subject", "{{ defendant.name }}, born {{ defendant.dob }}"),
             ("Other names", "{{ defendant.other_names }}"), ("PNC ID", "{{ defendant.pnc_id }}"),
             ("Current address", "{{ defendant.address }}"),
             ("New address", "{{ transfer.new_address }} (from {{ transfer.move_date }})")])
    heading(doc, "2. The order")
    kv(doc, [("Order", "{{ existing.kind }}"), ("Court", "{{ existing.court }}"),
             ("Made on", "{{ existing.made_on }}"), ("Reference", "{{ existing.reference }}"),
             ("Ends", "{{ existing.ends }}")])
    tag(doc, "for c in existing.conditions")
    para(doc, "- {{ c }}")
    tag(doc, "endfor")
    heading(doc, "3. Circumstances of the case")
    para(doc, "{{ transfer.circumstances }}")
    heading(doc, "4. Persons at risk and their safety plans")
    loop_table(doc, ["Person", "Safety plan"], "x in transfer.persons",
               ["{{ x.name }}", "{{ x.plan }}"])
    heading(doc, "5. Risk, flags and partners")
    kv(doc, [("Latest risk assessment", "{{ transfer.assessment }}"),
             ("Flags and warning markers", "{{ transfer.flags }}")])
    tag(doc, "for p in transfer.partners")
    para(doc, "- {{ p }}")
    tag(doc, "endfor")
    heading(doc, "6. Handover")
    kv(doc, [("Inter-force meeting", "{{ transfer.meeting_date }}"),
             ("Subject reminded of the duty to notify a new address within 3 days "
              "(s.9(4))", "[date and officer: ______________]"),
             ("Conditions still appropriate? If not, proposed variation (s.4)",
              "[receiving force: ______________]"),
             ("Accepted on / by", "[receiving force: ______________]"),
             ("Receiving force's risk assessment (date, level)",
              "[receiving force: ______________]")])


def order_header(doc, title: str, section: str) -> None:
    court_header(doc, title)
    para(doc, f"Stalking Protection Act 2019, {section}", align=WD_ALIGN_PARAGRAPH.CENTER)
    kv(doc, [("Defendant", "{{ defendant.name }}"), ("Date of birth", "{{ defendant.dob }}"),
             ("Address", "{{ defendant.address }}"), ("Reference", "{{ doc.reference }}"),
             ("Date made", "{{ order.made_on }}")])


def order_terms(doc, section: str) -> None:
    """The persons protected and every term in full, numbered as in the complaint."""
    para(doc, ("Persons protected:", "b"))
    tag(doc, "for x in persons")
    para(doc, "{{ x.name }}")
    tag(doc, "endfor")
    tag(doc, "if prohibitions")
    heading(doc, "Prohibitions")
    para(doc, "The defendant is prohibited as follows.")
    tag(doc, "for p in prohibitions")
    para(doc, "{{ p.no }}. {{ p.full }}{{ p.limit }}")
    tag(doc, "endfor")
    tag(doc, "endif")
    tag(doc, "if requirements")
    heading(doc, "Requirements")
    para(doc, "The defendant is required as follows.")
    tag(doc, "for r in requirements")
    para(doc, "{{ r.no }}. {{ r.full }} Provider or supervisor: {{ r.supervisor }}."
              "{{ r.limit }}")
    tag(doc, "endfor")
    tag(doc, "endif")
    para(doc, "Each prohibition and requirement applies throughout the United Kingdom unless "
              f"it says otherwise ({section}).")


def order_notices(doc, rights: str, notify: str = "order.notify") -> None:
    heading(doc, "Notification requirements")
    para(doc, "{{ " + notify + " }}")
    para(doc, "If you use a name that has not been notified, or change your home address, you "
              "must notify the police before the end of the period of 3 days beginning with "
              "the day that happens (section 9(3) and (4)). Failing without reasonable excuse "
              "to notify, or knowingly giving false information, is an offence (section 11). "
              "A separate notice explains how and where (section 10).")
    heading(doc, "Warning")
    para(doc, ("If, without reasonable excuse, you do anything this order prohibits or fail to "
               "do anything it requires, you commit an offence {{ order.penalty }} "
               "(section 8).", "b"))
    heading(doc, "Your rights")
    para(doc, rights)
    signature(doc, ["Justice of the peace / legal adviser", "Court seal"])


def draft_order(doc) -> None:
    order_header(doc, "DRAFT Stalking Protection Order", "section 2")
    para(doc, "On the complaint of the {{ force.complainant }}, the court, being satisfied that "
              "the defendant has carried out acts associated with stalking, that the defendant "
              "poses a risk associated with stalking to another person, and that this order is "
              "necessary to protect that person from such a risk (section 2(1)), and that each "
              "prohibition and requirement in it is necessary for that purpose (section 2(2)), "
              "ORDERS as follows.")
    order_terms(doc, "section 2(4)")
    heading(doc, "Duration")
    para(doc, "This order has effect {{ order.ends }}.")
    order_notices(doc, "You may apply to this court to vary, renew or discharge this order "
                       "(section 4), and you may appeal to the Crown Court against its making "
                       "(section 7(1)).")


def draft_interim_order(doc) -> None:
    order_header(doc, "DRAFT Interim Stalking Protection Order", "section 5")
    para(doc, "On the complaint of the {{ force.complainant }}, {{ order.main }}, the court, "
              "considering it appropriate to make an interim order (section 5(3)), ORDERS as "
              "follows.")
    order_terms(doc, "section 5(5)")
    heading(doc, "Duration")
    para(doc, "This order has effect {{ order.interim_ends }}.")
    order_notices(doc, "You may apply to this court to vary, renew or discharge this order "
                       "(section 5(7)), and you may appeal to the Crown Court against its making "
                       "(section 7(1)).", notify="order.interim_notify")


def draft_order_vrd(doc) -> None:
    court_header(doc, "DRAFT {{ order.change_title }}")
    para(doc, "Stalking Protection Act 2019, {{ order.section }}",
         align=WD_ALIGN_PARAGRAPH.CENTER)
    kv(doc, [("Defendant", "{{ defendant.name }}"), ("Date of birth", "{{ defendant.dob }}"),
             ("Reference", "{{ doc.reference }}"),
             ("Order made by", "{{ existing.court }} on {{ existing.made_on }}"),
             ("Order reference", "{{ existing.reference }}"), ("Date made", "{{ order.made_on }}")])
    tag(doc, "if change.variation")
    para(doc, "On the complaint of the {{ force.complainant }} under {{ order.section }}, the "
              "court ORDERS that {{ existing.name }} is varied as follows.")
    tag(doc, "for c in change.changes")
    para(doc, "{{ loop.index }}. {{ c.what }}")
    tag(doc, "endfor")
    para(doc, "In all other respects the order continues in force as made. As varied, its "
              "terms are:")
    tag(doc, "for v in order.varied")
    para(doc, "{{ v }}")
    tag(doc, "endfor")
    tag(doc, "endif")
    tag(doc, "if change.renewal")
    para(doc, "On the complaint of the {{ force.complainant }} under {{ order.section }}, the "
              "court ORDERS that {{ existing.name }} is renewed {{ change.renewed }}. Its terms "
              "continue as made:")
    tag(doc, "for k in order.kept")
    para(doc, "{{ k }}")
    tag(doc, "endfor")
    tag(doc, "endif")
    tag(doc, "if change.discharge")
    para(doc, "On the complaint of the {{ force.complainant }} under {{ order.section }}, the "
              "court ORDERS that {{ existing.name }} is discharged with effect from the date of "
              "this order.")
    tag(doc, "endif")
    tag(doc, "if order.continuing")
    heading(doc, "Notification requirements")
    para(doc, "This order does not start a new initial notification period. While the order is "
              "in force, if you use a name that has not been notified, or change your home "
              "address, you must notify the police before the end of the period of 3 days "
              "beginning with the day that happens (section 9(3) and (4)).")
    tag(doc, "endif")
    tag(doc, "if not change.discharge")
    heading(doc, "Warning")
    para(doc, ("If, without reasonable excuse, you do anything the order prohibits or fail to "
               "do anything it requires, you commit an offence {{ order.penalty }} "
               "(section 8).", "b"))
    heading(doc, "Your rights")
    para(doc, "{{ order.rights }}")
    tag(doc, "endif")
    signature(doc, ["Justice of the peace / legal adviser", "Court seal"])


def hearsay_notice(doc) -> None:
    court_header(doc, "Hearsay notice")
    para(doc, "Magistrates' Courts (Hearsay Evidence in Civil Proceedings) Rules 1999, rule 3",
         align=WD_ALIGN_PARAGRAPH.CENTER)
    parties(doc)
    kv(doc, [("Hearing", "{{ court.hearing_date }} at {{ court.hearing_time }}")])
    para(doc, ("This is a hearsay notice. ", "b"),
         "The complainant intends to rely on the hearsay evidence described below at the "
         "hearing of the complaint (Civil Evidence Act 1995, section 2(1); rule 3(1)).")
    loop_table(doc, ["Statement", "Made by", "Why the maker will not be called"],
               "h in hearsay", ["{{ h.statement }}: {{ h.description }}", "{{ h.maker }}",
                                "{{ h.reason }}"])
    para(doc, "You may apply to the court to call the maker of a statement to be "
              "cross-examined on it. Unless the court directs otherwise, the "
              "application must be made within 7 days of service of this notice (rule 4).")
    kv(doc, [("Served on the defendant on", "{{ application.hearsay_served }}"),
             ("Filed with the court on", "{{ application.hearsay_filed }}")])
    signature(doc, ["Signed (for the complainant)", "Name and role", "Date"])


def bundle_index(doc) -> None:
    court_header(doc, "Index to the bundle")
    kv(doc, [("Reference", "{{ doc.reference }}"), ("Defendant", "{{ defendant.name }}"),
             ("Prepared on", "{{ doc.prepared_on }}")])
    item, pages = page_column("bundle-index")
    loop_table(doc, ["No.", item, "Included", pages], "b in bundle",
               ["{{ b.no }}", "{{ b.item }}", "{{ b.included }}", "{{ b.pages }}"])


def page_column(form_id: str) -> tuple[str, str]:
    """The item and page columns' headers, which `spo bundle` finds to write page ranges."""
    from spo_cli.forms import BY_ID

    column = BY_ID[form_id].page_column
    assert column is not None
    return column.item, column.pages


# One builder per form of the registry (spo_cli/forms): the registry owns the ids and titles.
BUILDERS: dict[str, Callable] = {
    "bundle-index": bundle_index,
    "complaint": complaint, "complaint-vary-renew-discharge": complaint_vrd,
    "summons": summons, "notification": notification, "mg11": mg11,
    "authorisation": authorisation, "bundle-checklist": bundle_checklist,
    "transfer": transfer, "draft-order": draft_order,
    "draft-interim-order": draft_interim_order,
    "draft-order-vary-renew-discharge": draft_order_vrd, "hearsay-notice": hearsay_notice,
}


def registry_forms() -> list[str]:
    """The form ids of the registry, each of which must have a builder here."""
    from spo_cli.forms import FORMS

    ids = [form.id for form in FORMS]
    missing = sorted(set(ids) - set(BUILDERS))
    extra = sorted(set(BUILDERS) - set(ids))
    if missing or extra:
        raise SystemExit(f"forms without a builder: {missing}; builders without a form: {extra}")
    return ids


DROPPED = ("customXml/", "docProps/thumbnail", "word/stylesWithEffects.xml")


def clean_package(data: bytes) -> bytes:
    """Drop what python-docx's default template carries but a court form must not or need not
    (a thumbnail, custom XML, Word 2010's copy of the styles), keep only the styles the form
    uses, and write the zip with fixed times, so a build is reproducible. The default
    template's 164 styles (350 KB, and 440 KB more as stylesWithEffects) were read by
    LibreOffice for every document: without them a conversion takes about half the time."""
    source = zipfile.ZipFile(io.BytesIO(data))
    parts = {info.filename: source.read(info.filename) for info in source.infolist()}
    parts["word/styles.xml"] = used_styles(parts)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            name = info.filename
            if name.startswith(DROPPED):
                continue
            content = parts[name]
            if name.endswith(".rels") or name == "[Content_Types].xml":
                content = re.sub(rb'<(Relationship|Override)[^>]*(customXml|thumbnail|'
                                 rb'stylesWithEffects)[^>]*/>', b"", content)
            fixed = zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(fixed, content)
    return out.getvalue()


def used_styles(parts: dict[str, bytes]) -> bytes:
    """styles.xml with only the styles a part of the form names (and the styles those are
    based on, linked to or followed by, and the defaults), without latent styles."""
    from lxml import etree

    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    named = set()
    for name, content in parts.items():
        if name.startswith("word/") and name.endswith(".xml") and name != "word/styles.xml":
            named |= set(re.findall(rb'w:(?:pStyle|rStyle|tblStyle|numStyleLink|styleLink) '
                                    rb'w:val="([^"]+)"', content))
    root = etree.fromstring(parts["word/styles.xml"])
    styles = {s.get(f"{w}styleId").encode(): s for s in root.iter(f"{w}style")}
    keep = {sid for sid, s in styles.items() if s.get(f"{w}default") == "1"} | named
    todo = list(keep)
    while todo:
        style = styles.get(todo.pop())
        for link in style.iterchildren(f"{w}basedOn", f"{w}link", f"{w}next") \
                if style is not None else ():
            if link.get(f"{w}val").encode() not in keep:
                keep.add(link.get(f"{w}val").encode())
                todo.append(link.get(f"{w}val").encode())
    missing = named - set(styles)
    if missing:
        raise SystemExit(f"the form names styles the template lacks: {sorted(missing)}")
    for sid, style in styles.items():
        if sid not in keep:
            root.remove(style)
    for latent in root.findall(f"{w}latentStyles"):
        root.remove(latent)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def build(form_id: str, out: Path) -> Path:
    doc = new_document()
    BUILDERS[form_id](doc)
    buffer = io.BytesIO()
    doc.save(buffer)
    path = out / f"{form_id}.docx"
    path.write_bytes(clean_package(buffer.getvalue()))
    return path


def main() -> int:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else OUT
    out.mkdir(parents=True, exist_ok=True)
    forms = registry_forms()
    for form_id in forms:
        build(form_id, out)
    print(f"wrote {len(forms)} templates to {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
