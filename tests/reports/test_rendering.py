"""The party-document renderers, checked by opening what they produce."""
import datetime
import io

import pytest
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from reports.builders.conclusion_notice import RequirementLine, conclusion_notice_document
from reports.rendering import (
    Paragraph,
    PartyDocument,
    Signature,
    Table,
    date_line,
    render_docx,
    render_pdf,
    render_xlsx,
    vietnamese_date,
)

SEED_DATE = datetime.date(2019, 3, 29)
DATE_LINE = "Thành phố Hồ Chí Minh, ngày 29 tháng 3 năm 2019"


def conclusion_notice():
    """Shaped like the seed's Conclusion Notice 3150-TB/TU."""
    return conclusion_notice_document(
        issuer_lines=["THÀNH ỦY THÀNH PHỐ HỒ CHÍ MINH"],
        number="3150-TB/TU",
        date=SEED_DATE,
        subject=(
            "về lãnh đạo việc xây dựng và tổ chức thực hiện công tác kiểm tra, thanh tra, "
            "giám sát cấp thành phố năm 2019"
        ),
        strengths=["Ban thường vụ cấp ủy các đơn vị chủ động ban hành các văn bản để cụ thể hóa một số tiêu chí."],
        limitations=["Tỷ lệ tổ chức đảng được xếp loại “Hoàn thành xuất sắc nhiệm vụ” thực hiện chưa đúng quy định."],
        requirements=[
            RequirementLine("Ban Thường vụ Quận ủy Quận 3", "Rà soát, bổ sung quy hoạch cán bộ",
                            datetime.date(2019, 6, 30)),
            RequirementLine("Ban Thường vụ Huyện ủy Củ Chi", "Cử cán bộ học cao cấp lý luận chính trị",
                            datetime.date(2019, 9, 30)),
        ],
        signature=Signature("T/M BAN THƯỜNG VỤ", "PHÓ BÍ THƯ THƯỜNG TRỰC", "Nguyễn Văn Hiếu"),
        recipients=["Ban Thường vụ Quận ủy Quận 3,", "Ban Thường vụ Huyện ủy Củ Chi,", "Lưu Văn phòng Thành ủy."],
    )


def followup_report():
    """The Board's follow-up of 3150-TB/TU, as the seed article reports it."""
    return PartyDocument(
        issuer_lines=["THÀNH ỦY THÀNH PHỐ HỒ CHÍ MINH", "BAN TỔ CHỨC"],
        number="412-BC/BTCTU",
        date=SEED_DATE,
        doc_type_title="BÁO CÁO",
        subject="kết quả thực hiện Thông báo kết luận số 3150-TB/TU ngày 29/3/2019 của Ban Thường vụ Thành ủy",
        blocks=[
            Paragraph("Công tác chuẩn hóa trình độ lý luận chính trị của cán bộ chưa đạt yêu cầu."),
            Table(["STT", "Đơn vị", "Đã khắc phục", "Quá hạn"],
                  [[1, "Đảng ủy Khối Đại học, Cao đẳng TP.HCM", 2, 1]]),
        ],
        signature=Signature("K/T TRƯỞNG BAN", "PHÓ TRƯỞNG BAN", "Trần Thị Mai"),
        recipients=["Thường trực Thành ủy (để báo cáo),", "Lưu Văn phòng Ban."],
    )


def docx_text(content):
    document = Document(io.BytesIO(content))
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                lines.extend(p.text for p in cell.paragraphs)
    return "\n".join(lines), document


def pdf_text(content):
    reader = PdfReader(io.BytesIO(content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return " ".join(text.split()), reader


def test_vietnamese_date_pads_days_below_ten_and_the_first_two_months():
    assert vietnamese_date(SEED_DATE) == "ngày 29 tháng 3 năm 2019"
    assert vietnamese_date(datetime.date(2019, 2, 5)) == "ngày 05 tháng 02 năm 2019"
    assert vietnamese_date(datetime.date(2019, 12, 1)) == "ngày 01 tháng 12 năm 2019"
    assert date_line("Thành phố Hồ Chí Minh", SEED_DATE) == DATE_LINE


@pytest.mark.parametrize("make", [conclusion_notice, followup_report])
def test_docx_has_the_party_layout_and_vietnamese_text(make):
    doc = make()
    text, document = docx_text(render_docx(doc))
    header_left, header_right = document.tables[0].rows[0].cells
    assert [p.text for p in header_left.paragraphs] == [*doc.issuer_lines, "*", f"Số {doc.number}"]
    party, _blank, date = (p for p in header_right.paragraphs)
    assert party.text == "ĐẢNG CỘNG SẢN VIỆT NAM"
    assert party.runs[0].underline and party.runs[0].bold
    assert date.text == DATE_LINE and date.runs[0].italic
    assert doc.doc_type_title in [p.text for p in document.paragraphs]
    assert doc.subject in text
    assert doc.blocks[-1].rows[0][1] in text  # a body table cell
    assert all(block.text in text for block in doc.blocks if isinstance(block, Paragraph))
    footer_left, footer_right = document.tables[-1].rows[0].cells
    assert footer_left.paragraphs[0].text == "Nơi nhận:"
    assert f"- {doc.recipients[0]}" in [p.text for p in footer_left.paragraphs]
    assert [footer_right.paragraphs[0].text, footer_right.paragraphs[-1].text] == [
        doc.signature.authority_line, doc.signature.name
    ]
    assert document.styles["Normal"].font.name == "Times New Roman"
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)


def test_conclusion_notice_sections():
    text, _document = docx_text(render_docx(conclusion_notice()))
    assert text.index("I. ƯU ĐIỂM") < text.index("II. HẠN CHẾ, KHUYẾT ĐIỂM") < text.index("III. YÊU CẦU KHẮC PHỤC")
    assert "Hoàn thành xuất sắc nhiệm vụ" in text


def test_docx_table_keeps_columns_and_dates():
    _text, document = docx_text(render_docx(conclusion_notice()))
    body_table = document.tables[1]
    assert [c.text for c in body_table.rows[0].cells] == ["STT", "Đơn vị thực hiện", "Nội dung yêu cầu", "Thời hạn"]
    assert [c.text for c in body_table.rows[2].cells] == [
        "2", "Ban Thường vụ Huyện ủy Củ Chi", "Cử cán bộ học cao cấp lý luận chính trị", "30/09/2019"
    ]


@pytest.mark.parametrize("make", [conclusion_notice, followup_report])
def test_pdf_text_extracts_back_with_its_diacritics(make):
    doc = make()
    text, reader = pdf_text(render_pdf(doc))
    for expected in ["ĐẢNG CỘNG SẢN VIỆT NAM", f"Số {doc.number}", DATE_LINE, doc.doc_type_title,
                     "Nơi nhận:", doc.signature.authority_line, doc.signature.name, doc.blocks[-1].rows[0][1]]:
        assert expected in text
    for block in doc.blocks:  # every body paragraph, diacritics and quotes intact
        if isinstance(block, Paragraph):
            assert block.text in text
    assert text.index("ĐẢNG CỘNG SẢN VIỆT NAM") < text.index(doc.doc_type_title) < text.index("Nơi nhận:")
    assert reader.pages[0].mediabox.width == pytest.approx(595.3, abs=1)  # A4 in points


def test_pdf_embeds_its_fonts():
    _text, reader = pdf_text(render_pdf(followup_report()))
    fonts = reader.pages[0]["/Resources"]["/Font"]
    assert fonts
    for ref in fonts.values():
        font = ref.get_object()
        descriptor = (font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font)[
            "/FontDescriptor"].get_object()
        assert any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")), font["/BaseFont"]


def test_xlsx_streams_rows_into_named_sheets():
    rows = ([i, f"Chi bộ Ấp {i}", datetime.date(2019, 3, i + 1)] for i in range(1, 4))
    content = render_xlsx({
        "Danh sách: tổ chức/đảng viên [2019]": (["STT", "Tên", "Ngày"], rows),
        "Tổng hợp": (["Cấp", "Số lượng"], [["Cơ sở", 2]]),
    })
    workbook = load_workbook(io.BytesIO(content))
    first, second = workbook.worksheets
    assert first.title == "Danh sách- tổ chức-đảng viên -2"[:31]
    assert [c.value for c in first[1]] == ["STT", "Tên", "Ngày"]
    assert first[1][0].font.bold
    assert [c.value for c in first[4]] == [3, "Chi bộ Ấp 3", datetime.datetime(2019, 3, 4)]
    assert first[4][2].number_format == "dd/mm/yyyy"
    assert first.max_row == 4
    assert [c.value for c in second[2]] == ["Cơ sở", 2]
