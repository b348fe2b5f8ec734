"""XLSX rendering with openpyxl in write-only mode: rows are streamed from the
builder's iterators to a temporary file, never held as a whole workbook."""
import datetime
import re
import tempfile
from collections.abc import Iterable
from typing import NamedTuple

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from .document import cell_text

_BAD_TITLE = re.compile(r"[\[\]:*?/\\]")


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


def _cell(sheet, value):
    """Numbers and dates stay typed (sortable in Excel); dates shown dd/mm/yyyy."""
    if value is None or isinstance(value, (int, float)):
        return value
    if isinstance(value, datetime.date):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = "dd/mm/yyyy"
        return cell
    return cell_text(value)


def render_xlsx(sheets: dict) -> bytes:
    """`sheets`: {title: (headers, rows)}; each row a sequence of plain values."""
    workbook = Workbook(write_only=True)
    used = set()
    bold = Font(bold=True)
    for name, (headers, rows) in sheets.items():
        sheet = workbook.create_sheet(_title(name, used))
        header_cells = []
        for title in headers:
            cell = WriteOnlyCell(sheet, value=str(title))
            cell.font = bold
            header_cells.append(cell)
        sheet.append(header_cells)
        for row in rows:
            sheet.append([_cell(sheet, value) for value in row])
    if not used:
        workbook.create_sheet("Sheet")
    with tempfile.TemporaryFile() as out:
        workbook.save(out)
        out.seek(0)
        return out.read()
