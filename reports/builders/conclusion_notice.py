"""The layout of a conclusion notice (THÔNG BÁO KẾT LUẬN) from plain data.

After the merge, a builder reads an inspection's conclusion, findings and
remediation requirements and calls `conclusion_notice_document`; the
renderers then give the DOCX and PDF ready for signature."""
import datetime
from dataclasses import dataclass

from ..rendering import Heading, Paragraph, PartyDocument, Signature, Table

TITLE = "THÔNG BÁO KẾT LUẬN"


@dataclass(frozen=True)
class RequirementLine:
    organization: str
    text: str
    deadline: datetime.date | None = None


def conclusion_notice_document(
    *, issuer_lines: list[str], number: str, date: datetime.date, subject: str, intro: str = "",
    strengths: list[str] = (), limitations: list[str] = (), requirements: list[RequirementLine] = (),
    signature: Signature, recipients: list[str],
) -> PartyDocument:
    blocks = [Paragraph(intro)] if intro else []
    if strengths:
        blocks += [Heading("I. ƯU ĐIỂM"), *(Paragraph(text) for text in strengths)]
    if limitations:
        blocks += [Heading("II. HẠN CHẾ, KHUYẾT ĐIỂM"), *(Paragraph(text) for text in limitations)]
    if requirements:
        blocks += [
            Heading("III. YÊU CẦU KHẮC PHỤC"),
            Table(
                ["STT", "Đơn vị thực hiện", "Nội dung yêu cầu", "Thời hạn"],
                [[index, line.organization, line.text, line.deadline]
                 for index, line in enumerate(requirements, 1)],
            ),
        ]
    return PartyDocument(
        issuer_lines=list(issuer_lines), number=number, date=date, doc_type_title=TITLE, subject=subject,
        blocks=blocks, signature=signature, recipients=list(recipients),
    )
