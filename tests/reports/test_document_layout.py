"""The party-document layout the two renderers share (HD 36): type sizes and
styles, the bold issuing body, page numbers, the signature block kept with
the text; and the spreadsheets' working layout."""
import datetime
import io
from collections import Counter

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from reports.rendering import Paragraph, PartyDocument, Signature, Table, render_docx, render_pdf, render_xlsx
from reports.rendering.document import SIZES

from .test_rendering import conclusion_notice, docx_text, followup_report

SIGNER = "Nguyễn Văn Hiếu"


# --- reading the PDF back: each printed line with its sizes and styles -------------------------
def pdf_lines(content):
    """[(page index, Counter of the line's characters, {(size pt, bold, italic)})]. Vietnamese letters
    may come from a fallback font, so a line is matched by its characters, not their order."""
    lines = []
    for page_index, page in enumerate(PdfReader(io.BytesIO(content)).pages):
        found = {}

        def visit(text, cm, tm, font, size, found=found):
            if not text.strip() or not font:
                return
            y = round(cm[5] + tm[5] * cm[3], 1)
            name = str(font.get("/BaseFont", ""))
            style = (round(size * tm[0] * cm[0], 1), "Bold" in name, "Italic" in name)
            chars, styles = found.setdefault(y, (Counter(), set()))
            chars.update(text.replace(" ", "").replace("\n", ""))
            styles.add(style)

        page.extract_text(visitor_text=visit)
        lines += [(page_index, chars, styles) for chars, styles in found.values()]
    return lines


def pdf_styles(lines, text):
    """The styles the PDF prints `text` in (the text may wrap over several lines)."""
    wanted = Counter(text.replace(" ", ""))
    parts = [(chars, styles) for _page, chars, styles in lines if len(chars) >= 3 and not chars - wanted]
    covered = sum((chars for chars, _styles in parts), Counter())
    assert covered == wanted, f"{text!r} not found as printed lines"
    return set().union(*(styles for _chars, styles in parts))


def docx_styles(paragraph):
    runs = [run for run in paragraph.runs if run.text]
    return {(run.font.size.pt, bool(run.bold), bool(run.italic)) for run in runs}


def test_docx_and_pdf_print_the_header_and_the_signature_alike():
    doc = followup_report()  # issued by the Board: the city committee's name above, the Board's in bold
    _text, document = docx_text(render_docx(doc))
    lines = pdf_lines(render_pdf(doc))
    left, right = document.tables[0].rows[0].cells
    recipients, signature = document.tables[-1].rows[0].cells
    printed = {
        "THÀNH ỦY THÀNH PHỐ HỒ CHÍ MINH": (left.paragraphs[0], (14, False, False)),
        "BAN TỔ CHỨC": (left.paragraphs[1], (14, True, False)),
        "Số 412-BC/BTCTU": (left.paragraphs[3], (14, False, False)),
        "ĐẢNG CỘNG SẢN VIỆT NAM": (right.paragraphs[0], (15, True, False)),
        "Thành phố Hồ Chí Minh, ngày 29 tháng 3 năm 2019": (right.paragraphs[2], (14, False, True)),
        "Nơi nhận:": (recipients.paragraphs[0], (12, True, True)),
        "- Lưu Văn phòng Ban.": (recipients.paragraphs[-1], (11, False, False)),
        "K/T TRƯỞNG BAN": (signature.paragraphs[0], (14, True, False)),
        "Trần Thị Mai": (signature.paragraphs[-1], (14, True, False)),
    }
    for text, (paragraph, expected) in printed.items():
        assert paragraph.text == text
        assert docx_styles(paragraph) == {expected}, text
        assert pdf_styles(lines, text) == {expected}, text
    title = next(p for p in document.paragraphs if p.text == "BÁO CÁO")
    assert docx_styles(title) == pdf_styles(lines, "BÁO CÁO") == {(SIZES["title"], True, False)}


def test_a_committee_issuing_alone_is_printed_in_bold():
    _text, document = docx_text(render_docx(conclusion_notice()))
    issuer = document.tables[0].rows[0].cells[0].paragraphs[0]
    assert issuer.text == "THÀNH ỦY THÀNH PHỐ HỒ CHÍ MINH" and all(run.bold for run in issuer.runs)
    assert pdf_styles(pdf_lines(render_pdf(conclusion_notice())), issuer.text) == {(14, True, False)}


def test_docx_numbers_its_pages_in_the_footer_from_the_second_page():
    _text, document = docx_text(render_docx(followup_report()))
    section = document.sections[0]
    footer_xml = section.footer._element.xml
    assert "PAGE" in footer_xml and ("w:fldSimple" in footer_xml or "w:instrText" in footer_xml)
    assert section.different_first_page_header_footer  # the first page carries no number, as in the PDF
    assert "PAGE" not in section.first_page_footer._element.xml


def _long(paragraphs, *, table=False):
    filler = ("Công tác chuẩn hóa trình độ lý luận chính trị của cán bộ chưa đạt yêu cầu, còn nhiều cán bộ là lãnh "
              "đạo chủ chốt đơn vị chưa hoàn thành chương trình cao cấp lý luận chính trị. ") * 3
    last = (Table(["STT", "Đơn vị", "Nội dung"], [[i, "Quận ủy Quận 3", f"Dòng cuối số {i}"] for i in (1, 2, 3)])
            if table else Paragraph("Đoạn cuối của thân văn bản, ngay trước chữ ký."))
    return PartyDocument(
        issuer_lines=["THÀNH ỦY THÀNH PHỐ HỒ CHÍ MINH"], number="3150-TB/TU", date=datetime.date(2019, 3, 29),
        doc_type_title="THÔNG BÁO KẾT LUẬN", subject="Kết quả kiểm tra", blocks=[
            *(Paragraph(filler) for _ in range(paragraphs)), last],
        signature=Signature("T/M BAN THƯỜNG VỤ", "PHÓ BÍ THƯ THƯỜNG TRỰC", SIGNER),
        recipients=["Ban Thường vụ Quận ủy Quận 3,", "Lưu Văn phòng Thành ủy."])


@pytest.mark.parametrize(("table", "last_text"), [(False, "ngay trước chữ ký"), (True, "Dòng cuối số 3")])
def test_the_signature_block_shares_its_page_with_the_last_text(table, last_text):
    """Grow the body a paragraph at a time until it takes two pages: around that boundary a signature
    block laid out on its own would fall alone onto the second page."""
    checked = 0
    for paragraphs in range(2, 12):
        pages = [" ".join(page.extract_text().split())
                 for page in PdfReader(io.BytesIO(render_pdf(_long(paragraphs, table=table)))).pages]
        signer_page = next(index for index, text in enumerate(pages) if SIGNER in text)
        assert last_text in pages[signer_page], (paragraphs, pages[signer_page][:200])
        if len(pages) > 1:
            checked += 1
            if checked == 3:
                break
    assert checked == 3


def test_docx_keeps_the_last_paragraph_with_the_signature_block():
    _text, document = docx_text(render_docx(_long(2)))
    last = next(p for p in document.paragraphs if p.text.startswith("Đoạn cuối"))
    assert last.paragraph_format.keep_with_next
    signature_row = document.tables[-1].rows[0]._tr
    assert signature_row.trPr is not None and signature_row.trPr.find(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}cantSplit") is not None
    # a closing table keeps its last row with the signature
    _text, document = docx_text(render_docx(_long(2, table=True)))
    last_row = document.tables[-2].rows[-1]
    assert all(p.paragraph_format.keep_with_next for cell in last_row.cells for p in cell.paragraphs)


# --- spreadsheets ---------------------------------------------------------------------------
def test_xlsx_sheets_open_with_a_frozen_filterable_header_fitted_columns_and_typed_cells():
    long_text = ("Định kỳ rà soát các tiêu chuẩn, điều kiện đối với cán bộ đã được phê duyệt quy hoạch để kịp "
                 "thời đào tạo, bồi dưỡng, luân chuyển, điều động.")
    rows = ([i, "Quận ủy Quận 3", long_text, datetime.date(2019, 12, 31), 26.7, 2500] for i in range(1, 4))
    content = render_xlsx({"Yêu cầu": (["STT", "Tổ chức", "Nội dung yêu cầu", "Thời hạn", "Tỷ lệ (%)", "Số"], rows),
                           "Trống": (["Mã", "Tên"], [])})
    workbook = load_workbook(io.BytesIO(content))
    sheet = workbook["Yêu cầu"]
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:F4"
    assert workbook["Trống"].auto_filter.ref == "A1:B1" and workbook["Trống"].freeze_panes == "A2"
    widths = {letter: sheet.column_dimensions[letter].width for letter in "ABCDEF"}
    assert widths["A"] < widths["B"] < widths["C"] <= 60  # as wide as the content, long texts capped
    assert widths["D"] >= 10  # a dd/mm/yyyy date fits
    assert sheet["C2"].alignment.wrap_text and not sheet["B2"].alignment.wrap_text
    assert sheet["A1"].font.bold and sheet["A1"].alignment.wrap_text
    assert sheet["D2"].value == datetime.datetime(2019, 12, 31) and sheet["D2"].number_format == "dd/mm/yyyy"
    assert sheet["E2"].value == 26.7 and sheet["E2"].data_type == "n"
    assert sheet["F2"].value == 2500 and sheet["A4"].value == 3
