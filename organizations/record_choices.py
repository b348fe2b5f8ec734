"""Enumerations of the yearly records that inspections examine (domain.md §1–2).
Values are English, labels Vietnamese."""
from django.db import models
from django.utils.translation import gettext_lazy as _

# The year the four-level rating of QĐ 132-QĐ/TW (08/3/2018) took effect.
NEW_RATING_FROM_YEAR = 2018


class Gender(models.TextChoices):
    MALE = "male", _("Nam")
    FEMALE = "female", _("Nữ")


class CommitteePosition(models.TextChoices):
    SECRETARY = "secretary", _("Bí thư")
    DEPUTY_SECRETARY = "deputy_secretary", _("Phó Bí thư")
    STANDING_MEMBER = "standing_member", _("Ủy viên Ban Thường vụ")
    COMMITTEE_MEMBER = "committee_member", _("Cấp ủy viên")
    CELL_COMMITTEE_MEMBER = "cell_committee_member", _("Chi ủy viên")


class RatingSubject(models.TextChoices):
    MEMBERS = "members", _("Đảng viên")
    ORGANIZATIONS = "organizations", _("Tổ chức đảng trực thuộc")


class RatingLevel(models.TextChoices):
    """QĐ 132-QĐ/TW, HD 16 and HD 21-HD/BTCTW: 2018 onward."""

    EXCELLENT = "excellent", _("Hoàn thành xuất sắc nhiệm vụ")
    GOOD = "good", _("Hoàn thành tốt nhiệm vụ")
    FULFILLED = "fulfilled", _("Hoàn thành nhiệm vụ")
    FAILED = "failed", _("Không hoàn thành nhiệm vụ")


class LegacyRatingLevel(models.TextChoices):
    """Before 2018 (organizations): the top and bottom levels had other names."""

    CLEAN_STRONG = "clean_strong", _("Trong sạch, vững mạnh")
    GOOD = "good", _("Hoàn thành tốt nhiệm vụ")
    FULFILLED = "fulfilled", _("Hoàn thành nhiệm vụ")
    WEAK = "weak", _("Yếu kém")


# Every stored level value, both sets (GOOD and FULFILLED are shared).
ALL_RATING_LEVELS = list(dict(LegacyRatingLevel.choices + RatingLevel.choices).items())

# The four count columns of a QualityRating, best first; the level each holds
# depends on the year (see rating_levels).
RATING_COLUMNS = ("excellent", "good", "fulfilled", "failed")


def rating_levels(year):
    """The valid level set for a year, best first, as TextChoices members."""
    if year >= NEW_RATING_FROM_YEAR:
        return list(RatingLevel)
    return list(LegacyRatingLevel)


def rating_column(level, year):
    """The count column a level of that year is counted in (None: not valid that year)."""
    levels = [str(choice) for choice in rating_levels(year)]
    if level not in levels:
        return None
    return RATING_COLUMNS[levels.index(level)]


class NotRatedReason(models.TextChoices):
    EXEMPTED = "exempted", _("Miễn công tác và sinh hoạt đảng")
    SUSPENDED = "suspended", _("Đình chỉ sinh hoạt đảng")
    OTHER = "other", _("Lý do khác (mới chuyển đến, mới thành lập...)")


class MeetingKind(models.TextChoices):
    REGULAR = "regular", _("Thường kỳ")
    THEMATIC = "thematic", _("Chuyên đề")


class ContentFocus(models.TextChoices):
    POLITICAL = "political", _("Chính trị, tư tưởng")
    PROFESSIONAL = "professional", _("Chuyên môn")
    MIXED = "mixed", _("Kết hợp")


class MeetingQuality(models.TextChoices):
    GOOD = "good", _("Tốt")
    FAIR = "fair", _("Khá")
    AVERAGE = "average", _("Trung bình")
    POOR = "poor", _("Kém")


class Sector(models.TextChoices):
    WORKER = "worker", _("Công nhân")
    FARMER = "farmer", _("Nông dân")
    INTELLECTUAL = "intellectual", _("Trí thức")
    STUDENT = "student", _("Học sinh, sinh viên")
    ENTERPRISE = "enterprise", _("Doanh nghiệp")
    ARMED_FORCES = "armed_forces", _("Lực lượng vũ trang")
    OTHER = "other", _("Khác")
