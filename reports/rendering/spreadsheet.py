"""XLSX rendering with openpyxl in write-only mode: rows are streamed from the
builder's iterators to a temporary file, never held as a whole workbook.

Each sheet opens ready to work with: the header row frozen and filterable,
columns as wide as their content (measured on the first rows), long texts
wrapped, numbers and dates typed (Excel sorts and sums them; dates show as
dd/mm/yyyy)."""
import datetime
import itertools
import re
import tempfile
from collections.abc import Iterable
from decimal import Decimal
from typing import NamedTuple

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

_BAD_TITLE = re.compile(r"[\[\]:*?/\\]")
SAMPLE_ROWS = 200  # rows measured for the column widths; the rest stream through
MIN_WIDTH, MAX_WIDTH = 6, 60
WRAP_AT = 50  # texts longer than this wrap inside their cell
DATE_FORMAT = "dd/mm/yyyy"
DATETIME_FORMAT = "dd/mm/yyyy hh:mm"
DATE_WIDTH, DATETIME_WIDTH = 12, 17


class Sheet(NamedTuple):
    headers: list[str]
    rows: Iterable  # consumed once


def _title(name, used):
    title = _BAD_TITLE.sub("-", str(name))[:31] or "Sheet"
    base, n = title, 2
    while title in used:
        suffix = f" ({n})"
        title, n = base[: 31 - len(suffix)] + suffix, n + 1
    used.add(title)
    return title


def _plain(value):
    """The typed value a cell holds: numbers and dates as themselves, anything else as text."""
    if value is None or isinstance(value, (bool, int, float, Decimal, datetime.date)):
        if isinstance(value, datetime.datetime) and timezone.is_aware(value):
            return timezone.localtime(value).replace(tzinfo=None)  # Excel has no time zones
        return value
    return str(value)


def _width(value) -> int:
    if value is None:
        return 0
    if isinstance(value, datetime.datetime):
        return DATETIME_WIDTH
    if isinstance(value, datetime.date):
        return DATE_WIDTH
    return max((len(line) for line in str(value).splitlines()), default=0) + 2


class _Styles:
    def __init__(self):
        self.header_font = Font(bold=True)
        self.header_alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        self.wrap = Alignment(wrap_text=True, vertical="top")


def _cell(sheet, value, styles):
    value = _plain(value)
    if isinstance(value, datetime.date):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = DATETIME_FORMAT if isinstance(value, datetime.datetime) else DATE_FORMAT
        return cell
    if isinstance(value, str) and len(value) > WRAP_AT:
        cell = WriteOnlyCell(sheet, value=value)
        cell.alignment = styles.wrap
        return cell
    return value


def _write_sheet(workbook, title, headers, rows, styles):
    sheet = workbook.create_sheet(title)
    rows = iter(rows)
    sample = [list(row) for row in itertools.islice(rows, SAMPLE_ROWS)]
    for index, header in enumerate(headers, 1):
        measured = max([len(str(header)) + 2, *(_width(row[index - 1]) for row in sample if len(row) >= index)])
        sheet.column_dimensions[get_column_letter(index)].width = max(MIN_WIDTH, min(measured, MAX_WIDTH))
    sheet.freeze_panes = "A2"
    header_cells = []
    for header in headers:
        cell = WriteOnlyCell(sheet, value=str(header))
        cell.font, cell.alignment = styles.header_font, styles.header_alignment
        header_cells.append(cell)
    sheet.append(header_cells)
    count = 1
    for row in itertools.chain(sample, rows):
        sheet.append([_cell(sheet, value, styles) for value in row])
        count += 1
    if headers:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{count}"


def render_xlsx(sheets: dict) -> bytes:
    """`sheets`: {title: (headers, rows)}; each row a sequence of plain values."""
    workbook = Workbook(write_only=True)
    used = set()
    styles = _Styles()
    for name, (headers, rows) in sheets.items():
        _write_sheet(workbook, _title(name, used), list(headers), rows, styles)
    if not used:
        workbook.create_sheet("Sheet")
    with tempfile.TemporaryFile() as out:
        workbook.save(out)
        out.seek(0)
        return out.read()
