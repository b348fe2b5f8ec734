from django.db import models
from django.utils.translation import gettext_lazy as _

from organizations.record_choices import Gender  # noqa: F401  (one gender list for the whole system)


class TheoryLevel(models.TextChoices):
    """Trình độ lý luận chính trị, in increasing order (see theory_level_rank)."""

    NONE = "none", _("Chưa qua đào tạo")
    ELEMENTARY = "elementary", _("Sơ cấp")
    INTERMEDIATE = "intermediate", _("Trung cấp")
    ADVANCED = "advanced", _("Cao cấp")
    BACHELOR = "bachelor", _("Cử nhân")


# Cử nhân chính trị ranks above cao cấp, so it meets any cao cấp standard; a
# title requiring cử nhân is not met by cao cấp.
THEORY_LEVEL_RANK = {
    TheoryLevel.NONE: 0,
    TheoryLevel.ELEMENTARY: 1,
    TheoryLevel.INTERMEDIATE: 2,
    TheoryLevel.ADVANCED: 3,
    TheoryLevel.BACHELOR: 4,
}


def theory_level_rank(level):
    return THEORY_LEVEL_RANK.get(level or TheoryLevel.NONE, 0)


def theory_level_meets(level, required):
    """True when `level` satisfies a standard of `required` (blank: no standard)."""
    if not required:
        return True
    return theory_level_rank(level) >= theory_level_rank(required)


def highest_theory_level(levels):
    return max(levels, key=theory_level_rank, default=TheoryLevel.NONE)


class EducationLevel(models.TextChoices):
    SECONDARY = "secondary", _("Trung học phổ thông")
    VOCATIONAL = "vocational", _("Trung cấp chuyên môn")
    COLLEGE = "college", _("Cao đẳng")
    UNIVERSITY = "university", _("Đại học")
    MASTER = "master", _("Thạc sĩ")
    DOCTOR = "doctor", _("Tiến sĩ")


class StateManagementLevel(models.TextChoices):
    NONE = "none", _("Chưa qua bồi dưỡng")
    OFFICER = "officer", _("Chuyên viên")
    PRINCIPAL = "principal", _("Chuyên viên chính")
    SENIOR = "senior", _("Chuyên viên cao cấp")


class PlanningStatus(models.TextChoices):
    PROPOSED = "proposed", _("Đề xuất")
    APPROVED = "approved", _("Đã phê duyệt")
    REMOVED = "removed", _("Đã đưa ra khỏi quy hoạch")


class RemovalReason(models.TextChoices):
    OVER_AGE = "over_age", _("Không còn đủ tuổi")
    DISCIPLINE = "discipline", _("Bị kỷ luật")
    STANDARDS = "standards", _("Không đạt tiêu chuẩn, điều kiện")
    APPOINTED = "appointed", _("Đã được bổ nhiệm, bầu vào chức danh")
    TRANSFERRED = "transferred", _("Chuyển công tác")
    REVIEW = "review", _("Rà soát định kỳ không tiếp tục quy hoạch")
    OTHER = "other", _("Lý do khác")


class TrainingKind(models.TextChoices):
    POLITICAL_THEORY = "political_theory", _("Lý luận chính trị")
    PROFESSIONAL = "professional", _("Chuyên môn, nghiệp vụ")
    STATE_MANAGEMENT = "state_management", _("Quản lý nhà nước")
    UPDATE = "update", _("Bồi dưỡng cập nhật kiến thức")


class TrainingStatus(models.TextChoices):
    PLANNED = "planned", _("Dự kiến")
    STUDYING = "studying", _("Đang học")
    COMPLETED = "completed", _("Đã hoàn thành")


class MovementKind(models.TextChoices):
    """How a cadre came to a post. Party posts are elected (at a congress or a
    committee conference) or designated by the higher committee; "bổ nhiệm"
    and "bổ nhiệm lại" are for posts that are appointed (state bodies,
    enterprises, the committee's advisory boards). A re-election at a congress
    is an election, never a reappointment."""

    ROTATION = "rotation", _("Luân chuyển")
    TRANSFER = "transfer", _("Điều động")
    ELECTION = "election", _("Bầu")
    DESIGNATION = "designation", _("Chỉ định")
    APPOINTMENT = "appointment", _("Bổ nhiệm")
    REAPPOINTMENT = "reappointment", _("Bổ nhiệm lại")


# Movements that put a cadre in a named post (the title is required).
TITLED_MOVEMENTS = (MovementKind.ELECTION, MovementKind.DESIGNATION, MovementKind.APPOINTMENT,
                    MovementKind.REAPPOINTMENT)


class ImportStatus(models.TextChoices):
    QUEUED = "queued", _("Đang chờ xử lý")
    RUNNING = "running", _("Đang xử lý")
    DONE = "done", _("Đã xong")
    FAILED = "failed", _("Thất bại")


class ImportStage(models.TextChoices):
    READING = "reading", _("Đọc tệp")
    CHECKING = "checking", _("Kiểm tra các dòng")
    SAVING = "saving", _("Ghi dữ liệu")
