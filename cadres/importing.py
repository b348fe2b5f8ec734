"""XLSX import of cadres, planning entries and training records.

Three sheets (Cán bộ, Quy hoạch, Đào tạo) with Vietnamese headers; the
template comes from `build_template()`. Every row is checked first; the result
lists each bad row with its sheet, line number and reason. Nothing is written
unless every row is valid, or the caller explicitly asks for the valid rows
only (the run is then logged, with the rejected rows). Rows are matched on
stable keys, so importing the same file again creates nothing and changes
nothing: cadres on their code, planning entries on (cadre, title,
organization, term, date added), training on (cadre, kind, level, course,
start date)."""
import datetime
import logging
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from core.errors import ApplicationError
from core.inputs import normalize_text
from core.text import fold
from core.xlsx import RowBudget, open_workbook
from organizations.models import Organization, Term

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
from .models import Cadre, CadreImport, PlanningEntry, Title, TrainingRecord

logger = logging.getLogger(__name__)

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
class ImportResult:
    errors: list = field(default_factory=list)
    counts: dict = field(default_factory=dict)
    saved: bool = False
    log: CadreImport | None = None

    @property
    def ok(self):
        return not self.errors


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
def _choice_map(choices):
    mapping = {}
    for value, label in choices.choices:
        mapping[fold(value)] = value
        mapping[fold(str(label))] = value
    return mapping


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


def _read_sheet(workbook, sheet, errors, budget):
    """Rows of one sheet (empty when the sheet is absent); header problems are errors on line 1."""
    if sheet.title not in workbook.sheetnames:
        return []
    rows = budget.rows(workbook[sheet.title])
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


def _validation_messages(exc, model):
    messages = []
    for name, problems in exc.message_dict.items():
        label = "" if name == "__all__" else f"{model._meta.get_field(name).verbose_name}: "
        messages.extend(f"{label}{problem}" for problem in problems)
    return messages


def _clean(row, instance, exclude=()):
    """Model validation, leaving out the fields already reported as bad."""
    model_fields = {f.name for f in type(instance)._meta.fields}
    exclude = set(exclude) | (row.bad_fields & model_fields)
    try:
        instance.full_clean(exclude=list(exclude), validate_unique=False)
    except ValidationError as exc:
        row.errors.extend(_validation_messages(exc, type(instance)))
    row.instance = instance


# --- Import -------------------------------------------------------------------
class _Importer:
    def __init__(self, *, user):
        self.user = user
        self.organizations = {}
        self.cadres_in_db = {}

    def _organization(self, row, code):
        organization = self.organizations.get(code)
        if organization is None:
            row.errors.append(_("Mã tổ chức “%(code)s” không tồn tại hoặc ngoài phạm vi của bạn.") % {"code": code})
        return organization

    def load_references(self, rows):
        codes = {r.values.get("organization") for r in rows if r.values.get("organization")}
        visible = Organization.objects.for_user(self.user) if self.user is not None else Organization.objects.all()
        self.organizations = {o.code: o for o in visible.filter(code__in=codes)}
        cadre_codes = {r.values.get("code") or r.values.get("cadre") for r in rows} - {"", None}
        in_db = Cadre.objects.filter(code__in=cadre_codes).select_related("organization")
        self.cadres_in_db = {c.code: c for c in in_db}
        visible_cadres = Cadre.objects.filter(code__in=cadre_codes)
        if self.user is not None:
            visible_cadres = visible_cadres.for_user(self.user)
        self.visible_cadre_codes = set(visible_cadres.values_list("code", flat=True))
        self.titles = {t.code: t for t in Title.objects.all()}
        self.terms = {fold(t.name).replace("-", "–"): t for t in Term.objects.all()}

    def check_cadres(self, rows):
        seen = {}
        for row in rows:
            values = row.values
            code = values["code"]
            row.cadre_code = code
            if code in seen:
                row.errors.append(
                    _("Mã cán bộ “%(code)s” trùng với dòng %(line)s.") % {"code": code, "line": seen[code]}
                )
                continue
            if code:
                seen[code] = row.line
            if code in self.cadres_in_db and code not in self.visible_cadre_codes:
                row.errors.append(_("Mã cán bộ “%(code)s” thuộc đơn vị ngoài phạm vi của bạn.") % {"code": code})
                continue
            organization = self._organization(row, values["organization"]) if values["organization"] else None
            fields = {key: value for key, value in values.items() if key != "organization"}
            fields["theory_level"] = fields["theory_level"] or TheoryLevel.NONE
            fields["state_management_level"] = fields["state_management_level"] or StateManagementLevel.NONE
            fields["ethnicity"] = fields["ethnicity"] or "Kinh"
            instance = self.cadres_in_db.get(code) or Cadre()
            for key, value in fields.items():
                setattr(instance, key, value)
            if organization is not None:
                instance.organization = organization
            _clean(row, instance, exclude=["search_text"] + ([] if organization else ["organization"]))

    def _cadre_ref(self, row, code, valid_cadre_rows):
        row.cadre_code = code
        if code in valid_cadre_rows:
            return valid_cadre_rows[code]
        if code in self.cadres_in_db and code in self.visible_cadre_codes:
            return self.cadres_in_db[code]
        if code in self.invalid_cadre_codes:
            row.errors.append(_("Mã cán bộ “%(code)s” có lỗi ở sheet “Cán bộ”.") % {"code": code})
        else:
            row.errors.append(_("Không có cán bộ mã “%(code)s” (trong tệp hoặc trong phạm vi của bạn).")
                              % {"code": code})
        return None

    def check_planning(self, rows, valid_cadre_rows):
        seen, open_keys = {}, {}
        for row in rows:
            values = row.values
            cadre = self._cadre_ref(row, values["cadre"], valid_cadre_rows) if values["cadre"] else None
            title = self.titles.get(values["title"]) if values["title"] else None
            if values["title"] and title is None:
                row.errors.append(_("Không có chức danh mã “%(code)s”.") % {"code": values["title"]})
            organization = self._organization(row, values["organization"]) if values["organization"] else None
            term = self.terms.get(fold(values["term"]).replace("-", "–")) if values["term"] else None
            if values["term"] and term is None:
                row.errors.append(_("Không có nhiệm kỳ “%(term)s”.") % {"term": values["term"]})
            if row.errors:
                continue
            row.key = (values["cadre"], title.pk, organization.pk, term.pk, values["added_on"])
            if row.key in seen:
                row.errors.append(_("Trùng với dòng %(line)s.") % {"line": seen[row.key]})
                continue
            seen[row.key] = row.line
            status = values["status"] or (
                PlanningStatus.REMOVED if values["removed_on"]
                else PlanningStatus.APPROVED if values["approved_on"] else PlanningStatus.PROPOSED
            )
            existing = None
            if cadre is not None and cadre.pk:
                existing = PlanningEntry.objects.filter(
                    cadre=cadre, title=title, organization=organization, term=term, added_on=values["added_on"]
                ).first()
            open_key = row.key[:4]
            if not values["removed_on"]:
                if open_key in open_keys:
                    row.errors.append(_("Dòng %(line)s đã đưa cán bộ này vào quy hoạch chức danh này.")
                                      % {"line": open_keys[open_key]})
                    continue
                open_keys[open_key] = row.line
                other_open = cadre is not None and cadre.pk and PlanningEntry.objects.filter(
                    cadre=cadre, title=title, organization=organization, term=term, removed_on__isnull=True
                ).exclude(pk=getattr(existing, "pk", None)).exists()
                if other_open:
                    row.errors.append(_("Cán bộ đã có trong quy hoạch chức danh này của nhiệm kỳ (mục khác)."))
                    continue
            instance = existing or PlanningEntry()
            fields = {**values, "title": title, "organization": organization, "term": term, "status": status}
            fields.pop("cadre")
            for key, value in fields.items():
                setattr(instance, key, value)
            _clean(row, instance, exclude=["cadre"])

    def check_training(self, rows, valid_cadre_rows):
        seen = {}
        for row in rows:
            values = row.values
            cadre = self._cadre_ref(row, values["cadre"], valid_cadre_rows) if values["cadre"] else None
            if row.errors:
                continue
            row.key = (values["cadre"], values["kind"], values["theory_level"], fold(values["course"]),
                       values["started_on"])
            if row.key in seen:
                row.errors.append(_("Trùng với dòng %(line)s.") % {"line": seen[row.key]})
                continue
            seen[row.key] = row.line
            existing = None
            if cadre is not None and cadre.pk:
                existing = TrainingRecord.objects.filter(
                    cadre=cadre, kind=values["kind"], theory_level=values["theory_level"],
                    course=values["course"], started_on=values["started_on"],
                ).first()
            instance = existing or TrainingRecord()
            for key, value in values.items():
                if key != "cadre":
                    setattr(instance, key, value)
            _clean(row, instance, exclude=["cadre"])


def _changed(instance):
    """Whether saving would change the stored row (no history row for a no-op re-import)."""
    if instance.pk is None:
        return True
    stored = type(instance).objects.filter(pk=instance.pk).values().first()
    return any(
        getattr(instance, f.attname) != stored[f.attname]
        for f in instance._meta.concrete_fields if f.attname in stored and f.name != "search_text"
    )


def _save_rows(rows, counts, cadre_by_code=None):
    for row in rows:
        if row.errors:
            continue
        instance = row.instance
        if cadre_by_code is not None:
            instance.cadre = cadre_by_code[row.cadre_code]
        if instance.pk is None:
            counts["created"] += 1
        elif _changed(instance):
            counts["updated"] += 1
        else:
            counts["unchanged"] += 1
            continue
        instance.save()


def import_workbook(file, *, user=None, only_valid=False, filename="") -> ImportResult:
    """Check every row, then save all of them, or (only_valid) the valid ones;
    any failure while saving rolls the whole import back."""
    workbook = open_workbook(file)  # bounded: size, zip entries, uncompressed size
    result = ImportResult()
    budget = RowBudget()  # bounded: data rows, counted while reading
    try:
        rows = {sheet.key: _read_sheet(workbook, sheet, result.errors, budget) for sheet in SHEETS}
    finally:
        workbook.close()
    if not any(rows.values()) and not result.errors:
        raise ApplicationError(
            _("Tệp không có dữ liệu ở các sheet “Cán bộ”, “Quy hoạch”, “Đào tạo”."), code="empty_file"
        )
    importer = _Importer(user=user)
    importer.load_references([row for sheet_rows in rows.values() for row in sheet_rows])
    importer.check_cadres(rows["cadres"])
    valid_cadres = {row.cadre_code: row.instance for row in rows["cadres"] if not row.errors}
    importer.invalid_cadre_codes = {row.cadre_code for row in rows["cadres"] if row.errors}
    importer.check_planning(rows["planning"], valid_cadres)
    importer.check_training(rows["training"], valid_cadres)

    for sheet in SHEETS:
        for row in rows[sheet.key]:
            result.errors.extend(RowError(sheet.title, row.line, message) for message in row.errors)
        rejected = sum(1 for row in rows[sheet.key] if row.errors)
        result.counts[sheet.key] = {"rows": len(rows[sheet.key]), "rejected": rejected,
                                    "created": 0, "updated": 0, "unchanged": 0}
    result.errors.sort(key=lambda e: ([s.title for s in SHEETS].index(e.sheet), e.row))
    header_errors = any(error.row == 1 for error in result.errors)

    if (not result.errors or only_valid) and not header_errors:
        try:
            with transaction.atomic():
                _save_rows(rows["cadres"], result.counts["cadres"])
                saved_cadres = {**importer.cadres_in_db, **valid_cadres}
                _save_rows(rows["planning"], result.counts["planning"], saved_cadres)
                _save_rows(rows["training"], result.counts["training"], saved_cadres)
        except (IntegrityError, ValidationError) as exc:
            raise ApplicationError(
                _("Không ghi được dữ liệu, toàn bộ lần nhập đã được hủy: %(error)s") % {"error": exc},
                code="import_failed",
            ) from exc
        result.saved = True
        if result.errors:
            logger.warning("Cadre import %s by %s saved valid rows only; %d rows rejected",
                           filename, getattr(user, "username", "-"), len(result.errors))
    result.log = CadreImport.objects.create(
        user=user if getattr(user, "pk", None) else None, filename=filename[:255], only_valid=only_valid,
        saved=result.saved, counts=result.counts, errors=[error.as_dict() for error in result.errors],
    )
    return result
