from django.db import models
from django.utils.translation import gettext_lazy as _

from inspection.choices import Severity as FindingSeverity


class Outcome(models.TextChoices):
    """A rule's verdict on one organization. A rule whose basis was read in
    the regulation's own text ([R]) reports BREACH; one read in a secondary
    text or stated as the Board's practice ([S], [M]) reports WARNING: the
    staff confirm it before it counts as a violation. NOT_JUDGED: every
    record of the period predates the regulations the system knows."""

    PASS = "pass", _("Đạt")
    BREACH = "breach", _("Vi phạm")
    WARNING = "warning", _("Cần xem xét")
    NOT_APPLICABLE = "not_applicable", _("Không áp dụng")
    INSUFFICIENT_DATA = "insufficient_data", _("Thiếu dữ liệu")
    NOT_JUDGED = "not_judged", _("Không đánh giá (trước khi quy định có hiệu lực)")


# Outcomes a reader acts on: a finding may be recorded from either.
FLAGGED_OUTCOMES = (Outcome.BREACH, Outcome.WARNING)


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
    """How surely the rule's basis is known (domain.md): VERIFIED is [R], read
    in the regulation's text; TO_CONFIRM is [S] (a secondary text) or [M]
    (widely stated, or the Board's practice). It names the outcome when the
    rule trips: Vi phạm or Cần xem xét."""

    VERIFIED = "verified", _("Đã đối chiếu văn bản")
    TO_CONFIRM = "to_confirm", _("Cần xác minh (cảnh báo)")


def tripped_outcome(confidence):
    """What a tripped rule reports under a basis of this confidence."""
    return Outcome.BREACH if confidence == Confidence.VERIFIED else Outcome.WARNING


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("Đang chờ")
    RUNNING = "running", _("Đang chạy")
    DONE = "done", _("Hoàn thành")
    FAILED = "failed", _("Lỗi")
