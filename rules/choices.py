from django.db import models
from django.utils.translation import gettext_lazy as _

from inspection.choices import Severity as FindingSeverity


class Outcome(models.TextChoices):
    PASS = "pass", _("Đạt")
    BREACH = "breach", _("Vi phạm")
    NOT_APPLICABLE = "not_applicable", _("Không áp dụng")
    INSUFFICIENT_DATA = "insufficient_data", _("Thiếu dữ liệu")


class Severity(models.TextChoices):
    """The same three grades as a finding's (inspection.choices.Severity) under
    other stored values: rule results keep theirs, and FINDING_SEVERITY is the
    one place that translates a rule's grade into the limitation it suggests."""

    HIGH = "high", _("Nghiêm trọng")
    MEDIUM = "medium", _("Trung bình")
    LOW = "low", _("Nhẹ")


FINDING_SEVERITY = {
    Severity.HIGH: FindingSeverity.SERIOUS,
    Severity.MEDIUM: FindingSeverity.MODERATE,
    Severity.LOW: FindingSeverity.MINOR,
}


class Confidence(models.TextChoices):
    VERIFIED = "verified", _("Đã đối chiếu văn bản")
    TO_CONFIRM = "to_confirm", _("Cần xác minh (cảnh báo)")


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("Đang chờ")
    RUNNING = "running", _("Đang chạy")
    DONE = "done", _("Hoàn thành")
    FAILED = "failed", _("Lỗi")
