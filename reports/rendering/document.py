"""The plain-data specification of a party document (domain.md §5).

Nothing here touches the database: a report builder or the conclusion-notice
builder fills a PartyDocument, and each renderer lays it out the same way."""
import datetime
from dataclasses import dataclass, field

DEFAULT_PLACE = "Thành phố Hồ Chí Minh"
PARTY_NAME = "ĐẢNG CỘNG SẢN VIỆT NAM"


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
    """"ngày 29 tháng 3 năm 2019". Days below 10 and the months 1 and 2 take a
    leading zero (HD 36-HD/VPTW), so that nothing can be written in front of them."""
    day_part = f"{day.day:02d}"
    month_part = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"ngày {day_part} tháng {month_part} năm {day.year}"


def date_line(place: str, day: datetime.date) -> str:
    return f"{place}, {vietnamese_date(day)}"


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    return str(value)
