"""DOCX rendering with python-docx: A4, Times New Roman, HD 36 layout, the
type sizes of document.SIZES (the same as the PDF's)."""
import io

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from core.formatting import formal

from .document import PARTY_NAME, RECIPIENTS_LABEL, SIZES, Heading, Paragraph, PartyDocument, Table, cell_text

FONT = "Times New Roman"
CENTER = WD_ALIGN_PARAGRAPH.CENTER
LEFT = WD_ALIGN_PARAGRAPH.LEFT
JUSTIFY = WD_ALIGN_PARAGRAPH.JUSTIFY


def _setup(document):
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(SIZES["body"])
    # East-Asian and complex-script slots too, or Word falls back per script.
    fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)
    normal.paragraph_format.space_after = Pt(0)


def _page_numbers(document):
    """A PAGE field centred in the footer from the second page on, as the PDF's @page rule."""
    section = document.sections[0]
    section.different_first_page_header_footer = True
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = CENTER
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = paragraph.add_run()
    run.font.size = Pt(SIZES["page_number"])
    field.append(run._r)
    paragraph._p.append(field)


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


def _keep_together(row, *, with_next=True):
    """The row stays on one page and, with `with_next`, on the page of what follows."""
    row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    if with_next:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.keep_with_next = True


def _header(document, doc: PartyDocument):
    table = document.add_table(rows=1, cols=2)
    _no_borders(table)
    left, right = table.rows[0].cells
    left.width, right.width = Mm(56), Mm(109)  # as the PDF: 34 % and 66 % of the text width
    size = SIZES["issuer"]
    for index, line in enumerate(doc.issuer_lines):
        # HD 36: the issuing body in bold, the body above it (if any) not.
        _line(left, line, bold=index == len(doc.issuer_lines) - 1, size=size, first=index == 0)
    _line(left, "*", size=size)
    _line(left, doc.number_line, size=SIZES["number"])
    _line(right, PARTY_NAME, bold=True, underline=True, size=SIZES["party_name"], first=True)
    _line(right, "", size=SIZES["date"])
    _line(right, doc.date_line, italic=True, size=SIZES["date"])


def _table(document, block: Table):
    if block.caption:
        _line(document, formal(block.caption), bold=True, align=LEFT)
    table = document.add_table(rows=1, cols=len(block.columns))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, title in zip(table.rows[0].cells, block.columns, strict=True):
        _line(cell, str(title), bold=True, size=SIZES["table"], first=True)
    for row in block.rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, row, strict=True):
            _line(cell, cell_text(value), size=SIZES["table"], align=LEFT, first=True)
    return table


def _body(document, doc: PartyDocument):
    """The blocks; returns what the signature block must stay with: the last
    paragraph, or the last row of a closing table and the space after it."""
    last = []
    for block in doc.blocks:
        if isinstance(block, Heading):
            heading = _line(document, formal(block.text), bold=True, italic=block.level > 1,
                            size=SIZES["heading"], align=LEFT)
            heading.paragraph_format.keep_with_next = True
            last = [heading]
        elif isinstance(block, Paragraph):
            paragraph = _line(document, formal(block.text), bold=block.bold, italic=block.italic, align=JUSTIFY)
            paragraph.paragraph_format.first_line_indent = Mm(10)
            paragraph.paragraph_format.space_after = Pt(6)
            last = [paragraph]
        elif isinstance(block, Table):
            table = _table(document, block)
            last = [table.rows[-1], document.add_paragraph()]
        else:
            raise TypeError(f"Unknown block {block!r}")
    return last


def _footer(document, doc: PartyDocument, last=()):
    """Recipients and signature, never alone on a page: `last` (see _body) keeps with them."""
    for item in last:
        if hasattr(item, "paragraph_format"):
            item.paragraph_format.keep_with_next = True
        else:
            _keep_together(item)
    table = document.add_table(rows=1, cols=2)
    _no_borders(table)
    left, right = table.rows[0].cells
    left.width, right.width = Mm(80), Mm(85)
    if doc.recipients:
        _line(left, RECIPIENTS_LABEL, bold=True, italic=True, underline=True, size=SIZES["recipients_label"],
              align=LEFT, first=True)
        for recipient in doc.recipients:
            _line(left, f"- {recipient}", size=SIZES["recipients"], align=LEFT)
    if doc.signature:
        size = SIZES["signature"]
        _line(right, doc.signature.authority_line, bold=True, size=size, first=True)
        _line(right, doc.signature.title, bold=True, size=size)
        for _blank in range(4):
            _line(right, "", size=size)
        _line(right, doc.signature.name, bold=True, size=size)
    _keep_together(table.rows[0], with_next=False)


def render_docx(doc: PartyDocument) -> bytes:
    document = Document()
    _setup(document)
    _page_numbers(document)
    _header(document, doc)
    document.add_paragraph()
    _line(document, doc.doc_type_title, bold=True, size=SIZES["title"])
    _line(document, formal(doc.subject), bold=True, size=SIZES["subject"])
    _line(document, "-----")
    document.add_paragraph()
    _footer(document, doc, _body(document, doc))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
