"""The cadre import workbook: its sheets and columns, the template staff fill in,
and reading a sheet's rows into typed values (dates dd/mm/yyyy, choices by
value or Vietnamese label, diacritics and case ignored)."""
import datetime
import functools
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from core.inputs import normalize_text
from core.text import fold
from organizations.models import Term

from .choices import (
    EducationLevel,
    Gender,
    PlanningStatus,
    RemovalReason,
    StateManagementLevel,
    TheoryLevel,
    TrainingKind,
    TrainingStatus,
)
from .models import Title

TEXT, DATE, CHOICE, REF = "text", "date", "choice", "ref"


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    kind: str = TEXT
    required: bool = False
    choices: type | None = None


@dataclass(frozen=True)
class Sheet:
    key: str
    title: str
    columns: tuple


CADRE_SHEET = Sheet("cadres", "Cán bộ", (
    Column("code", "Mã cán bộ", required=True),
    Column("full_name", "Họ và tên", required=True),
    Column("birth_date", "Ngày sinh", DATE, required=True),
    Column("gender", "Giới tính", CHOICE, required=True, choices=Gender),
    Column("ethnicity", "Dân tộc"),
    Column("organization", "Mã tổ chức", REF, required=True),
    Column("party_joined_on", "Ngày vào Đảng", DATE),
    Column("theory_level", "Trình độ lý luận chính trị", CHOICE, choices=TheoryLevel),
    Column("theory_level_obtained_on", "Ngày đạt trình độ LLCT", DATE),
    Column("education_level", "Trình độ chuyên môn", CHOICE, choices=EducationLevel),
    Column("state_management_level", "Trình độ quản lý nhà nước", CHOICE, choices=StateManagementLevel),
    Column("notes", "Ghi chú"),
))
PLANNING_SHEET = Sheet("planning", "Quy hoạch", (
    Column("cadre", "Mã cán bộ", REF, required=True),
    Column("title", "Mã chức danh", REF, required=True),
    Column("organization", "Mã tổ chức", REF, required=True),
    Column("term", "Nhiệm kỳ", REF, required=True),
    Column("decision", "Số quyết định"),
    Column("status", "Trạng thái", CHOICE, choices=PlanningStatus),
    Column("added_on", "Ngày đưa vào quy hoạch", DATE, required=True),
    Column("approved_on", "Ngày phê duyệt", DATE),
    Column("removed_on", "Ngày đưa ra", DATE),
    Column("removal_reason", "Lý do đưa ra", CHOICE, choices=RemovalReason),
    Column("removal_note", "Ghi chú lý do"),
))
TRAINING_SHEET = Sheet("training", "Đào tạo", (
    Column("cadre", "Mã cán bộ", REF, required=True),
    Column("kind", "Loại", CHOICE, required=True, choices=TrainingKind),
    Column("theory_level", "Trình độ lý luận chính trị", CHOICE, choices=TheoryLevel),
    Column("course", "Tên khóa học"),
    Column("institution", "Cơ sở đào tạo"),
    Column("started_on", "Từ ngày", DATE),
    Column("ended_on", "Đến ngày", DATE),
    Column("status", "Trạng thái", CHOICE, required=True, choices=TrainingStatus),
    Column("certificate", "Văn bằng, chứng chỉ"),
))
SHEETS = (CADRE_SHEET, PLANNING_SHEET, TRAINING_SHEET)


@dataclass
class RowError:
    sheet: str
    row: int
    message: str

    def as_dict(self):
        return {"sheet": self.sheet, "row": self.row, "message": self.message}

    def __str__(self):
        return _("Sheet “%(sheet)s”, dòng %(row)s: %(message)s") % self.as_dict()


@dataclass
class _Row:
    sheet: Sheet
    line: int
    values: dict
    errors: list = field(default_factory=list)
    instance: object = None
    key: tuple = ()
    cadre_code: str = ""
    bad_fields: set = field(default_factory=set)


# --- Template -------------------------------------------------------------------
def build_template(stream):
    """Write the import template (three sheets with Vietnamese headers, value
    lists, the title catalogue and instructions) to a binary stream."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
    for sheet in SHEETS:
        ws = workbook.create_sheet(sheet.title)
        for index, column in enumerate(sheet.columns, start=1):
            cell = ws.cell(row=1, column=index, value=column.header + (" (*)" if column.required else ""))
            cell.font, cell.fill = bold, fill
            ws.column_dimensions[get_column_letter(index)].width = max(14, len(column.header) + 6)
            if column.kind == CHOICE:
                labels = ",".join(str(label) for label in column.choices.labels)
                if len(labels) < 250:
                    validation = DataValidation(type="list", formula1=f'"{labels}"', allow_blank=True)
                    ws.add_data_validation(validation)
                    validation.add(f"{get_column_letter(index)}2:{get_column_letter(index)}2000")
            elif column.kind == DATE:
                ws.column_dimensions[get_column_letter(index)].number_format = "DD/MM/YYYY"
        ws.freeze_panes = "A2"
    titles = workbook.create_sheet(_("Danh mục chức danh"))
    titles.append([_("Mã chức danh"), _("Tên chức danh"), _("Cấp"), _("Trình độ LLCT tối thiểu")])
    for title in Title.objects.all():
        titles.append([title.code, title.name, title.get_level_display(), title.get_min_theory_level_display()])
    terms = workbook.create_sheet(_("Danh mục nhiệm kỳ"))
    terms.append([_("Nhiệm kỳ")])
    for term in Term.objects.all():
        terms.append([term.name])
    guide = workbook.create_sheet(_("Hướng dẫn"))
    for line in (
        _("Cột có dấu (*) là bắt buộc. Ngày ghi theo dạng dd/mm/yyyy."),
        _("Mã cán bộ là khóa ổn định: nhập lại cùng tệp không tạo bản ghi trùng."),
        _("Mã tổ chức là mã trong hệ thống; mã chức danh xem sheet “Danh mục chức danh”."),
        _("Nếu có dòng lỗi, không dòng nào được ghi, trừ khi chọn “chỉ nhập các dòng hợp lệ”."),
    ):
        guide.append([line])
    for ws in (titles, terms):
        for cell in ws[1]:
            cell.font = bold
    workbook.save(stream)


# --- Parsing --------------------------------------------------------------------
@functools.lru_cache(maxsize=64)
def _choice_map_in(choices, language):
    mapping = {}
    for value, label in choices.choices:
        mapping[fold(value)] = value
        mapping[fold(str(label))] = value
    return mapping


def _choice_map(choices):
    """{folded value or label: value}, built once per choice set and language (not once per cell)."""
    return _choice_map_in(choices, get_language())


def _parse_date(raw):
    if isinstance(raw, datetime.datetime):
        return raw.date()
    if isinstance(raw, datetime.date):
        return raw
    text = str(raw).strip()
    for fmt in ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"):
        try:
            return datetime.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(text)


def _cell_text(raw):
    """The cell as text, in Unicode NFC: a code typed in NFD matches the stored one."""
    if raw is None:
        return ""
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    text = str(raw).strip()
    try:
        return normalize_text(text)
    except ValidationError:
        return text  # XML cannot carry NUL; should one appear, the model validation reports it


def _parse_row(sheet, line, raw_values):
    row = _Row(sheet, line, {})
    for column, raw in zip(sheet.columns, raw_values, strict=False):
        text = _cell_text(raw) if not isinstance(raw, datetime.date) else raw
        if text in ("", None):
            if column.required:
                row.errors.append(_("Thiếu “%(column)s”.") % {"column": column.header})
                row.bad_fields.add(column.key)
            row.values[column.key] = None if column.kind == DATE else ""
            continue
        if column.kind == DATE:
            try:
                row.values[column.key] = _parse_date(raw)
            except ValueError:
                row.errors.append(_("“%(column)s” không phải ngày hợp lệ: “%(value)s” (dạng dd/mm/yyyy).")
                                  % {"column": column.header, "value": text})
                row.bad_fields.add(column.key)
                row.values[column.key] = None
        elif column.kind == CHOICE:
            value = _choice_map(column.choices).get(fold(text))
            if value is None:
                row.errors.append(_("“%(column)s” không hợp lệ: “%(value)s” (chọn một trong: %(labels)s).") % {
                    "column": column.header, "value": text,
                    "labels": ", ".join(str(label) for label in column.choices.labels),
                })
                row.bad_fields.add(column.key)
                value = ""
            row.values[column.key] = value
        else:
            row.values[column.key] = text
    for column in sheet.columns[len(raw_values):]:
        if column.required:
            row.errors.append(_("Thiếu “%(column)s”.") % {"column": column.header})
        row.values.setdefault(column.key, None if column.kind == DATE else "")
    return row


def read_sheet(workbook, sheet, errors, budget):
    """Rows of one sheet (empty when the sheet is absent); header problems are errors on line 1."""
    if sheet.title not in workbook.sheetnames:
        return []
    rows = budget.rows(workbook[sheet.title])  # bounded: data rows, counted while reading
    header = next(rows, None) or ()
    found = [fold(_cell_text(cell).replace("(*)", "")) for cell in header]
    positions = []
    for column in sheet.columns:
        try:
            positions.append(found.index(fold(column.header)))
        except ValueError:
            positions.append(None)
            if column.required:
                errors.append(RowError(sheet.title, 1, _("Thiếu cột “%(column)s”.") % {"column": column.header}))
    parsed = []
    for line, values in enumerate(rows, start=2):
        if values is None or all(_cell_text(v) == "" for v in values):
            continue
        ordered = [values[p] if p is not None and p < len(values) else None for p in positions]
        parsed.append(_parse_row(sheet, line, ordered))
    return parsed
