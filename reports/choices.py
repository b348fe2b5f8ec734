from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportStatus(models.TextChoices):
    QUEUED = "queued", _("Đang chờ")
    RUNNING = "running", _("Đang lập")
    DONE = "done", _("Hoàn thành")
    FAILED = "failed", _("Lỗi")


class ReportFormat(models.TextChoices):
    DOCX = "docx", _("Word (DOCX)")
    PDF = "pdf", _("PDF")
    XLSX = "xlsx", _("Excel (XLSX)")


FORMAT_CONTENT_TYPES = {
    ReportFormat.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ReportFormat.PDF: "application/pdf",
    ReportFormat.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class PeriodType(models.TextChoices):
    DAY = "day", _("Ngày")
    WEEK = "week", _("Tuần")
    MONTH = "month", _("Tháng")
    QUARTER = "quarter", _("Quý")
    YEAR = "year", _("Năm")
    RANGE = "range", _("Khoảng thời gian")


class NotificationReason(models.TextChoices):
    DUE_IN_7_DAYS = "due_7", _("Còn 7 ngày đến hạn")
    DUE_IN_1_DAY = "due_1", _("Còn 1 ngày đến hạn")
    OVERDUE = "overdue", _("Quá hạn")
    DIGEST = "digest", _("Bản tổng hợp định kỳ")
    REPORT_READY = "report_ready", _("Báo cáo đã lập xong")
