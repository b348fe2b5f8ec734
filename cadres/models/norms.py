"""Thresholds as data: the planning norms of each level and the retirement ages."""
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.audit import audited
from organizations.choices import OrganizationLevel

from ..choices import Gender
from .base import _check, _ordered_dates


class PlanningNorm(models.Model):
    """The thresholds of the planning, rotation and appointment rules for one
    organization level, in force from `valid_from` (CP-1, CP-2, RT-1, AP-1).
    The defaults come from the migration `seed_norms`; staff may edit them."""

    level = models.CharField(_("cấp"), max_length=16, choices=OrganizationLevel.choices)
    valid_from = models.DateField(_("áp dụng từ"))
    valid_to = models.DateField(_("áp dụng đến"), null=True, blank=True)
    young_age = models.PositiveSmallIntegerField(_("tuổi trẻ (dưới)"), help_text=_("Cán bộ trẻ: dưới số tuổi này."))
    young_min_percent = models.PositiveSmallIntegerField(_("tỷ lệ cán bộ trẻ tối thiểu (%)"), default=15)
    women_min_percent = models.PositiveSmallIntegerField(_("tỷ lệ cán bộ nữ tối thiểu (%)"), default=25)
    max_people_per_title = models.PositiveSmallIntegerField(_("số người tối đa cho một chức danh"), default=3)
    max_titles_per_person = models.PositiveSmallIntegerField(_("số chức danh tối đa cho một người"), default=3)
    min_rotation_years = models.PositiveSmallIntegerField(_("thời gian luân chuyển tối thiểu (năm)"), default=3)
    min_years_before_retirement = models.PositiveSmallIntegerField(
        _("số năm công tác còn lại tối thiểu khi bổ nhiệm lần đầu"), default=5
    )
    basis = models.CharField(_("căn cứ"), max_length=255, blank=True)

    history = audited()

    class Meta:
        verbose_name = _("định mức quy hoạch")
        verbose_name_plural = _("định mức quy hoạch")
        ordering = ["level", "valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["level", "valid_from"], name="planning_norm_unique_start"),
            _ordered_dates("valid_from", "valid_to", "planning_norm_valid_range"),
        ]

    def __str__(self):
        return f"{self.get_level_display()} ({self.valid_from:%d/%m/%Y})"


class RetirementAge(models.Model):
    """Retirement age by gender for people reaching it from `applies_from`
    (Bộ luật Lao động 2019 art. 169, Nghị định 135/2020/NĐ-CP: +3 months a year
    for men up to 62, +4 months a year for women up to 60, from 2021)."""

    gender = models.CharField(_("giới tính"), max_length=10, choices=Gender.choices)
    applies_from = models.DateField(_("áp dụng cho người đủ tuổi từ"))
    years = models.PositiveSmallIntegerField(_("số năm"))
    months = models.PositiveSmallIntegerField(_("số tháng"), default=0)
    basis = models.CharField(_("căn cứ"), max_length=255, blank=True)

    history = audited()

    class Meta:
        verbose_name = _("tuổi nghỉ hưu")
        verbose_name_plural = _("tuổi nghỉ hưu")
        ordering = ["gender", "applies_from"]
        constraints = [
            models.UniqueConstraint(fields=["gender", "applies_from"], name="retirement_age_unique_start"),
            _check(Q(months__lt=12), "retirement_age_months_lt_12", _("Số tháng phải nhỏ hơn 12.")),
        ]

    def __str__(self):
        return f"{self.get_gender_display()} {self.years}t{self.months}th ({self.applies_from:%Y})"
