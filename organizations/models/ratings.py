"""Annual quality rating (kiểm điểm, đánh giá, xếp loại chất lượng)."""
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.audit import audited
from core.scoping import ScopedQuerySet

from .. import policy
from ..choices import OrganizationKind, OrganizationLevel
from ..metrics import excellent_cap
from ..record_choices import (
    ALL_RATING_LEVELS,
    NEW_RATING_FROM_YEAR,
    RATING_COLUMNS,
    NotRatedReason,
    RatingSubject,
    rating_column,
    rating_levels,
)
from .base import DerivedFieldsMixin, count_field, validate_record_year
from .tree import Organization

# Organizations whose members a rating counts per level (QR-1 is judged there).
MEMBER_RATING_LEVELS = {OrganizationLevel.GRASSROOTS}
# Organizations with no subordinate organizations to rate.
NO_SUBORDINATES = {OrganizationKind.SUBORDINATE_CELL, OrganizationKind.GRASSROOTS_CELL}


class QualityRating(DerivedFieldsMixin, models.Model):
    """What one organization reported for one year: how many of its members
    (subject = members; the organization is a grassroots organization) or of
    its directly subordinate organizations (subject = organizations) were rated
    at each level, and how many were not rated and why.

    The four count columns hold the levels of the record's year, best first:
    HTXSNV / HTTNV / HTNV / KHTNV from 2018, before that Trong sạch vững mạnh /
    HTTNV / HTNV / Yếu kém (record_choices.rating_levels).
    `excellent_cap_exceeded` (the 20 % relation, QR-1 / QR-2) is derived and
    stored so that lists can filter on it; save() keeps it right, under the
    cap of the rule's editable setting, and a changed setting recomputes it
    for every rating (organizations.policy)."""
    SCOPE_FIELD = "organization"
    WRITE_SCOPE_FIELDS = ("organization",)
    NATURAL_KEY = ("organization", "year", "subject")

    DERIVED_FIELDS = ("excellent_cap_exceeded",)

    organization = models.ForeignKey(
        Organization, verbose_name=_("tổ chức đảng"), on_delete=models.PROTECT, related_name="quality_ratings"
    )
    year = models.PositiveSmallIntegerField(_("năm"), validators=[validate_record_year])
    subject = models.CharField(_("đối tượng xếp loại"), max_length=16, choices=RatingSubject.choices)
    excellent = count_field(_("Hoàn thành xuất sắc nhiệm vụ (trước 2018: Trong sạch, vững mạnh)"), default=0)
    good = count_field(_("Hoàn thành tốt nhiệm vụ"), default=0)
    fulfilled = count_field(_("Hoàn thành nhiệm vụ"), default=0)
    failed = count_field(_("Không hoàn thành nhiệm vụ (trước 2018: Yếu kém)"), default=0)
    not_rated_exempted = count_field(_("không xếp loại: miễn công tác, sinh hoạt"), default=0)
    not_rated_suspended = count_field(_("không xếp loại: đình chỉ sinh hoạt"), default=0)
    not_rated_other = count_field(_("không xếp loại: lý do khác"), default=0)
    total = count_field(_("tổng số"))
    source_document = models.CharField(_("văn bản báo cáo"), max_length=100, blank=True)
    notes = models.TextField(_("ghi chú"), blank=True)
    excellent_cap_exceeded = models.BooleanField(
        # xgettext:no-python-format
        _("vượt tỷ lệ 20% hoàn thành xuất sắc nhiệm vụ"), default=False, editable=False, db_index=True
    )

    history = audited(excluded_fields=["excellent_cap_exceeded"])
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("xếp loại chất lượng")
        verbose_name_plural = _("xếp loại chất lượng")
        ordering = ["-year", "organization__path", "subject"]
        indexes = [models.Index(fields=["year", "subject"], name="quality_rating_year_subject")]
        constraints = [
            models.UniqueConstraint(fields=["organization", "year", "subject"], name="quality_rating_unique"),
        ]

    def __str__(self):
        return f"{self.organization} — {self.year} — {self.get_subject_display()}"

    # --- levels of the record's year -------------------------------------------
    @property
    def uses_new_levels(self):
        return self.year >= NEW_RATING_FROM_YEAR

    def level_counts(self):
        """[(level, label, count)] in the level set of the record's year, best first."""
        return [
            (str(level), level.label, getattr(self, column))
            for level, column in zip(rating_levels(self.year), RATING_COLUMNS, strict=True)
        ]

    @property
    def rated(self):
        return sum(getattr(self, column) for column in RATING_COLUMNS)

    @property
    def not_rated(self):
        return self.not_rated_exempted + self.not_rated_suspended + self.not_rated_other

    def excellent_relation(self, cap=None):
        """The 20 % relation under the cap the rule's setting holds (organizations.policy);
        None for years before the 2018 rating (no such rule then)."""
        if not self.uses_new_levels:
            return None
        return excellent_cap(self.excellent, self.good, cap=cap or policy.excellent_cap(self.subject))

    # --- validation ---------------------------------------------------------------
    def clean(self):
        super().clean()
        errors = {}
        if self.organization_id and self.subject:
            if self.subject == RatingSubject.MEMBERS and self.organization.level not in MEMBER_RATING_LEVELS:
                errors["organization"] = _(
                    "Xếp loại đảng viên được ghi theo từng tổ chức cơ sở đảng; %(org)s không phải tổ chức cơ sở."
                ) % {"org": self.organization}
            if self.subject == RatingSubject.ORGANIZATIONS and self.organization.kind in NO_SUBORDINATES:
                errors["organization"] = _(
                    "%(org)s là chi bộ, không có tổ chức đảng trực thuộc để xếp loại."
                ) % {"org": self.organization}
        if self.subject == RatingSubject.ORGANIZATIONS and (self.not_rated_exempted or self.not_rated_suspended):
            errors["not_rated_exempted"] = _(
                "Miễn công tác, đình chỉ sinh hoạt chỉ áp dụng cho đảng viên, không áp dụng cho tổ chức đảng."
            )
        if self.year is not None and self.total is not None and None not in (
            self.excellent, self.good, self.fulfilled, self.failed,
            self.not_rated_exempted, self.not_rated_suspended, self.not_rated_other,
        ) and self.rated + self.not_rated != self.total:
            labels = ", ".join(f"{label} {count}" for _level, label, count in self.level_counts())
            errors["total"] = _(
                "Số liệu không khớp: tổng số là %(total)s nhưng được xếp loại %(rated)s (%(labels)s) "
                "cộng không xếp loại %(not_rated)s (miễn %(ex)s, đình chỉ %(su)s, khác %(ot)s) = %(sum)s."
            ) % {
                "total": self.total, "rated": self.rated, "labels": labels, "not_rated": self.not_rated,
                "ex": self.not_rated_exempted, "su": self.not_rated_suspended, "ot": self.not_rated_other,
                "sum": self.rated + self.not_rated,
            }
        if errors:
            raise ValidationError(errors)

    def compute_derived(self):
        relation = self.excellent_relation()
        self.excellent_cap_exceeded = bool(relation and relation.exceeded)


class MemberRating(models.Model):
    """One named member's rating, when the unit supplies names (often only for
    HTXSNV members). Each level's named members may not exceed its count."""
    WRITE_SCOPE_FIELDS = ("rating__organization",)

    SCOPE_FIELD = "rating__organization"

    rating = models.ForeignKey(
        QualityRating, verbose_name=_("xếp loại chất lượng"), on_delete=models.CASCADE, related_name="member_ratings"
    )
    full_name = models.CharField(_("họ và tên"), max_length=100)
    birth_date = models.DateField(_("ngày sinh"), null=True, blank=True)
    cadre_code = models.CharField(_("mã cán bộ"), max_length=50, blank=True)
    level = models.CharField(_("mức xếp loại"), max_length=16, choices=ALL_RATING_LEVELS, blank=True)
    not_rated_reason = models.CharField(
        _("lý do không xếp loại"), max_length=16, choices=NotRatedReason.choices, blank=True
    )
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)

    history = audited()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("xếp loại đảng viên")
        verbose_name_plural = _("xếp loại đảng viên")
        ordering = ["rating", "full_name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(level="") & ~Q(not_rated_reason="")) | (~Q(level="") & Q(not_rated_reason="")),
                name="member_rating_level_xor_not_rated",
            ),
        ]

    def __str__(self):
        return self.full_name

    def column(self):
        """The QualityRating field this person is counted in."""
        if self.level:
            return rating_column(self.level, self.rating.year)
        return f"not_rated_{self.not_rated_reason}"

    def clean(self):
        super().clean()
        if bool(self.level) == bool(self.not_rated_reason):
            raise ValidationError({"level": _("Chọn đúng một trong hai: mức xếp loại hoặc lý do không xếp loại.")})
        if not self.rating_id:
            return
        if self.rating.subject != RatingSubject.MEMBERS:
            raise ValidationError(_("Chỉ ghi tên đảng viên cho bản xếp loại đảng viên."))
        if self.level and rating_column(self.level, self.rating.year) is None:
            valid = ", ".join(str(level.label) for level in rating_levels(self.rating.year))
            raise ValidationError({"level": _("Mức xếp loại không dùng trong năm %(year)s; các mức hợp lệ: %(valid)s.")
                                   % {"year": self.rating.year, "valid": valid}})
