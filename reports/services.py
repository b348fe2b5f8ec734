"""Report life cycle: request (deduplicated), generate, fail.

The states and their moves are core.task_rows' (queued → running → done |
failed); «retry» is the step of reports/workflow.py, taken through
core.workflow.transition(). A queued or running report whose task shows no
heartbeat for STALE_TASK_MINUTES (core.tasks) is failed by the sweeper and can
be retried; a redelivered message takes such a report over, a live one is left alone.
A request for an existing (kind, scope, period) returns the latest version
unless a regeneration is asked for, which adds a version and keeps the old."""
import hashlib
import logging
import time

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from core import task_rows
from core.errors import ApplicationError
from core.services import require_organization, stored_user, validated_save
from core.tasks import local_time_text, stale_task_minutes, task_error_text

from . import kinds
from .choices import ReportFormat, ReportStatus
from .models import Report, ReportFile
from .periods import Period, parse_period, period_between
from .rendering import render_docx, render_pdf, render_xlsx
from .signals import report_done, report_queued

logger = logging.getLogger(__name__)

RENDERERS = {
    ReportFormat.DOCX: lambda built: render_docx(built.party_document),
    ReportFormat.PDF: lambda built: render_pdf(built.party_document),
    ReportFormat.XLSX: lambda built: render_xlsx(built.sheets),
}
# Share of the progress bar given to the builder; rendering and saving take the rest.
BUILD_SHARE = 70



def resolve_period(*, period_key: str = "", period_start=None, period_end=None) -> Period:
    try:
        if period_key:
            return parse_period(period_key)
        if period_start and period_end:
            return period_between(period_start, period_end)
    except ValueError:
        pass
    raise ApplicationError(
        _("Kỳ báo cáo không hợp lệ."), code="invalid_period",
        fields={"period": [_("Ghi kỳ dạng 2019, 2019-Q1, 2019-03, 2019-W13, 2019-03-29 hoặc chọn từ ngày, đến ngày.")]},
    )


def report_enqueue(report: Report):
    """Generation is queued once the report row is committed (reports.tasks)."""
    report_queued.send(sender=Report, report_id=report.pk)


def _announce(report_id):
    report_done.send(sender=Report, report_id=report_id)


@transaction.atomic
def report_request(
    *, kind: str, scope, period: Period, user, schedule: str = "", regenerate: bool = False,
    params: dict | None = None, enqueue: bool = True, issued_on=None,
) -> tuple[Report, bool]:
    """The report for (kind, scope, period): the latest version, or a new one
    (queued for generation after commit) if none exists or `regenerate`.
    Returns (report, created). Safe when two requests race: the unique
    constraint decides and the loser gets the winner's report."""
    kinds.get_kind(kind)
    require_organization(user, scope, "scope")
    same = Report.objects.filter(kind=kind, scope=scope, period_key=period.key)
    latest = same.order_by("-version").first()
    if latest is not None and not regenerate and issued_on in (None, latest.issued_on):  # another date: a new version
        return latest, False
    if latest is not None and latest.is_active:
        raise ApplicationError(
            _("Báo cáo này đang được lập; hãy chờ lần lập hiện tại kết thúc."), code="report_active", status=409
        )
    version = (same.aggregate(v=Max("version"))["v"] or 0) + 1
    report = Report(
        kind=kind, scope=scope, period_key=period.key, period_start=period.start, period_end=period.end,
        version=version, requested_by=stored_user(user),
        requested_by_schedule=schedule, params=params or {}, issued_on=issued_on or timezone.localdate(),
    )
    try:
        with transaction.atomic():
            validated_save(report)
    except IntegrityError:
        return same.get(version=version), False
    if enqueue:
        report_enqueue(report)
    return report, True


def report_regenerate(*, report: Report, user) -> Report:
    """A new version of `report` (same kind, scope, period and parameters)."""
    new, _created = report_request(
        kind=report.kind, scope=report.scope, period=parse_period(report.period_key), user=user,
        regenerate=True, params=report.params,
    )
    return new


def _stale_reason(report: Report) -> str:
    minutes = stale_task_minutes()
    if report.status == ReportStatus.QUEUED:
        return _("Báo cáo chờ quá %(minutes)s phút mà không được tiến trình xử lý nền nhận lập (hàng đợi hoặc "
                 "tiến trình xử lý nền có thể đã ngừng). Hãy bấm «Thử lại».") % {"minutes": minutes}
    return _("Việc lập báo cáo bị gián đoạn: không nhận được tín hiệu hoạt động từ %(time)s (quá %(minutes)s phút; "
             "tiến trình xử lý nền có thể đã bị dừng). Hãy bấm «Thử lại».") % {
        "time": local_time_text(report.heartbeat_at), "minutes": minutes}


def report_fail_stale(*, now=None) -> list[int]:
    """Fail, with a reason, every queued or running report whose task shows no
    sign of life; they can then be retried."""
    return task_rows.fail_stale(Report, now=now, reason=_stale_reason)


def report_set_progress(*, report_id, percent: int):
    """Move the bar and beat the heartbeat (the task is alive)."""
    task_rows.beat(Report, report_id, percent)


class _Progress:
    """The callback handed to builders: scales into the build share and writes
    at most every few percent or every second, and at least every
    HEARTBEAT_SECONDS while the builder keeps calling (the heartbeat)."""

    HEARTBEAT_SECONDS = 30

    def __init__(self, report_id, low=0, high=BUILD_SHARE):
        self.report_id, self.low, self.high = report_id, low, high
        self.last_value, self.last_time = -1, 0.0

    def __call__(self, percent):
        value = self.low + (self.high - self.low) * max(0, min(percent, 100)) // 100
        now = time.monotonic()
        moved = value > self.last_value and (value - self.last_value >= 5 or now - self.last_time >= 1)
        if moved or now - self.last_time >= self.HEARTBEAT_SECONDS:
            self.last_value, self.last_time = max(value, self.last_value), now
            report_set_progress(report_id=self.report_id, percent=self.last_value)


def _file_for(report, fmt, content: bytes):
    existing = ReportFile.objects.filter(report=report, format=fmt).first()
    if existing is not None:
        existing.file.delete(save=False)
    record = existing or ReportFile(report=report, format=fmt)
    record.size, record.sha256 = len(content), hashlib.sha256(content).hexdigest()
    record.created_at = timezone.now()
    record.file.save(f"{report.kind}-{report.period_key}-v{report.version}.{fmt}", ContentFile(content), save=False)
    record.save()
    return record


def report_generate(*, report_id, transient_errors: tuple = ()) -> Report | None:
    """Run the kind's builder and write the files. Idempotent: a done report,
    or one another worker is generating, is left alone (returns None).
    Errors listed in `transient_errors` propagate (the task retries them);
    any other error marks the report failed with a readable message."""
    report = task_rows.claim(Report, report_id)
    if report is None:
        return None
    try:
        kind = kinds.get_kind(report.kind)
        built = kind.builder(report, _Progress(report.pk))
        contents = {}
        step = (100 - BUILD_SHARE) // max(len(kind.default_formats), 1)
        for index, fmt in enumerate(kind.default_formats):
            if fmt in (ReportFormat.DOCX, ReportFormat.PDF) and built.party_document is None:
                continue
            contents[fmt] = RENDERERS[fmt](built)
            report_set_progress(report_id=report.pk, percent=BUILD_SHARE + step * (index + 1))
        with transaction.atomic():
            report = Report.objects.select_for_update().get(pk=report.pk)
            if report.status != ReportStatus.RUNNING:  # swept as lost, or made by a task that took it over
                task_rows.finish(report)  # refused: their outcome stands, the files of this run are dropped
                return report
            for fmt, content in contents.items():
                _file_for(report, fmt, content)
            task_rows.finish(report)
        _announce(report_id)
        return report
    except transient_errors:
        task_rows.requeue(Report, report_id)
        raise
    except Exception as exc:  # a builder's bug or bad data must reach the user, not vanish
        logger.exception("Report %s failed", report_id)
        report_fail(report_id=report_id, error=_error_text(exc))
        return Report.objects.get(pk=report_id)


def _error_text(exc) -> str:
    return task_error_text(exc, _("Quá thời gian cho phép khi lập báo cáo."))


def report_fail(*, report_id, error: str) -> Report:
    return task_rows.fail(Report, report_id, error)
