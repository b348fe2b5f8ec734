"""Admissions (phát triển đảng viên): yearly targets and results with their
composition, and the organization's own membership structure to compare with."""
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.audit import audited
from core.scoping import ScopedQuerySet

from .base import DerivedFieldsMixin, count_field, validate_record_year
from .tree import Organization

# Composition dimensions that are subsets of the whole (each ≤ the total).
SUBSET_DIMENSIONS = ("women", "under_30", "ethnic_minority", "religious")
# Sector dimensions: every person is in exactly one, so they add up to the total.
SECTOR_DIMENSIONS = (
    "sector_worker", "sector_farmer", "sector_intellectual", "sector_student",
    "sector_enterprise", "sector_armed_forces", "sector_other",
)
DIMENSIONS = SUBSET_DIMENSIONS + SECTOR_DIMENSIONS


class Composition(models.Model):
    """Counts of people by composition (cơ cấu). TOTAL_FIELD names the count
    they are a breakdown of."""

    TOTAL_FIELD = ""

    women = count_field(_("nữ"), default=0)
    under_30 = count_field(_("dưới 30 tuổi"), default=0)
    ethnic_minority = count_field(_("dân tộc thiểu số"), default=0)
    religious = count_field(_("có tôn giáo"), default=0)
    sector_worker = count_field(_("công nhân"), default=0)
    sector_farmer = count_field(_("nông dân"), default=0)
    sector_intellectual = count_field(_("trí thức"), default=0)
    sector_student = count_field(_("học sinh, sinh viên"), default=0)
    sector_enterprise = count_field(_("doanh nghiệp"), default=0)
    sector_armed_forces = count_field(_("lực lượng vũ trang"), default=0)
    sector_other = count_field(_("thành phần khác"), default=0)

    class Meta:
        abstract = True

    def composition(self):
        return {name: getattr(self, name) for name in DIMENSIONS}

    @classmethod
    def dimension_label(cls, name):
        return cls._meta.get_field(name).verbose_name

    def clean(self):
        super().clean()
        total = getattr(self, self.TOTAL_FIELD)
        values = self.composition()
        if total is None or any(not isinstance(v, int) or v < 0 for v in values.values()):
            return
        total_label = self._meta.get_field(self.TOTAL_FIELD).verbose_name
        errors = {}
        for name in SUBSET_DIMENSIONS:
            if values[name] > total:
                errors[name] = _("%(label)s (%(value)s) lớn hơn %(total_label)s (%(total)s).") % {
                    "label": self.dimension_label(name), "value": values[name],
                    "total_label": total_label, "total": total}
        sectors = sum(values[name] for name in SECTOR_DIMENSIONS)
        if sectors != total:
            errors["sector_other"] = _(
                "Tổng theo thành phần (%(sectors)s) khác %(total_label)s (%(total)s)."
            ) % {"sectors": sectors, "total_label": total_label, "total": total}
        if errors:
            raise ValidationError(errors)


class MembershipStructure(Composition):
    """The composition of an organization's own members at the end of a year,
    what admissions are compared with."""
    SCOPE_FIELD = "organization"
    WRITE_SCOPE_FIELDS = ("organization",)
    NATURAL_KEY = ("organization", "year")

    TOTAL_FIELD = "members_total"

    organization = models.ForeignKey(
        Organization, verbose_name=_("tổ chức đảng"), on_delete=models.PROTECT, related_name="membership_structures"
    )
    year = models.PositiveSmallIntegerField(_("năm"), validators=[validate_record_year])
    members_total = count_field(_("tổng số đảng viên"))

    history = audited()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("cơ cấu đảng viên")
        verbose_name_plural = _("cơ cấu đảng viên")
        ordering = ["-year", "organization__path"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "year"], name="membership_structure_unique"),
        ]

    def __str__(self):
        return f"{self.organization} — {self.year}"


class AdmissionYear(DerivedFieldsMixin, Composition):
    """An organization's admission target for a year and who it admitted.
    `behind_target` is derived and stored for list filters."""
    SCOPE_FIELD = "organization"
    WRITE_SCOPE_FIELDS = ("organization",)
    NATURAL_KEY = ("organization", "year")

    TOTAL_FIELD = "admitted"
    DERIVED_FIELDS = ("behind_target",)

    organization = models.ForeignKey(
        Organization, verbose_name=_("tổ chức đảng"), on_delete=models.PROTECT, related_name="admission_years"
    )
    year = models.PositiveSmallIntegerField(_("năm"), validators=[validate_record_year])
    target = count_field(_("chỉ tiêu kết nạp"), null=True, blank=True)
    admitted = count_field(_("số đảng viên đã kết nạp"), default=0)
    behind_target = models.BooleanField(_("chưa đạt chỉ tiêu"), default=False, editable=False, db_index=True)

    history = audited(excluded_fields=["behind_target"])
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("phát triển đảng viên")
        verbose_name_plural = _("phát triển đảng viên")
        ordering = ["-year", "organization__path"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "year"], name="admission_year_unique"),
        ]

    def __str__(self):
        return f"{self.organization} — {self.year}"

    def compute_derived(self):
        self.behind_target = self.target is not None and self.admitted < self.target
