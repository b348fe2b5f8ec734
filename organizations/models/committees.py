"""Congresses per organization and term, and the committees they elect."""
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from core.audit import audited
from core.models import ScopedSearchQuerySet, SearchableModel
from core.scoping import ScopedQuerySet

from ..record_choices import CommitteePosition, Gender
from .tree import Organization, Term


class Congress(models.Model):
    """An organization's congress (đại hội) opening a term, and what its
    resolution set for the term, e.g. the admission target."""
    SCOPE_FIELD = "organization"
    WRITE_SCOPE_FIELDS = ("organization",)
    NATURAL_KEY = ("organization", "term")

    organization = models.ForeignKey(
        Organization, verbose_name=_("tổ chức đảng"), on_delete=models.PROTECT, related_name="congresses"
    )
    term = models.ForeignKey(Term, verbose_name=_("nhiệm kỳ"), on_delete=models.PROTECT, related_name="congresses")
    opened_on = models.DateField(_("ngày khai mạc"))
    closed_on = models.DateField(_("ngày bế mạc"), null=True, blank=True)
    resolution_number = models.CharField(_("số nghị quyết đại hội"), max_length=50, blank=True)
    resolution_summary = models.TextField(_("nội dung chính của nghị quyết"), blank=True)
    admission_target = models.PositiveIntegerField(
        _("chỉ tiêu kết nạp đảng viên cả nhiệm kỳ"), null=True, blank=True,
        help_text=_("Theo nghị quyết đại hội."),
    )

    history = audited()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("đại hội")
        verbose_name_plural = _("đại hội")
        ordering = ["organization__path", "term__start_year"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "term"], name="congress_unique_per_term"),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=F("opened_on")), name="congress_dates_order"
            ),
        ]

    def __str__(self):
        return f"{self.organization} — {self.term}"

    def clean(self):
        super().clean()
        if self.closed_on and self.opened_on and self.closed_on < self.opened_on:
            raise ValidationError({"closed_on": _("Ngày bế mạc không được trước ngày khai mạc.")})
        if self.term_id and self.opened_on and self.opened_on.year not in (
            self.term.start_year - 1, self.term.start_year
        ):
            raise ValidationError({"opened_on": _(
                "Đại hội nhiệm kỳ %(term)s phải khai mạc trong năm %(a)s hoặc %(b)s."
            ) % {"term": self.term, "a": self.term.start_year - 1, "b": self.term.start_year}})


class CommitteeMember(SearchableModel):
    """One person's seat on an organization's committee in a term, with one
    position from `from_date` to `to_date` (a change of position is a new row).

    The person is stored here (name, gender, birth date: what the CT 35
    composition figures need) because organizations may not import cadres.
    `cadre_code` is the link the cadres app resolves to its `Cadre.code`."""
    SCOPE_FIELD = "organization"
    WRITE_SCOPE_FIELDS = ("organization",)
    # One row per person and position start (a change of position is a new row).
    NATURAL_KEY = ("organization", "term", "full_name", "birth_date", "from_date")

    SEARCH_FIELDS = ("full_name", "cadre_code")

    organization = models.ForeignKey(
        Organization, verbose_name=_("tổ chức đảng"), on_delete=models.PROTECT, related_name="committee_members"
    )
    term = models.ForeignKey(
        Term, verbose_name=_("nhiệm kỳ"), on_delete=models.PROTECT, related_name="committee_members"
    )
    full_name = models.CharField(_("họ và tên"), max_length=100)
    gender = models.CharField(_("giới tính"), max_length=10, choices=Gender.choices)
    birth_date = models.DateField(_("ngày sinh"))
    cadre_code = models.CharField(_("mã cán bộ"), max_length=50, blank=True, db_index=True)
    position = models.CharField(_("chức vụ trong cấp ủy"), max_length=32, choices=CommitteePosition.choices)
    from_date = models.DateField(_("từ ngày"))
    to_date = models.DateField(_("đến ngày"), null=True, blank=True)

    history = audited(excluded_fields=["search_text"])
    objects = ScopedSearchQuerySet.as_manager()

    class Meta:
        verbose_name = _("cấp ủy viên")
        verbose_name_plural = _("cấp ủy viên")
        ordering = ["organization__path", "term__start_year", "full_name", "from_date"]
        indexes = [models.Index(fields=["organization", "term"], name="committee_member_org_term")]
        constraints = [
            models.CheckConstraint(
                condition=Q(to_date__isnull=True) | Q(to_date__gte=F("from_date")), name="committee_member_dates_order"
            ),
        ]

    def __str__(self):
        return f"{self.full_name} ({self.get_position_display()}, {self.term})"

    def clean(self):
        super().clean()
        if self.to_date and self.from_date and self.to_date < self.from_date:
            raise ValidationError({"to_date": _("Ngày kết thúc không được trước ngày bắt đầu.")})

    def same_person_q(self):
        if self.cadre_code:
            return Q(cadre_code=self.cadre_code)
        return Q(full_name=self.full_name, birth_date=self.birth_date)

    def active_on(self, day):
        return self.from_date <= day and (self.to_date is None or self.to_date >= day)
