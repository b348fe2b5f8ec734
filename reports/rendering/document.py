"""The plain-data specification of a party document (domain.md §5).

Nothing here touches the database: a report builder or the conclusion-notice
builder fills a PartyDocument, and each renderer lays it out the same way."""
import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from core.formatting import date_line, formal, long_date, number, table_date

DEFAULT_PLACE = "Thành phố Hồ Chí Minh"
PARTY_NAME = "ĐẢNG CỘNG SẢN VIỆT NAM"
RECIPIENTS_LABEL = "Nơi nhận:"

# Type sizes in points, shared by the DOCX and the PDF renderer (HD 36-HD/VPTW,
# Phụ lục: party name 15 bold; superior body 14; issuing body 14 bold; number
# 14; place and date 14 italic; document type 15-16 bold; subject 14-15 bold;
# body 14-15; signature 14 bold). "Nơi nhận:" 12 bold italic, recipients 11.
SIZES = {
    "party_name": 15, "issuer": 14, "number": 14, "date": 14, "title": 16, "subject": 14, "body": 14,
    "heading": 14, "table": 12, "recipients_label": 12, "recipients": 11, "signature": 14, "page_number": 12,
}


@dataclass(frozen=True)
class Heading:
    """A section heading in the body, e.g. "I. KẾT QUẢ KIỂM TRA"."""

    text: str
    level: int = 1


@dataclass(frozen=True)
class Paragraph:
    text: str
    bold: bool = False
    italic: bool = False


@dataclass(frozen=True)
class Table:
    """A body table. `rows` is a list: tables in a signed document are
    summaries; the underlying rows of a large scope go to the spreadsheet."""

    columns: list[str]
    rows: list[list]
    caption: str = ""


@dataclass(frozen=True)
class Signature:
    """`authority_line` is T/M BAN THƯỜNG VỤ, K/T TRƯỞNG BAN, T/L ...; the name
    may stay empty in a draft prepared for signature."""

    authority_line: str
    title: str
    name: str = ""


@dataclass
class PartyDocument:
    issuer_lines: list[str]
    number: str
    date: datetime.date
    doc_type_title: str
    subject: str
    blocks: list = field(default_factory=list)
    signature: Signature | None = None
    recipients: list[str] = field(default_factory=list)
    place: str = DEFAULT_PLACE

    @property
    def number_line(self):
        return f"Số {self.number}"

    @property
    def date_line(self):
        return date_line(self.place, self.date)


def vietnamese_date(day: datetime.date) -> str:
    """"ngày 29 tháng 3 năm 2019" (core.formatting.long_date, HD 36)."""
    return long_date(day)


def cell_text(value) -> str:
    """A value as a document's table prints it: dates dd/mm/yyyy, numbers 2.500 and 26,7, formal wording."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return table_date(value)
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, (int, float, Decimal)):
        return number(value)
    return formal(str(value))
