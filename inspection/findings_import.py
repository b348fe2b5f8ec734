"""Findings of one inspection from an XLSX sheet (#14): the template comes from
the workspace with Vietnamese headers and the inspection's own units and
topics as value lists; an upload is read within core.xlsx's limits and every
row checked before anything is saved (the preview marks each bad row and why);
the rows then travel back signed and are saved all or nothing by
services.findings_import (the findings service, row by row)."""
from dataclasses import dataclass, field

from django.core import signing
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from core.errors import ApplicationError
from core.scoping import path_in_scope
from core.text import fold
from core.uploads import validate_upload
from core.xlsx import RowBudget, open_workbook

from .choices import FindingKind, Severity

SIGNING_SALT = "inspection.findings-import"
TEXT_MAX = 5000


def headers():
    """The columns, in order: (key, header, required)."""
    return [
        ("organization", _("Tổ chức được kiểm tra"), True),
        ("topic", _("Nội dung kiểm tra"), True),
        ("kind", _("Loại (Ưu điểm / Hạn chế, khuyết điểm)"), True),
        ("severity", _("Mức độ (với hạn chế)"), False),
        ("text", _("Nội dung nhận xét"), True),
        ("tags", _("Từ khóa (cách nhau bởi dấu phẩy)"), False),
    ]


def _label(header, required):
    return f"{header} (*)" if required else header


def build_template(inspection, stream):
    """The sheet to fill, with the inspection's units, topics, kinds and severities as drop-down lists."""
    book = Workbook()
    sheet = book.active
    sheet.title = _("Kết quả kiểm tra")[:31]
    lists = book.create_sheet(_("Danh mục")[:31])
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
    for index, (_key, header, required) in enumerate(headers(), start=1):
        cell = sheet.cell(row=1, column=index, value=_label(header, required))
        cell.font, cell.fill = bold, fill
        sheet.column_dimensions[get_column_letter(index)].width = 60 if index == 5 else 28
    sheet.freeze_panes = "A2"
    columns = [
        [t.organization.name for t in inspection.targets.select_related("organization")],
        [t.name for t in inspection.topics.all()],
        [str(label) for label in FindingKind.labels],
        [str(label) for label in Severity.labels],
    ]
    for index, (values, title) in enumerate(zip(columns, [h[1] for h in headers()[:4]], strict=True), start=1):
        letter = get_column_letter(index)
        lists.cell(row=1, column=index, value=title).font = bold
        lists.column_dimensions[letter].width = 40
        for row, value in enumerate(values, start=2):
            lists.cell(row=row, column=index, value=value)
        if values:
            validation = DataValidation(type="list", allow_blank=True,
                                        formula1=f"'{lists.title}'!${letter}$2:${letter}${len(values) + 1}")
            sheet.add_data_validation(validation)
            validation.add(f"{letter}2:{letter}1000")
    book.save(stream)


@dataclass
class Row:
    line: int
    values: dict
    errors: list = field(default_factory=list)
    data: dict = field(default_factory=dict)  # the service's fields as ids and labels, once checked
    display: dict = field(default_factory=dict)  # the unit and topic as the preview names them


class _Lookups:
    def __init__(self, inspection, user):
        targets = [t.organization for t in inspection.targets.select_related("organization")]
        self.organizations = {}
        for org in targets:
            if path_in_scope(user, org.path):
                self.organizations[fold(org.name)] = org
                self.organizations[fold(org.code)] = org
        self.topics = {}
        for topic in inspection.topics.all():
            self.topics[fold(topic.name)] = topic
            self.topics[fold(topic.code)] = topic
        self.kinds = {fold(label): value for value, label in FindingKind.choices}
        self.kinds |= {fold(_("Hạn chế")): FindingKind.LIMITATION, fold(_("Khuyết điểm")): FindingKind.LIMITATION}
        self.severities = {fold(label): value for value, label in Severity.choices}


def _check(row, lookups):
    values = row.values
    for key, header, required in headers():
        if required and not values.get(key):
            row.errors.append(_("Thiếu «%(column)s».") % {"column": header})
    org = lookups.organizations.get(fold(values.get("organization")))
    if values.get("organization") and org is None:
        row.errors.append(_("«%(value)s» không phải tổ chức được kiểm tra của cuộc kiểm tra này (hoặc ngoài phạm vi "
                            "phụ trách).") % {"value": values["organization"]})
    topic = lookups.topics.get(fold(values.get("topic")))
    if values.get("topic") and topic is None:
        row.errors.append(_("«%(value)s» không nằm trong các nội dung của cuộc kiểm tra.") % {"value": values["topic"]})
    kind = lookups.kinds.get(fold(values.get("kind")))
    if values.get("kind") and kind is None:
        row.errors.append(_("Loại «%(value)s» không hợp lệ: ghi «Ưu điểm» hoặc «Hạn chế, khuyết điểm».")
                          % {"value": values["kind"]})
    severity = lookups.severities.get(fold(values.get("severity"))) if values.get("severity") else ""
    if severity is None:
        row.errors.append(_("Mức độ «%(value)s» không hợp lệ: ghi Nhẹ, Trung bình hoặc Nghiêm trọng.")
                          % {"value": values["severity"]})
    elif kind == FindingKind.STRENGTH and severity:
        row.errors.append(_("Ưu điểm không có mức độ."))
    elif kind == FindingKind.LIMITATION and not severity:
        row.errors.append(_("Chọn mức độ của hạn chế, khuyết điểm."))
    if len(values.get("text", "")) > TEXT_MAX:
        row.errors.append(_("Nội dung nhận xét dài quá %(max)s ký tự.") % {"max": TEXT_MAX})
    if not row.errors:
        tags = [t.strip() for t in values.get("tags", "").split(",") if t.strip()]
        row.data = {"line": row.line, "organization": org.pk, "topic": topic.pk, "kind": kind,
                    "severity": severity or "", "text": values["text"], "tags": tags}
    row.display = {"organization": org.name if org else values.get("organization", ""),
                   "topic": topic.name if topic else values.get("topic", "")}


def _text(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


def read_rows(*, inspection, user, file):
    """Every data row of the upload, checked: [Row] (line numbers as Excel shows them)."""
    try:
        validate_upload(file)
    except ValidationError as exc:
        raise ApplicationError(" ".join(exc.messages), fields={"file": exc.messages}) from exc
    book = open_workbook(file)
    sheet = book.worksheets[0]
    keys = [key for key, _header, _required in headers()]
    lookups, rows = _Lookups(inspection, user), []
    for line, values in enumerate(RowBudget().rows(sheet), start=1):
        if line == 1:
            found = [fold(str(v or "")).removesuffix(" (*)") for v in values[:len(keys)]]
            wanted = [fold(header) for _key, header, _required in headers()]
            if found != wanted:
                raise ApplicationError(_("Tệp không theo tệp mẫu: hàng đầu phải là các cột %(columns)s.")
                                       % {"columns": ", ".join(f"«{h}»" for _k, h, _r in headers())},
                                       fields={"file": [_("Dùng tệp mẫu tải từ trang cuộc kiểm tra.")]})
            continue
        cells = {key: _text(value) for key, value in zip(keys, values, strict=False)}
        if not any(cells.values()):
            continue
        row = Row(line=line, values=cells)
        _check(row, lookups)
        rows.append(row)
    book.close()
    if not rows:
        raise ApplicationError(_("Tệp không có dòng dữ liệu nào."), fields={"file": [_("Tệp trống.")]})
    return rows


def sign_rows(inspection, rows):
    return signing.dumps({"inspection": inspection.pk, "rows": [r.data for r in rows]}, salt=SIGNING_SALT,
                         compress=True)


def unsign_rows(inspection, payload):
    """The rows the preview showed, as they were checked (tampered or stale: refused)."""
    try:
        data = signing.loads(payload, salt=SIGNING_SALT, max_age=6 * 3600)
    except signing.BadSignature as exc:
        raise ApplicationError(_("Bản xem trước đã hết hạn hoặc không hợp lệ; hãy tải tệp lên lại."),
                               code="bad_preview") from exc
    if data.get("inspection") != inspection.pk:
        raise ApplicationError(_("Bản xem trước thuộc cuộc kiểm tra khác; hãy tải tệp lên lại."), code="bad_preview")
    return data["rows"]
