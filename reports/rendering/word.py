"""DOCX rendering with python-docx: A4, Times New Roman 14, HD 36 layout."""
import io

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from .document import PARTY_NAME, Heading, Paragraph, PartyDocument, Table, cell_text

FONT = "Times New Roman"
CENTER = WD_ALIGN_PARAGRAPH.CENTER
JUSTIFY = WD_ALIGN_PARAGRAPH.JUSTIFY


def _setup(document):
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(14)
    # East-Asian and complex-script slots too, or Word falls back per script.
    fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)
    normal.paragraph_format.space_after = Pt(0)


def _no_borders(table):
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    table._tbl.tblPr.append(borders)


def _line(cell_or_doc, text, *, bold=False, italic=False, underline=False, size=None, align=CENTER, first=False):
    paragraph = cell_or_doc.paragraphs[0] if first else cell_or_doc.add_paragraph()
    paragraph.alignment = align
    run = paragraph.add_run(text)
    run.bold, run.italic, run.underline = bold, italic, underline
    if size:
        run.font.size = Pt(size)
    return paragraph


def _header(document, doc: PartyDocument):
    table = document.add_table(rows=1, cols=2)
    _no_borders(table)
    left, right = table.rows[0].cells
    left.width, right.width = Mm(75), Mm(90)
    for index, line in enumerate(doc.issuer_lines):
        last = index == len(doc.issuer_lines) - 1
        _line(left, line, bold=last and len(doc.issuer_lines) > 1, size=13, first=index == 0)
    _line(left, "*", size=13)
    _line(left, doc.number_line, size=13)
    _line(right, PARTY_NAME, bold=True, underline=True, size=14, first=True)
    _line(right, "")
    _line(right, doc.date_line, italic=True, size=14)


def _table(document, block: Table):
    if block.caption:
        _line(document, block.caption, bold=True, align=WD_ALIGN_PARAGRAPH.LEFT)
    table = document.add_table(rows=1, cols=len(block.columns))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, title in zip(table.rows[0].cells, block.columns, strict=True):
        _line(cell, str(title), bold=True, size=12, first=True)
    for row in block.rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, row, strict=True):
            _line(cell, cell_text(value), size=12, align=WD_ALIGN_PARAGRAPH.LEFT, first=True)
    document.add_paragraph()


def _body(document, doc: PartyDocument):
    for block in doc.blocks:
        if isinstance(block, Heading):
            _line(document, block.text, bold=True, align=WD_ALIGN_PARAGRAPH.LEFT)
        elif isinstance(block, Paragraph):
            paragraph = _line(document, block.text, bold=block.bold, italic=block.italic, align=JUSTIFY)
            paragraph.paragraph_format.first_line_indent = Mm(10)
            paragraph.paragraph_format.space_after = Pt(6)
        elif isinstance(block, Table):
            _table(document, block)
        else:
            raise TypeError(f"Unknown block {block!r}")


def _footer(document, doc: PartyDocument):
    table = document.add_table(rows=1, cols=2)
    _no_borders(table)
    left, right = table.rows[0].cells
    left.width, right.width = Mm(80), Mm(85)
    if doc.recipients:
        _line(left, "Nơi nhận:", bold=True, underline=True, size=12, align=WD_ALIGN_PARAGRAPH.LEFT, first=True)
        for recipient in doc.recipients:
            _line(left, f"- {recipient}", size=12, align=WD_ALIGN_PARAGRAPH.LEFT)
    if doc.signature:
        _line(right, doc.signature.authority_line, bold=True, first=True)
        _line(right, doc.signature.title, bold=True)
        for _blank in range(4):
            _line(right, "")
        _line(right, doc.signature.name, bold=True)


def render_docx(doc: PartyDocument) -> bytes:
    document = Document()
    _setup(document)
    _header(document, doc)
    document.add_paragraph()
    _line(document, doc.doc_type_title, bold=True, size=16)
    _line(document, doc.subject, bold=True)
    _line(document, "-----")
    document.add_paragraph()
    _body(document, doc)
    _footer(document, doc)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
