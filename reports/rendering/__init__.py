"""Party-format documents (HD 36-HD/VPTW) and spreadsheets.

A builder fills a plain-data `PartyDocument`; the renderers turn it into DOCX
(python-docx) and PDF (WeasyPrint, same layout). Spreadsheets carry the
underlying rows and are streamed (openpyxl write-only mode)."""
from .document import (
    Heading,
    Paragraph,
    PartyDocument,
    Signature,
    Table,
    date_line,
    vietnamese_date,
)
from .pdf import render_pdf
from .spreadsheet import Sheet, render_xlsx
from .word import render_docx

__all__ = [
    "Heading", "Paragraph", "PartyDocument", "Signature", "Sheet", "Table",
    "date_line", "render_docx", "render_pdf", "render_xlsx", "vietnamese_date",
]
