"""Imports of every size through one door: a small file is imported in the
request; a file above IMPORT_ASYNC_BYTES, or whose sheets declare more than
IMPORT_ASYNC_ROWS data rows, is checked (size, archive, content type), stored,
and imported by the worker (cadres.tasks) with a progress record on its
CadreImport row: status, stage, rows done / total, heartbeat, and at the end
the counts and the errors of every rejected row. The worker's run saves in one
transaction, so a failure leaves nothing half-saved. Only the uploader follows
a run (`imports_for`)."""
import logging
import time
import uuid

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import ApplicationError
from core.services import application_error_from, require_perm, stored_user
from core.tasks import fail_stale_rows, local_time_text, task_error_text
from core.uploads import validate_upload
from core.xlsx import check_archive, check_upload_size, declared_rows, upload_size

from .import_sheets import SHEETS
from .importing import import_workbook
from .models import CadreImport, ImportStage, ImportStatus
from .signals import import_queued

logger = logging.getLogger(__name__)

IMPORT_PERM = "cadres.add_cadre"
PROGRESS_EVERY_SECONDS = 1.0


def imports_for(user):
    """The import runs a user may follow: their own."""
    if not getattr(user, "is_authenticated", False):
        return CadreImport.objects.none()
    return CadreImport.objects.filter(user=user)


def needs_worker(upload) -> bool:
    size = upload_size(upload)
    if size is not None and size > settings.IMPORT_ASYNC_BYTES:
        return True
    return declared_rows(upload, [sheet.title for sheet in SHEETS]) > settings.IMPORT_ASYNC_ROWS


def import_start(upload, *, user, only_valid=False, filename=""):
    """(run, result): a small file imported now (result is its ImportResult),
    a large one stored and queued (result None; follow the run)."""
    require_perm(user, IMPORT_PERM)
    filename = filename or getattr(upload, "name", "") or "import.xlsx"
    check_upload_size(upload)
    try:
        validate_upload(File(upload, name=filename))  # the type sniffing of every file field (core.uploads)
    except ValidationError as exc:
        raise application_error_from(exc) from exc
    upload.seek(0)
    check_archive(upload)  # a bomb is refused before anything is parsed or stored
    if not needs_worker(upload):
        result = import_workbook(upload, user=user, only_valid=only_valid, filename=filename)
        return result.log, result
    run = CadreImport(user=stored_user(user), filename=filename[:255], only_valid=only_valid,
                      status=ImportStatus.QUEUED, heartbeat_at=timezone.now())
    run.file.save(f"{uuid.uuid4().hex}.xlsx", File(upload), save=False)
    with transaction.atomic():
        run.save()
        import_queued.send(sender=CadreImport, import_id=run.pk)
    run.refresh_from_db()  # the queue may have refused it (failed, with the reason) or, eager, run it
    return run, None


class Progress:
    """Writes the run's stage and rows (and its heartbeat) at most once a second
    or when the stage changes, outside the import's saving transaction."""

    def __init__(self, run):
        self.run, self.stage, self.written = run, None, 0.0

    def __call__(self, stage, done, total):
        now = time.monotonic()
        if stage == self.stage and now - self.written < PROGRESS_EVERY_SECONDS:
            return
        self.stage, self.written = stage, now
        fields = {"stage": stage, "rows_done": done, "heartbeat_at": timezone.now()}
        if total:
            fields["rows_total"] = total
        elif done > self.run.rows_total:
            fields["rows_total"] = done  # more rows than the sheets declared
        for name, value in fields.items():
            setattr(self.run, name, value)
        CadreImport.objects.filter(pk=self.run.pk).update(**fields)


def _delete_file(run):
    if run.file:
        try:
            run.file.delete(save=False)
        except OSError:
            logger.warning("Could not delete the stored import file %s", run.file.name)
    run.file = ""


def import_fail(run, error):
    run.refresh_from_db()
    _delete_file(run)
    run.status, run.error, run.finished_at = ImportStatus.FAILED, str(error)[:2000], timezone.now()
    run.save(update_fields=["file", "status", "error", "finished_at"])


def import_fail_by_id(import_id, error):
    run = CadreImport.objects.filter(pk=import_id).first()
    if run is not None and run.is_active:
        import_fail(run, error)


def _claim(import_id):
    """The run to execute, or None: done, failed, or held by a live task."""
    with transaction.atomic():
        run = CadreImport.objects.select_for_update().filter(pk=import_id).first()
        if run is None or not run.is_active or (run.status == ImportStatus.RUNNING and not run.is_stale()):
            return None
        run.status, run.stage, run.heartbeat_at = ImportStatus.RUNNING, ImportStage.READING, timezone.now()
        run.save(update_fields=["status", "stage", "heartbeat_at"])
        return run


def import_run(import_id):
    """The worker's part. Idempotent: a finished run or one held by a live task is left alone."""
    run = _claim(import_id)
    if run is None:
        logger.info("Cadre import %s: nothing to do", import_id)
        return None
    if run.user is None or not run.user.is_active:
        import_fail(run, _("Người tải tệp lên không còn hoạt động; lần nhập bị hủy."))
        return run.status
    try:
        with run.file.open("rb") as stream:
            import_workbook(stream, user=run.user, only_valid=run.only_valid, filename=run.filename, log=run,
                            progress=Progress(run))
    except (ApplicationError, SoftTimeLimitExceeded) as exc:
        import_fail(run, task_error_text(exc, _("Quá thời gian xử lý; không dòng nào được ghi.")))
    except Exception as exc:  # anything else: the run says so, nothing was saved (one transaction)
        logger.exception("Cadre import %s failed", import_id)
        import_fail(run, _("Lỗi khi xử lý tệp, không dòng nào được ghi: %(error)s")
                    % {"error": task_error_text(exc, "")})
    else:
        _delete_file(run)
        run.save(update_fields=["file"])
    return run.status


def import_fail_stale(*, now=None):
    """The sweeper's part: queued or running imports without a heartbeat fail with the reason."""
    now = now or timezone.now()

    def fail(run):
        import_fail(run, _("Không có tín hiệu từ tiến trình xử lý từ %(time)s; hãy nhập lại tệp.")
                    % {"time": local_time_text(run.heartbeat_at)})

    return fail_stale_rows(CadreImport, now=now, fail=fail)
