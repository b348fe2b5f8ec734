"""XLSX import of cadres, planning entries and training records.

Three sheets (Cán bộ, Quy hoạch, Đào tạo) with Vietnamese headers; the
template comes from `build_template()`. Every row is checked first; the result
lists each bad row with its sheet, line number and reason. Nothing is written
unless every row is valid, or the caller explicitly asks for the valid rows
only (the run is then logged, with the rejected rows). Rows are matched on
stable keys, so importing the same file again creates nothing and changes
nothing: cadres on their code, planning entries on (cadre, title,
organization, term, date added), training on (cadre, kind, level, course,
start date). The sheets, the template and the reading of rows are in
cadres/import_sheets.py."""
import logging
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from core.errors import ApplicationError
from core.text import fold
from core.xlsx import RowBudget, open_workbook
from organizations.models import Organization, Term

from .choices import PlanningStatus, StateManagementLevel, TheoryLevel
from .import_sheets import SHEETS, RowError, _read_sheet, build_template  # noqa: F401  (build_template: API)
from .models import Cadre, CadreImport, PlanningEntry, Title, TrainingRecord

logger = logging.getLogger(__name__)

@dataclass
class ImportResult:
    errors: list = field(default_factory=list)
    counts: dict = field(default_factory=dict)
    saved: bool = False
    log: CadreImport | None = None

    @property
    def ok(self):
        return not self.errors


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
