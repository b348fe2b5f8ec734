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
from django.utils import timezone
from django.utils.translation import gettext as _

from core.bulk import bulk_save_audited
from core.errors import ApplicationError
from core.services import stored_user
from core.xlsx import RowBudget, open_workbook

from .import_checks import RowChecker, stored_changed
from .import_sheets import SHEETS, RowError, build_template, read_sheet
from .models import Cadre, CadreImport, ImportStage, ImportStatus, PlanningEntry, TrainingRecord

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


def _save_rows(model, rows, counts, *, user, reason, cadre_by_code=None):
    """Write a sheet's valid rows: new ones inserted, changed ones updated, in
    batches (core.bulk), each batch with its history and change-feed rows."""
    created, updated = [], []
    for row in rows:
        if row.errors:
            continue
        instance = row.instance
        if cadre_by_code is not None:
            instance.cadre = cadre_by_code[row.cadre_code]
        if instance.pk is None:
            created.append(instance)
        elif stored_changed(instance):
            updated.append(instance)
        else:
            counts["unchanged"] += 1
    counts["created"] += len(created)
    counts["updated"] += len(updated)
    fields = [f.name for f in model._meta.concrete_fields if not f.primary_key and f.name != "search_text"]
    bulk_save_audited(model, created, updated, fields=fields, user=user, reason=reason)


def _no_progress(stage, done, total):
    pass


def import_workbook(file, *, user, only_valid=False, filename="", log=None, progress=None) -> ImportResult:
    """Check every row, then save all of them, or (only_valid) the valid ones;
    any failure while saving rolls the whole import back. `log`: the run's
    record to complete (a worker's run), else a new one; `progress(stage,
    done, total)` hears how far the run is (cadres.import_jobs)."""
    progress = progress or _no_progress
    workbook = open_workbook(file)  # bounded: size, zip entries, uncompressed size
    result = ImportResult()
    budget = RowBudget(tick=lambda rows: progress(ImportStage.READING, rows, 0))
    try:
        rows = {sheet.key: read_sheet(workbook, sheet, result.errors, budget) for sheet in SHEETS}
    finally:
        workbook.close()
    if not any(rows.values()) and not result.errors:
        raise ApplicationError(
            _("Tệp không có dữ liệu ở các sheet “Cán bộ”, “Quy hoạch”, “Đào tạo”."), code="empty_file"
        )
    total = sum(len(sheet_rows) for sheet_rows in rows.values())
    progress(ImportStage.CHECKING, 0, total)
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
            audit = {"user": stored_user(user), "reason": _("Nhập từ tệp %(name)s") % {"name": filename[:200]}}
            progress(ImportStage.SAVING, 0, total)
            with transaction.atomic():
                _save_rows(Cadre, rows["cadres"], result.counts["cadres"], **audit)
                saved_cadres = {**importer.cadres_in_db, **valid_cadres}
                _save_rows(PlanningEntry, rows["planning"], result.counts["planning"], cadre_by_code=saved_cadres,
                           **audit)
                _save_rows(TrainingRecord, rows["training"], result.counts["training"], cadre_by_code=saved_cadres,
                           **audit)
        except (IntegrityError, ValidationError) as exc:
            raise ApplicationError(
                _("Không ghi được dữ liệu, toàn bộ lần nhập đã được hủy: %(error)s") % {"error": exc},
                code="import_failed",
            ) from exc
        result.saved = True
        if result.errors:
            logger.warning("Cadre import %s by %s saved valid rows only; %d rows rejected",
                           filename, getattr(user, "username", "-"), len(result.errors))
    log = log or CadreImport(user=stored_user(user), filename=filename[:255], only_valid=only_valid)
    log.saved, log.counts, log.errors = result.saved, result.counts, [error.as_dict() for error in result.errors]
    log.status, log.stage, log.rows_done, log.rows_total = ImportStatus.DONE, "", total, total
    log.finished_at = timezone.now()
    log.save()
    result.log = log
    return result
