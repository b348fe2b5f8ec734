"""Enumerations of the inspection app: English values, Vietnamese labels (domain.md §4–5)."""
from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentType(models.TextChoices):
    """Party document type codes (HD 36-HD/VPTW). The value is the code as it
    is written in the document number, e.g. the TB of 3150-TB/TU."""

    NQ = "NQ", _("Nghị quyết")
    QD = "QĐ", _("Quyết định")
    QDI = "QĐi", _("Quy định")
    CT = "CT", _("Chỉ thị")
    KL = "KL", _("Kết luận")
    QC = "QC", _("Quy chế")
    TT = "TT", _("Thông tri")
    HD = "HD", _("Hướng dẫn")
    TB = "TB", _("Thông báo")
    BC = "BC", _("Báo cáo")
    KH = "KH", _("Kế hoạch")
    CTR = "CTr", _("Chương trình")
    DA = "ĐA", _("Đề án")
    TTR = "TTr", _("Tờ trình")
    CV = "CV", _("Công văn")
    BB = "BB", _("Biên bản")


class Confidentiality(models.TextChoices):
    NORMAL = "normal", _("Thường")
    SECRET = "secret", _("Mật")


class ProgramItemState(models.TextChoices):
    NOT_STARTED = "not_started", _("Chưa đến kỳ")
    ON_SCHEDULE = "on_schedule", _("Đúng tiến độ")
    LATE = "late", _("Chậm so với kế hoạch")
    DONE = "done", _("Đã hoàn thành")


class InspectionForm(models.TextChoices):
    REGULAR = "regular", _("Thường xuyên")
    PERIODIC = "periodic", _("Định kỳ")
    ON_VIOLATION_SIGNS = "on_violation_signs", _("Khi có dấu hiệu vi phạm")


class InspectionStatus(models.TextChoices):
    """QĐ 331-QĐ/TW: preparation, conduct, closing."""

    DRAFT = "draft", _("Dự thảo kế hoạch")
    DECIDED = "decided", _("Đã quyết định thành lập đoàn")
    IN_PROGRESS = "in_progress", _("Đang tiến hành")
    REPORTING = "reporting", _("Đang báo cáo kết quả")
    CONCLUDED = "concluded", _("Đã có thông báo kết luận")
    FOLLOWING_UP = "following_up", _("Đang theo dõi khắc phục")
    CLOSED = "closed", _("Đã kết thúc")
    CANCELLED = "cancelled", _("Đã hủy")


class TeamRole(models.TextChoices):
    HEAD = "head", _("Trưởng đoàn")
    DEPUTY = "deputy", _("Phó trưởng đoàn")
    MEMBER = "member", _("Thành viên")
    SECRETARY = "secretary", _("Thư ký")


class FindingKind(models.TextChoices):
    STRENGTH = "strength", _("Ưu điểm")
    LIMITATION = "limitation", _("Hạn chế, khuyết điểm")


class Severity(models.TextChoices):
    MINOR = "minor", _("Nhẹ")
    MODERATE = "moderate", _("Trung bình")
    SERIOUS = "serious", _("Nghiêm trọng")


class ConclusionStatus(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    ISSUED = "issued", _("Đã ban hành")


class RequirementStatus(models.TextChoices):
    OPEN = "open", _("Chưa báo cáo")  # the unit has not reported any progress yet
    IN_PROGRESS = "in_progress", _("Đang khắc phục")
    REPORTED_DONE = "reported_done", _("Đơn vị báo cáo đã khắc phục")
    VERIFIED = "verified", _("Ban đã xác nhận hoàn thành")
    REOPENED = "reopened", _("Yêu cầu khắc phục lại")


# A requirement in one of these states still waits for the unit: its deadline can pass.
REQUIREMENT_PENDING = (RequirementStatus.OPEN, RequirementStatus.IN_PROGRESS, RequirementStatus.REOPENED)


class Priority(models.TextChoices):
    LOW = "low", _("Thấp")
    NORMAL = "normal", _("Bình thường")
    HIGH = "high", _("Cao")


class ExtensionStatus(models.TextChoices):
    PENDING = "pending", _("Chờ xem xét")
    APPROVED = "approved", _("Đã chấp thuận")
    REJECTED = "rejected", _("Không chấp thuận")


class RequirementEventKind(models.TextChoices):
    CREATED = "created", _("Tạo yêu cầu")
    UPDATED = "updated", _("Sửa yêu cầu")
    ISSUED = "issued", _("Ban hành cùng thông báo kết luận")
    PROGRESS_REPORTED = "progress_reported", _("Đơn vị báo cáo tiến độ")
    EXTENSION_REQUESTED = "extension_requested", _("Đề nghị gia hạn")
    EXTENSION_APPROVED = "extension_approved", _("Chấp thuận gia hạn")
    EXTENSION_REJECTED = "extension_rejected", _("Không chấp thuận gia hạn")
    VERIFIED = "verified", _("Xác nhận hoàn thành")
    REOPENED = "reopened", _("Yêu cầu khắc phục lại")
