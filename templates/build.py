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


def terms(doc, heading_text: str = "Proposed terms") -> None:
    heading(doc, heading_text, 2)
    para(doc, ("Prohibitions sought", "b"))
    loop_table(doc, ["No.", "Term", "Protects", "Risk addressed", "Locality", "Map"],
               "p in prohibitions",
               ["P{{ p.no }}", "{{ p.text }}", "{{ p.protects }}", "{{ p.risk }}",
                "{{ p.locality }}", "{{ p.zone }}"], empty="No prohibitions are proposed.")
    para(doc, ("Requirements sought", "b"))
    loop_table(doc, ["No.", "Term", "Provider or supervisor", "Times", "Risk addressed"],
               "r in requirements",
               ["R{{ r.no }}", "{{ r.text }}", "{{ r.supervisor }}", "{{ r.when }}",
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
    court_header(doc, "Complaint for a Stalking Protection Order")
    para(doc, "{{ application.basis }}", align=WD_ALIGN_PARAGRAPH.CENTER)
    parties(doc)
    heading(doc, "A. Court, complainant and defendant")
    kv(doc, [("Hearing", "{{ court.hearing_date }} at {{ court.hearing_time }}"),
             ("Made on behalf of the complainant by", "{{ applicant.identity }}"),
             ("Legal services", "{{ force.legal_team }} (ref. {{ force.legal_reference }}, "
              "{{ force.legal_contact }})"),
             ("Defendant", "{{ defendant.name }}; other names: {{ defendant.other_names }}"),
             ("Date of birth and age", "{{ defendant.dob }} (age {{ defendant.age }})"),
             ("Address", "{{ defendant.address }}"),
             ("Basis for applying in this area", "{{ defendant.area_basis }} "
              "{{ defendant.area_note }}")])
    heading(doc, "B. Orders sought")
    para(doc, "{{ application.sought }}.")
    para(doc, "Duration sought: {{ application.duration }}.")
    heading(doc, "C. Persons to be protected")
    persons_table(doc)
    heading(doc, "D. Ground 1: acts associated with stalking (s.1(1)(a))")
    chronology(doc)
    heading(doc, "E. Ground 2: risk associated with stalking (s.1(1)(b), s.1(4))")
    kv(doc, [("Risk assessment", "{{ risk.tool }}, {{ risk.date }}, level {{ risk.level }}"),
             ("Risk factors", "{{ risk.factors }}"), ("Summary", "{{ risk.summary }}")])
    heading(doc, "F. Ground 3: why an order is necessary (s.1(1)(c))")
    para(doc, "{{ necessity.summary }}")
    loop_table(doc, ["Other measure considered", "Why it is not enough"], "m in necessity.measures",
               ["{{ m.measure }}", "{{ m.why }}"], empty="No other measures are recorded.")
    heading(doc, "G. Proposed terms (s.2(2), s.2(4))")
    terms(doc)
    para(doc, ("Religion, work and education (s.2(3)). ", "b"),
         "The terms avoid the defendant's commitments so far as practicable:")
    commitments_table(doc)
    tag(doc, "if interim.sought")
    heading(doc, "H. Interim order (s.5)")
    kv(doc, [("Immediate risk of harm", "{{ interim.immediate_risk }}"),
             ("Why an interim order is needed now", "{{ interim.grounds }}"),
             ("Why the main application cannot yet be decided", "{{ interim.outstanding }}"),
             ("Period sought", "{{ interim.period }}"),
             ("Notice to the defendant", "{{ interim.notice }}"),
             ("Main application", "{{ interim.main_reference }} ({{ interim.main_date }})")])
    tag(doc, "endif")
    heading(doc, "I. Children and safeguarding")
    kv(doc, [("Youth Justice Service consultation", "{{ children.yjs }}"),
             ("Child protected persons", "{{ children.safeguarding }}")])
    heading(doc, "J. Evidence")
    loop_table(doc, ["Exhibit", "Description"], "e in exhibits",
               ["{{ e.ref }}", "{{ e.description }}"], empty="No exhibits.")
    loop_table(doc, ["Hearsay statement", "Contested", "Notice served", "Filed",
                     "Why the maker is not called"], "h in hearsay",
               ["{{ h.statement }}", "{{ h.contested }}", "{{ h.served }}", "{{ h.filed }}",
                "{{ h.reason }}"], empty="No hearsay evidence is relied on.")
    heading(doc, "K. Signature")
    signature(doc, ["Signed (for the complainant)", "Name and role", "Date",
                    "Received by the court office on", "Summons issued (yes/no)"])


def complaint_vrd(doc) -> None:
    court_header(doc, "Complaint to vary, renew or discharge a Stalking Protection Order")
    para(doc, "{{ application.basis }}", align=WD_ALIGN_PARAGRAPH.CENTER)
    parties(doc)
    kv(doc, [("Made on behalf of the complainant by", "{{ applicant.identity }}")])
    heading(doc, "A. The order")
    kv(doc, [("Order", "{{ existing.kind }}"), ("Court", "{{ existing.court }}"),
             ("Made on", "{{ existing.made_on }}"), ("Order reference", "{{ existing.reference }}"),
             ("Ends", "{{ existing.ends }}")])
    para(doc, ("Terms of the order as made:", "b"))
    tag(doc, "for c in existing.conditions")
    para(doc, "- {{ c }}")
    tag(doc, "endfor")
    heading(doc, "B. Application: {{ change.type }}")
    para(doc, "{{ change.grounds }}")
    loop_table(doc, ["Term", "Change", "Reason"], "c in change.changes",
               ["{{ c.condition }}", "{{ c.action }}", "{{ c.reason }}"],
               empty="No changes to individual terms.")
    para(doc, "Duration sought: {{ application.duration }}.")
    para(doc, "Consents: {{ change.consents }}")
    heading(doc, "C. Persons protected and their views")
    persons_table(doc)
    heading(doc, "D. Risk and necessity")
    kv(doc, [("Risk assessment", "{{ risk.tool }}, {{ risk.date }}, level {{ risk.level }}"),
             ("Summary", "{{ risk.summary }}"), ("Why necessary", "{{ necessity.summary }}")])
    heading(doc, "E. Terms as proposed")
    terms(doc, "Terms as proposed")
    commitments_table(doc)
    heading(doc, "F. Signature")
    signature(doc, ["Signed (for the complainant)", "Name and role", "Date"])


def summons(doc) -> None:
    court_header(doc, "Summons")
    kv(doc, [("Summons reference", "{{ doc.reference }}"), ("To", "{{ defendant.name }}"),
             ("Of", "{{ defendant.address }}"), ("Date of birth", "{{ defendant.dob }}")])
    heading(doc, "The complaint")
    para(doc, "A complaint was made on {{ application.date }} by {{ force.complainant }} "
              "({{ force.name }}) under the {{ application.basis }}.")
    tag(doc, "if application.sought")
    para(doc, "The complaint is that you have carried out acts associated with stalking, that "
              "you pose a risk associated with stalking to another person, and that the order "
              "sought is necessary to protect that person from that risk. Order sought: "
              "{{ application.sought }}.")
    tag(doc, "else")
    para(doc, "The complaint asks the court to vary, renew or discharge a stalking protection "
              "order made against you.")
    tag(doc, "endif")
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


def notification(doc) -> None:
    court_header(doc, "Notification requirements: notice to the defendant")
    para(doc, "Stalking Protection Act 2019, sections 9 to 11", align=WD_ALIGN_PARAGRAPH.CENTER)
    kv(doc, [("Defendant", "{{ defendant.name }}"), ("Date of birth", "{{ defendant.dob }}"),
             ("Order", "{{ order.title }}"), ("Court", "{{ court.name }}"),
             ("Date made", "{{ order.made_on }}"), ("Reference", "{{ doc.reference }}"),
             ("Served on", "{{ service.served_on }} by {{ service.served_by }} "
              "({{ service.method }})")])
    heading(doc, "Part 1: what you must do")
    para(doc, ("You must tell the police your name and home address by the end of "
               "{{ service.notify_by }}.", "b"))
    for note in ("That is the end of the period of 3 days beginning with the day this order was "
                 "served on you (section 9(1)).",
                 "You must give every name you use and your home address (section 9(2)).",
                 "You must go in person to a police station in the police area where you live "
                 "and tell a police officer, or a person authorised by the officer in charge of "
                 "the station, out loud. If you have no home address in England or Wales, go to "
                 "a police station in the area of the court that made the order (section 10).",
                 "If you start to use a new name, or move home, you must tell the police before "
                 "the end of 3 days beginning with the day that happens. You may tell them in "
                 "advance (sections 9(3) and 9(4)).",
                 "The police may take your fingerprints and photographs to check who you are "
                 "(section 10(5) and (6)). They will give you a written acknowledgement.",
                 "Failing to do any of this without a reasonable excuse, or giving false "
                 "information, is an offence punishable by up to 5 years' imprisonment "
                 "(section 11)."):
        para(doc, note)
    kv(doc, [("Exempt from these requirements", "{{ service.exempt }}")])
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
    heading(doc, "1. My role", 2)
    para(doc, "I am {{ applicant.rank }} {{ applicant.name }} of {{ force.name }}"
              "{{ applicant.based }}. I am the officer in the case for this application "
              "against {{ defendant.name }} (born {{ defendant.dob }}).")
    heading(doc, "2. Acts associated with stalking", 2)
    para(doc, "I produce the exhibits referred to below. The acts relied on are:")
    tag(doc, "for c in conduct")
    para(doc, "{{ c.no }}. On {{ c.date }} at {{ c.place }} ({{ c.behaviours }}): "
              "{{ c.description }} I produce exhibit(s) {{ c.evidence }}.")
    tag(doc, "endfor")
    heading(doc, "3. Risk", 2)
    para(doc, "A {{ risk.tool }} risk assessment on {{ risk.date }} assessed the risk as "
              "{{ risk.level }}. Factors: {{ risk.factors }}. {{ risk.summary }}")
    heading(doc, "4. The protected persons and their views", 2)
    tag(doc, "for x in persons")
    para(doc, "{{ x.name }} ({{ x.relationship }}): {{ x.views }}")
    tag(doc, "endfor")
    heading(doc, "5. Why the order is necessary", 2)
    para(doc, "{{ necessity.summary }}")
    tag(doc, "for m in necessity.measures")
    para(doc, "{{ m.measure }}: {{ m.why }}")
    tag(doc, "endfor")
    heading(doc, "6. The terms sought and why each is necessary", 2)
    tag(doc, "for p in prohibitions")
    para(doc, "P{{ p.no }}. {{ p.text }} Necessary because: {{ p.risk }}")
    tag(doc, "endfor")
    tag(doc, "for r in requirements")
    para(doc, "R{{ r.no }}. {{ r.text }} Provided by {{ r.supervisor }}. Necessary because: "
              "{{ r.risk }}")
    tag(doc, "endfor")
    tag(doc, "if interim.sought")
    heading(doc, "7. Interim order", 2)
    para(doc, "{{ interim.grounds }} {{ interim.outstanding }}")
    tag(doc, "endif")
    heading(doc, "8. Children", 2)
    para(doc, "{{ children.yjs }}. {{ children.safeguarding }}.")
    heading(doc, "9. Exhibits I produce", 2)
    tag(doc, "for e in exhibits")
    para(doc, "{{ e.ref }}: {{ e.description }}")
    tag(doc, "endfor")
    heading(doc, "10. Hearsay", 2)
    tag(doc, "for h in hearsay")
    para(doc, "Statement {{ h.statement }}: notice served {{ h.served }}, filed {{ h.filed }}. "
              "{{ h.reason }}")
    tag(doc, "endfor")
    tag(doc, "if not hearsay")
    para(doc, "None: no hearsay evidence is relied on.")
    tag(doc, "endif")
    signature(doc, ["Signature", "Date"])


def authorisation(doc) -> None:
    court_header(doc, "Superintendent's authorisation of an SPO application", court=False)
    para(doc, "College of Policing APP 9.2: practice, not a requirement of the Act",
         align=WD_ALIGN_PARAGRAPH.CENTER)
    kv(doc, [("Reference", "{{ doc.reference }}"), ("Application", "{{ application.sought }}"),
             ("Defendant", "{{ defendant.name }}, born {{ defendant.dob }}"),
             ("Applicant officer", "{{ applicant.identity }}, {{ force.name }}"),
             ("Court", "{{ court.name }}")])
    para(doc, ("Protected persons:", "b"))
    tag(doc, "for x in persons")
    para(doc, "{{ x.id }}: {{ x.name }} ({{ x.relationship }}; views: {{ x.views }})")
    tag(doc, "endfor")
    heading(doc, "Summary of the grounds")
    chronology(doc)
    kv(doc, [("Risk", "{{ risk.tool }}, {{ risk.date }}, level {{ risk.level }}"),
             ("Children", "{{ children.yjs }}. {{ children.safeguarding }}.")])
    terms(doc, "Terms sought")
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
             ("Prepared on", "{{ doc.prepared_on }}")])
    loop_table(doc, ["No.", "Item", "Included", "Bundle pages"], "b in bundle",
               ["{{ b.no }}", "{{ b.item }}", "{{ b.included }}", "{{ b.pages }}"])
    signature(doc, ["Prepared by", "Checked by (legal services)", "Date",
                    "Copies: bench / legal adviser / defendant"])


def transfer(doc) -> None:
    court_header(doc, "Transfer of a Stalking Protection Order", court=False)
    para(doc, "College of Policing APP 9.8", align=WD_ALIGN_PARAGRAPH.CENTER)
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


def draft_order(doc) -> None:
    court_header(doc, "DRAFT {{ order.title }}")
    para(doc, "Stalking Protection Act 2019, {{ order.section }}", align=WD_ALIGN_PARAGRAPH.CENTER)
    kv(doc, [("Defendant", "{{ defendant.name }}"), ("Date of birth", "{{ defendant.dob }}"),
             ("Address", "{{ defendant.address }}"), ("Reference", "{{ doc.reference }}"),
             ("Date made", "{{ order.made_on }}")])
    para(doc, "On the complaint of the {{ force.complainant }}, {{ order.recital }}, ORDERS as "
              "follows.")
    para(doc, ("Persons protected:", "b"))
    tag(doc, "for x in persons")
    para(doc, "{{ x.name }}")
    tag(doc, "endfor")
    heading(doc, "Prohibitions")
    para(doc, "The defendant is ordered:")
    tag(doc, "for p in prohibitions")
    para(doc, "{{ p.no }}. {{ p.text }} Applies: {{ p.locality }}. Exceptions: {{ p.exceptions }}.")
    tag(doc, "endfor")
    tag(doc, "if not prohibitions")
    para(doc, "None.")
    tag(doc, "endif")
    heading(doc, "Requirements")
    para(doc, "The defendant is required:")
    tag(doc, "for r in requirements")
    para(doc, "{{ r.no }}. {{ r.text }} Supervised by {{ r.supervisor }}. Applies: "
              "{{ r.locality }}.")
    tag(doc, "endfor")
    tag(doc, "if not requirements")
    para(doc, "None.")
    tag(doc, "endif")
    heading(doc, "Duration")
    para(doc, "This order has effect {{ order.ends }}.")
    tag(doc, "if order.interim_too")
    para(doc, "Interim order: the terms above also have effect as an interim order "
              "{{ interim.period }}.")
    tag(doc, "endif")
    heading(doc, "Notification requirements")
    para(doc, "You must tell the police your name and home address within the period of 3 days "
              "beginning with the day this order is served on you: by [last day: "
              "______________]. A separate notice explains how (sections 9 and 10).")
    heading(doc, "Warning")
    para(doc, ("If, without reasonable excuse, you do anything this order prohibits or fail to "
               "do anything it requires, you commit an offence punishable by up to 5 years' "
               "imprisonment (section 8).", "b"))
    heading(doc, "Your rights")
    para(doc, "You may apply to this court to vary, renew or discharge this order (section 4, or "
              "section 5(7) for an interim order), and you may appeal to the Crown Court "
              "against its making (section 7).")
    signature(doc, ["Justice of the peace / legal adviser", "Court seal"])


def bundle_index(doc) -> None:
    court_header(doc, "Index to the bundle")
    kv(doc, [("Reference", "{{ doc.reference }}"), ("Defendant", "{{ defendant.name }}"),
             ("Prepared on", "{{ doc.prepared_on }}")])
    loop_table(doc, ["No.", "Document", "Included", "Pages"], "b in bundle",
               ["{{ b.no }}", "{{ b.item }}", "{{ b.included }}", "{{ b.pages }}"])


FORMS: dict[str, Callable] = {
    "bundle-index": bundle_index,
    "complaint": complaint, "complaint-vary-renew-discharge": complaint_vrd,
    "summons": summons, "notification": notification, "mg11": mg11,
    "authorisation": authorisation, "bundle-checklist": bundle_checklist,
    "transfer": transfer, "draft-order": draft_order,
}


def clean_package(data: bytes) -> bytes:
    """Drop what python-docx's default template carries but a court form must not (a
    thumbnail, custom XML) and write the zip with fixed times, so a build is reproducible."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            name = info.filename
            if name.startswith(("customXml/", "docProps/thumbnail")):
                continue
            content = source.read(name)
            if name.endswith(".rels") or name == "[Content_Types].xml":
                content = re.sub(rb'<(Relationship|Override)[^>]*(customXml|thumbnail)[^>]*/>',
                                 b"", content)
            fixed = zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(fixed, content)
    return out.getvalue()


def build(form_id: str, out: Path) -> Path:
    doc = new_document()
    FORMS[form_id](doc)
    buffer = io.BytesIO()
    doc.save(buffer)
    path = out / f"{form_id}.docx"
    path.write_bytes(clean_package(buffer.getvalue()))
    return path


def main() -> int:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else OUT
    out.mkdir(parents=True, exist_ok=True)
    for form_id in FORMS:
        build(form_id, out)
    print(f"wrote {len(FORMS)} templates to {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
