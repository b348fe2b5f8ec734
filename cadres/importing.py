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
import logging
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from core.errors import ApplicationError
from core.services import stored_user
from core.xlsx import RowBudget, open_workbook

from .import_checks import RowChecker
from .import_sheets import SHEETS, RowError, build_template, read_sheet
from .models import CadreImport

__all__ = ["ImportResult", "RowError", "build_template", "import_workbook"]

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


def import_workbook(file, *, user, only_valid=False, filename="") -> ImportResult:
    """Check every row, then save all of them, or (only_valid) the valid ones;
    any failure while saving rolls the whole import back."""
    workbook = open_workbook(file)  # bounded: size, zip entries, uncompressed size
    result = ImportResult()
    budget = RowBudget()
    try:
        rows = {sheet.key: read_sheet(workbook, sheet, result.errors, budget) for sheet in SHEETS}
    finally:
        workbook.close()
    if not any(rows.values()) and not result.errors:
        raise ApplicationError(
            _("Tệp không có dữ liệu ở các sheet “Cán bộ”, “Quy hoạch”, “Đào tạo”."), code="empty_file"
        )
    importer = RowChecker(user=user)
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
        user=stored_user(user), filename=filename[:255], only_valid=only_valid,
        saved=result.saved, counts=result.counts, errors=[error.as_dict() for error in result.errors],
    )
    return result
