"""Reports generated in the background, their files, and the log of the
notifications sent (so that none is sent twice)."""
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.audit import audited
from core.scoping import ScopedQuerySet
from core.tasks import heartbeat_is_stale, stale_before
from organizations.models import Organization

from .choices import NotificationReason, ReportFormat, ReportStatus
from .kinds import get_kind, is_registered, kind_choices
from .periods import display_key


class ReportQuerySet(ScopedQuerySet):
    def active(self):
        return self.filter(status__in=[ReportStatus.QUEUED, ReportStatus.RUNNING])

    def stale(self, now=None):
        """Active reports whose task shows no sign of life (see core.tasks)."""
        return self.active().filter(heartbeat_at__lt=stale_before(now))


class Report(models.Model):
    """One version of one kind of report over one organization subtree and one
    period. Regenerating adds a version and keeps the earlier ones."""
    WRITE_SCOPE_FIELDS = ("scope",)

    SCOPE_FIELD = "scope"

    kind = models.CharField(_("loại báo cáo"), max_length=50, choices=kind_choices)
    scope = models.ForeignKey(
        Organization, verbose_name=_("phạm vi"), on_delete=models.PROTECT, related_name="reports",
        help_text=_("Báo cáo tổng hợp tổ chức này và toàn bộ các tổ chức trực thuộc."),
    )
    period_key = models.CharField(_("kỳ báo cáo"), max_length=32)
    period_start = models.DateField(_("từ ngày"))
    period_end = models.DateField(_("đến ngày"))
    # The date printed in the document's date line, separate from the period it covers.
    issued_on = models.DateField(_("ngày ban hành"), default=timezone.localdate,
                                 help_text=_("Ngày ghi trên văn bản báo cáo; mặc định là ngày yêu cầu lập."))
    version = models.PositiveIntegerField(_("lần lập"), default=1)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.QUEUED, db_index=True
    )
    progress = models.PositiveSmallIntegerField(_("tiến độ (%)"), default=0)
    error = models.TextField(_("lỗi"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("số lần chạy"), default=0)
    params = models.JSONField(_("tham số"), default=dict, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người yêu cầu"), on_delete=models.PROTECT,
        null=True, blank=True, related_name="requested_reports",
    )
    requested_by_schedule = models.CharField(_("lịch tự động"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("thời điểm yêu cầu"), default=timezone.now, db_index=True)
    started_at = models.DateTimeField(_("bắt đầu lập"), null=True, blank=True)
    finished_at = models.DateTimeField(_("kết thúc"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(
        _("tín hiệu hoạt động gần nhất"), default=timezone.now,
        help_text=_("Lúc báo cáo được đưa vào hàng chờ, được nhận lập hoặc tiến thêm một bước."),
    )

    # Progress and heartbeat move by queryset updates (no history row per percent).
    history = audited(excluded_fields=["progress", "heartbeat_at"])
    objects = ReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("báo cáo")
        verbose_name_plural = _("báo cáo")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "scope", "period_key", "version"], name="report_unique_version"),
            models.CheckConstraint(condition=Q(progress__lte=100), name="report_progress_range"),
            models.CheckConstraint(condition=Q(version__gte=1), name="report_version_positive"),
            models.CheckConstraint(condition=Q(period_end__gte=F("period_start")), name="report_period_order"),
        ]
        indexes = [models.Index(fields=["scope", "status"], name="report_scope_status")]

    def __str__(self):
        return f"{self.kind_label} · {self.scope} · {self.period_display} (v{self.version})"

    @property
    def period_display(self):
        """The period as people read it: days dd/mm/yyyy, never the ISO key."""
        return display_key(self.period_key)

    @property
    def kind_label(self):
        return get_kind(self.kind).label if is_registered(self.kind) else self.kind

    @property
    def is_active(self):
        return self.status in (ReportStatus.QUEUED, ReportStatus.RUNNING)

    def is_stale(self, now=None):
        """Queued or running with no heartbeat for STALE_TASK_MINUTES: its task
        is gone (worker killed, message lost); a retry may take it over."""
        return self.is_active and heartbeat_is_stale(self.heartbeat_at, now)

    @property
    def can_retry(self):
        return self.status == ReportStatus.FAILED or self.is_stale()


def report_file_path(instance, filename):
    report = instance.report
    return f"reports/{report.created_at:%Y/%m}/{report.pk}/{filename}"


class ReportFile(models.Model):
    """A generated file of a report, served only to users whose scope covers the report."""
    WRITE_SCOPE_FIELDS = ("report__scope",)

    SCOPE_FIELD = "report__scope"

    report = models.ForeignKey(Report, verbose_name=_("báo cáo"), on_delete=models.CASCADE, related_name="files")
    format = models.CharField(_("định dạng"), max_length=5, choices=ReportFormat.choices)
    file = models.FileField(_("tệp"), upload_to=report_file_path, max_length=255)
    size = models.PositiveBigIntegerField(_("dung lượng (byte)"))
    sha256 = models.CharField(_("mã băm SHA-256"), max_length=64)
    created_at = models.DateTimeField(_("thời điểm tạo"), default=timezone.now)

    history = audited()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("tệp báo cáo")
        verbose_name_plural = _("tệp báo cáo")
        ordering = ["report", "format"]
        constraints = [models.UniqueConstraint(fields=["report", "format"], name="reportfile_unique_format")]

    def __str__(self):
        return f"{self.report} [{self.format}]"

    @property
    def download_name(self):
        report = self.report
        return f"{report.kind}-{report.scope.code}-{report.period_key}-v{report.version}.{self.format}"


class NotificationLog(models.Model):
    """One e-mail sent about one object for one reason on one day to one
    recipient. The unique constraint is what makes sending idempotent: the row
    is inserted before the mail goes out, and a duplicate insert means "already sent"."""
    SCOPE_FIELD = "organization"
    WRITE_SCOPE_FIELDS = ("organization",)

    content_type = models.ForeignKey(ContentType, verbose_name=_("loại đối tượng"), on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField(_("mã đối tượng"))
    organization = models.ForeignKey(
        Organization, verbose_name=_("tổ chức"), on_delete=models.PROTECT, related_name="notifications"
    )
    reason = models.CharField(_("lý do"), max_length=20, choices=NotificationReason.choices)
    day = models.DateField(_("ngày"))
    recipient = models.EmailField(_("người nhận"))
    subject = models.CharField(_("tiêu đề"), max_length=255)
    sent_at = models.DateTimeField(_("thời điểm gửi"), default=timezone.now)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("thông báo đã gửi")
        verbose_name_plural = _("thông báo đã gửi")
        ordering = ["-sent_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "reason", "day", "recipient"], name="notification_once"
            ),
        ]
        indexes = [models.Index(fields=["content_type", "object_id"], name="notification_object")]

    def __str__(self):
        return f"{self.get_reason_display()} → {self.recipient} ({self.day:%d/%m/%Y})"
