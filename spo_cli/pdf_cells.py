"""Text written into a table LibreOffice has already laid out (pypdf): the court bundle's
page numbers, which are known only once every document has been converted.

The bundle's index and checklist print each document's page range. Rendering them after the
other documents' page counts are known needs a second LibreOffice start (about 1.4 s); instead
they are converted with the page cells blank, in the same start as everything else, and the
ranges are written into those cells here. A cell is placed only where the table was found
without doubt: the column by its header, the row by the line where its item's text begins,
each exactly once; otherwise nothing is written and the caller converts the document again
with the numbers in it.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

_NEAR = 1.5  # points: cell text starts where its column's header starts (left aligned)


@dataclass(frozen=True)
class _Text:
    page: int
    x: float
    y: float
    size: float
    font: str
    text: str


def _texts(reader: Any) -> list[_Text]:
    """Every run of text on every page of a PdfReader, where it starts, in reading order."""
    found: list[_Text] = []
    for number, page in enumerate(reader.pages):
        def visit(text: str, cm: Any, tm: Any, font: Any, size: Any, number: int = number) -> None:
            words = " ".join(text.split())
            if not words or not size:
                return
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            scale = abs(tm[3] * cm[3]) or 1.0
            name = str(font.get("/BaseFont", "")) if hasattr(font, "get") else ""
            found.append(_Text(number, x, y, float(size) * scale, name, words))

        page.extract_text(visitor_text=visit)
    return sorted(found, key=lambda t: (t.page, -t.y, t.x))


def write_cells(data: bytes, item_header: str, value_header: str,
                cells: list[tuple[str, str]]) -> bytes | None:
    """`data` with each (item, value) cell's value written in the column headed
    `value_header`, on the line where the item's text begins in the column headed
    `item_header`. None unless each header is printed once and each item begins on exactly
    one line of its column, a line no other item claims, with nothing printed on that line
    from the value column on. Written in the item's size, left-aligned at the header's start:
    the layout of spo's own index and checklist, the only ones it is used for."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data))
        texts = _texts(reader)
    except (PyPdfError, ValueError, KeyError, TypeError):  # then the caller converts again
        return None
    items, values = _column(texts, item_header), _column(texts, value_header)
    if items is None or values is None:
        return None
    column = [t for t in texts if _below(t, items) and abs(t.x - items.x) < _NEAR]
    placed: dict[int, list[tuple[float, float, float, str, str]]] = {}
    claimed: set[int] = set()
    for item, value in cells:
        words = " ".join(item.split())
        starts = [n for n in range(len(column)) if _begins_at(column, n, words)]
        if len(starts) != 1 or starts[0] in claimed or _filled(texts, values, column[starts[0]]):
            return None
        claimed.add(starts[0])
        at = column[starts[0]]
        placed.setdefault(at.page, []).append((values.x, at.y, at.size, at.font, value))
    return _overlay(reader, placed)


def _column(texts: list[_Text], header: str) -> _Text | None:
    """The header of a column, when it is printed exactly once."""
    found = [t for t in texts if t.text == header]
    return found[0] if len(found) == 1 else None


def _below(text: _Text, header: _Text) -> bool:
    return (text.page, -text.y) > (header.page, -header.y)


def _begins_at(column: list[_Text], start: int, item: str) -> bool:
    """Whether `item` is printed from this line of the column on (wrapped onto the next
    lines, across a page break too)."""
    text = ""
    for line in column[start:]:
        text = f"{text} {line.text}" if text else line.text
        if len(text) >= len(item):
            return text == item
        if not item.startswith(text + " "):
            return False
    return False


def _filled(texts: list[_Text], values: _Text, line: _Text) -> bool:
    """Whether this line holds text from the value column's start on (the cell is not blank,
    or something follows it)."""
    return any(t.page == line.page and abs(t.y - line.y) < _NEAR
               and t.x > values.x - _NEAR for t in texts)


def _overlay(reader: Any, placed: dict[int, list[tuple[float, float, float, str, str]]]) -> bytes:
    """The reader's PDF with the placed text drawn over its pages (a base-14 font matching
    the table's: serif, monospaced or sans)."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=reader)
    for number, page in enumerate(writer.pages):
        marks = placed.get(number)
        if not marks:
            continue
        sizes = (float(page.mediabox.width), float(page.mediabox.height))
        stamp = PdfReader(io.BytesIO(text_pdf([(*sizes, marks)]))).pages[0]
        page.merge_page(stamp, over=True)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


_FACES = {"Serif": b"/Times-Roman", "Times": b"/Times-Roman", "Mono": b"/Courier",
          "Courier": b"/Courier"}


def _face(font: str) -> bytes:
    return next((face for key, face in _FACES.items() if key in font), b"/Helvetica")


def text_pdf(pages: list[tuple[float, float, list[tuple[float, float, float, str, str]]]]
             ) -> bytes:
    """A minimal PDF: on each page of the given size, each (x, y, size, font, text) drawn in
    a base-14 font. Text is ASCII (page numbers and the bundle's stamp)."""
    faces = sorted({_face(font) for _, _, marks in pages for *_, font, _ in marks})
    objects = [b"", b""] + [b"<< /Type /Font /Subtype /Type1 /BaseFont %s >>" % f for f in faces]
    fonts = b" ".join(b"/F%d %d 0 R" % (n, n + 3) for n in range(len(faces)))
    kids = []
    for width, height, marks in pages:
        stream = b" ".join(
            b"BT /F%d %.2f Tf %.2f %.2f Td (%s) Tj ET" % (
                faces.index(_face(font)), size, x, y, _escaped(text))
            for x, y, size, font, text in marks)
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream))
        content = len(objects)
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %.2f %.2f] /Contents %d 0 R "
                       b"/Resources << /Font << %s >> >> >>" % (width, height, content, fonts))
        kids.append(b"%d 0 R" % len(objects))
    objects[0] = b"<< /Type /Catalog /Pages 2 0 R >>"
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(kids), len(kids))
    out, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, xref)
    return out


def _escaped(text: str) -> bytes:
    return text.encode("ascii", "replace").replace(b"\\", b"\\\\").replace(
        b"(", b"\\(").replace(b")", b"\\)")
