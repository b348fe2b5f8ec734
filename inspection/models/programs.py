"""The annual inspection-and-supervision program of an authority and its items."""
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from core.audit import audited
from core.inputs import validate_real_date, validate_real_year
from core.scoping import ScopedQuerySet
from organizations.models import Organization

from .documents import Document, Topic


class InspectionProgram(models.Model):
    """E.g. the 2019 program of the Standing Board of Thành ủy TP.HCM, given by
    Conclusion Notice 3150-TB/TU. Visible to the authority's subtree and to
    every organization one of its items targets."""
    WRITE_SCOPE_FIELDS = ("authority",)
    REDACTED_FIELDS = ("title", "notes")  # free text: other units' names hidden (core.concern)

    SCOPE_FIELD = "authority"
    NATURAL_KEY = ("authority", "year", "title")
    SCOPE_FIELDS = ("authority", "items__target_organizations")

    authority = models.ForeignKey(
        Organization, verbose_name=_("cấp ủy ban hành chương trình"), on_delete=models.PROTECT,
        related_name="inspection_programs",
    )
    year = models.PositiveSmallIntegerField(_("năm"), validators=[validate_real_year], db_index=True)
    title = models.CharField(_("tên chương trình"), max_length=500)
    basis_document = models.ForeignKey(
        Document, verbose_name=_("văn bản căn cứ"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="programs",
    )
    notes = models.TextField(_("ghi chú"), blank=True)

    history = audited()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("chương trình kiểm tra, giám sát")
        verbose_name_plural = _("chương trình kiểm tra, giám sát")
        ordering = ["-year", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["authority", "year", "title"], name="program_unique_title_per_year"),
        ]

    def __str__(self):
        return self.title


class ProgramItem(models.Model):
    """One line of a program: topic, targets, responsible board and planned
    period. Its state against the plan is computed (selectors.program_item_list)."""
    WRITE_SCOPE_FIELDS = ("program__authority",)
    REDACTED_FIELDS = ("title", "notes")

    SCOPE_FIELD = "program__authority"
    SCOPE_FIELDS = ("program__authority", "target_organizations")

    program = models.ForeignKey(
        InspectionProgram, verbose_name=_("chương trình"), on_delete=models.PROTECT, related_name="items"
    )
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    topic = models.ForeignKey(Topic, verbose_name=_("nội dung"), on_delete=models.PROTECT, related_name="program_items")
    title = models.CharField(_("nội dung cụ thể"), max_length=500)
    target_organizations = models.ManyToManyField(
        Organization, verbose_name=_("đối tượng kiểm tra"), blank=True, related_name="program_items"
    )
    responsible = models.ForeignKey(
        Organization, verbose_name=_("cơ quan chủ trì"), on_delete=models.PROTECT,
        related_name="responsible_program_items",
    )
    planned_start = models.DateField(_("bắt đầu theo kế hoạch"), validators=[validate_real_date])
    planned_end = models.DateField(_("kết thúc theo kế hoạch"), validators=[validate_real_date])
    notes = models.TextField(_("ghi chú"), blank=True)

    history = audited()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("nội dung chương trình")
        verbose_name_plural = _("nội dung chương trình")
        ordering = ["program", "order", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(planned_end__gte=F("planned_start")), name="program_item_period_order"),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        if self.planned_start and self.planned_end and self.planned_end < self.planned_start:
            raise ValidationError({"planned_end": _("Ngày kết thúc phải sau ngày bắt đầu.")})
