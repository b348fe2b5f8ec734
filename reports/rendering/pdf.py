"""PDF rendering with WeasyPrint from templates/reports/party_document.html.

The page asks for Times New Roman and falls back to Liberation Serif, then
DejaVu Serif: all three carry the Vietnamese glyphs, and WeasyPrint embeds
the subset it uses, so the PDF reads the same on any machine."""
import logging

from django.conf import settings
from django.template.loader import render_to_string

from core.formatting import formal

from .document import PARTY_NAME, RECIPIENTS_LABEL, SIZES, Heading, Paragraph, PartyDocument, Table, cell_text

# The font subsetter and the layout steps log at INFO on every document.
for _name in ("fontTools", "weasyprint.progress"):
    logging.getLogger(_name).setLevel(logging.WARNING)


def _blocks(doc: PartyDocument):
    for block in doc.blocks:
        if isinstance(block, Heading):
            yield {"kind": "heading", "text": formal(block.text), "level": block.level}
        elif isinstance(block, Paragraph):
            yield {"kind": "paragraph", "text": formal(block.text), "bold": block.bold, "italic": block.italic}
        elif isinstance(block, Table):
            rows = [[cell_text(value) for value in row] for row in block.rows]
            yield {"kind": "table", "columns": block.columns, "rows": rows, "caption": formal(block.caption)}
        else:
            raise TypeError(f"Unknown block {block!r}")


def render_pdf(doc: PartyDocument) -> bytes:
    from weasyprint import HTML  # heavy import, only where a PDF is made

    blocks = list(_blocks(doc))
    # The last paragraph goes into the closing block with the signature, so that
    # the signature is never alone on a page; a closing table keeps its last rows
    # with it (break-before: avoid on the signature block).
    closing = blocks.pop() if blocks and blocks[-1]["kind"] != "table" else None
    html = render_to_string("reports/party_document.html", {
        "doc": doc, "subject": formal(doc.subject), "party_name": PARTY_NAME, "recipients_label": RECIPIENTS_LABEL,
        "blocks": blocks, "closing": closing, "sizes": SIZES,
    })
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
