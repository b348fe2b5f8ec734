"""Conclusion notices and what follows them: remediation requirements,
progress reports, deadline extensions and the requirement timeline."""
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.signals import m2m_changed
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _

from core.audit import audited
from core.errors import ApplicationError
from core.inputs import validate_real_date
from core.models import ScopedSearchQuerySet, SearchableModel
from core.scoping import ScopedQuerySet
from core.versioning import VersionedModel
from organizations.models import Organization

from ..choices import ConclusionStatus, ExtensionStatus, Priority, RequirementEventKind, RequirementStatus
from .base import StoredFile
from .documents import Document
from .findings import Finding
from .inspections import Inspection

DEFAULT_SIGNER_ON_BEHALF = "T/M BAN THƯỜNG VỤ"
SIGNER_FIELDS = ("signer_on_behalf", "signer_position", "signer_name")


def frozen_message():
    return _g("Thông báo kết luận đã ban hành nên không sửa, không xóa được; "
              "muốn điều chỉnh hãy ban hành một thông báo đính chính liên kết với thông báo này.")


def frozen_error():
    return ApplicationError(frozen_message(), code="conclusion_frozen", status=409)


def conclusion_is_issued(conclusion_id):
    """The stored status, not the instance's: a form or a stale object cannot unfreeze it."""
    return bool(conclusion_id) and Conclusion.objects.filter(pk=conclusion_id, status=ConclusionStatus.ISSUED).exists()


class FrozenWhenIssuedMixin:
    """Refuses saving or deleting once the conclusion (this one, or the one
    this row belongs to) is issued. Services check first and raise a clear
    error; this guard holds for every other door (admin, shell)."""

    FROZEN_FIELDS: tuple = ()  # empty: the whole row is frozen

    def _guard_conclusion_id(self):
        return self.conclusion_id

    def _frozen_change(self):
        if self._state.adding or not conclusion_is_issued(self._guard_conclusion_id()):
            return False
        if not self.FROZEN_FIELDS:
            return True
        stored = type(self)._base_manager.filter(pk=self.pk).values(*self.FROZEN_FIELDS).first() or {}
        return any(stored.get(field) != getattr(self, field) for field in self.FROZEN_FIELDS)

    def clean(self):
        super().clean()
        if self._frozen_change():
            raise ValidationError(frozen_message(), code="conclusion_frozen")

    def save(self, *args, **kwargs):
        if self._frozen_change():
            raise frozen_error()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if conclusion_is_issued(self._guard_conclusion_id()):
            raise frozen_error()
        return super().delete(*args, **kwargs)


class Conclusion(FrozenWhenIssuedMixin, VersionedModel):
    """The conclusion notice (thông báo kết luận) issued in the authority's name.
    Once issued it is frozen; a correction is a new notice that `corrects` it."""
    WRITE_SCOPE_FIELDS = ("inspection__targets__organization",)
    REDACTED_FIELDS = ("summary",)  # free text: other units' names hidden (core.concern)

    SCOPE_FIELD = "inspection__targets__organization"
    SCOPE_MULTI = True

    inspection = models.ForeignKey(Inspection, verbose_name=_("cuộc kiểm tra"), on_delete=models.PROTECT,
                                   related_name="conclusions")
    document = models.ForeignKey(Document, verbose_name=_("văn bản thông báo kết luận"), on_delete=models.PROTECT,
                                 null=True, blank=True, related_name="conclusions")
    summary = models.TextField(_("nội dung kết luận chung"))
    status = models.CharField(_("trạng thái"), max_length=10, choices=ConclusionStatus.choices,
                              default=ConclusionStatus.DRAFT, editable=False, db_index=True)
    issued_at = models.DateTimeField(_("thời điểm ban hành"), null=True, blank=True, editable=False)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người ban hành"),
                                  on_delete=models.PROTECT, null=True, blank=True, related_name="+", editable=False)
    corrects = models.ForeignKey("self", verbose_name=_("đính chính thông báo"), on_delete=models.PROTECT,
                                 null=True, blank=True, related_name="corrections")
    # The signature block (HD 36): chosen when the notice is issued, frozen with it.
    signer_on_behalf = models.CharField(
        _("thẩm quyền ký"), max_length=100, blank=True, default=DEFAULT_SIGNER_ON_BEHALF,
        help_text=_("Ví dụ: T/M BAN THƯỜNG VỤ, K/T BÍ THƯ."))
    signer_position = models.CharField(_("chức vụ người ký"), max_length=255, blank=True,
                                       help_text=_("Ví dụ: PHÓ BÍ THƯ THƯỜNG TRỰC."))
    signer_name = models.CharField(_("họ tên người ký"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("ngày tạo"), default=timezone.now, editable=False)

    history = audited()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("thông báo kết luận")
        verbose_name_plural = _("thông báo kết luận")
        ordering = ["inspection", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["inspection"], condition=Q(corrects__isnull=True),
                                    name="conclusion_one_original_per_inspection"),
            models.UniqueConstraint(fields=["document"], condition=Q(document__isnull=False),
                                    name="conclusion_document_unique"),
            models.CheckConstraint(condition=~Q(status=ConclusionStatus.ISSUED) | Q(document__isnull=False),
                                   name="conclusion_issued_has_document"),
        ]

    def __str__(self):
        return str(self.document) if self.document_id else _g("Dự thảo kết luận %(code)s") % {
            "code": self.inspection.code}

    def _guard_conclusion_id(self):
        return self.pk

    @property
    def is_issued(self):
        return self.status == ConclusionStatus.ISSUED

    def clean(self):
        super().clean()
        if self.corrects_id and self.corrects.inspection_id != self.inspection_id:
            raise ValidationError({"corrects": _g("Thông báo được đính chính phải thuộc cùng cuộc kiểm tra.")})


class ConclusionSection(FrozenWhenIssuedMixin, models.Model):
    """The part of the notice about one inspected organization."""
    WRITE_SCOPE_FIELDS = ("conclusion__inspection__targets__organization",)

    SCOPE_FIELD = "organization"

    conclusion = models.ForeignKey(Conclusion, verbose_name=_("thông báo kết luận"), on_delete=models.CASCADE,
                                   related_name="sections")
    organization = models.ForeignKey(Organization, verbose_name=_("tổ chức"), on_delete=models.PROTECT,
                                     related_name="conclusion_sections")
    text = models.TextField(_("nội dung kết luận đối với tổ chức"))

    history = audited()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("phần kết luận theo tổ chức")
        verbose_name_plural = _("phần kết luận theo tổ chức")
        ordering = ["conclusion", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["conclusion", "organization"], name="conclusion_section_unique"),
        ]

    def __str__(self):
        return str(self.organization)

    def clean(self):
        super().clean()
        if self.conclusion_id and self.organization_id and not self.conclusion.inspection.targets.filter(
            organization_id=self.organization_id
        ).exists():
            raise ValidationError({"organization": _g("Tổ chức này không thuộc đối tượng của cuộc kiểm tra.")})


class RemediationRequirement(FrozenWhenIssuedMixin, VersionedModel, SearchableModel):
    """Yêu cầu khắc phục. The text and its targets are part of the issued
    notice and frozen with it; status, deadline and overdue move through the
    services. `is_overdue` is stored and indexed so that lists filter on it
    cheaply; services and inspection.tasks.refresh_overdue keep it right."""
    WRITE_SCOPE_FIELDS = ("organization", "responsible_organization")

    SCOPE_FIELD = "organization"
    SCOPE_FIELDS = ("organization", "responsible_organization")
    SEARCH_FIELDS = ("text",)
    FROZEN_FIELDS = ("conclusion_id", "organization_id", "responsible_organization_id", "text", "original_deadline")

    conclusion = models.ForeignKey(Conclusion, verbose_name=_("thông báo kết luận"), on_delete=models.PROTECT,
                                   related_name="requirements")
    organization = models.ForeignKey(Organization, verbose_name=_("tổ chức được kiểm tra"),
                                     on_delete=models.PROTECT, related_name="remediation_requirements")
    responsible_organization = models.ForeignKey(
        Organization, verbose_name=_("tổ chức chịu trách nhiệm"), on_delete=models.PROTECT,
        related_name="responsible_requirements",
        help_text=_("Tổ chức được kiểm tra hoặc một tổ chức trực thuộc."),
    )
    text = models.TextField(_("nội dung yêu cầu"))
    findings = models.ManyToManyField(Finding, verbose_name=_("căn cứ từ kết quả kiểm tra"), blank=True,
                                      related_name="requirements")
    original_deadline = models.DateField(_("thời hạn ban đầu"), validators=[validate_real_date])
    deadline = models.DateField(_("thời hạn hiện hành"), editable=False, db_index=True)
    status = models.CharField(_("trạng thái"), max_length=16, choices=RequirementStatus.choices,
                              default=RequirementStatus.OPEN, editable=False, db_index=True)
    is_overdue = models.BooleanField(_("quá hạn"), default=False, editable=False)
    priority = models.CharField(_("mức ưu tiên"), max_length=8, choices=Priority.choices, default=Priority.NORMAL)
    verified_at = models.DateTimeField(_("ngày xác nhận hoàn thành"), null=True, blank=True, editable=False)
    verified_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người xác nhận"),
                                    on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                    editable=False)
    created_at = models.DateTimeField(_("ngày tạo"), default=timezone.now, editable=False)

    history = audited(excluded_fields=["search_text", "is_overdue"])
    objects = ScopedSearchQuerySet.as_manager()

    class Meta:
        verbose_name = _("yêu cầu khắc phục")
        verbose_name_plural = _("yêu cầu khắc phục")
        ordering = ["deadline", "pk"]
        indexes = [models.Index(fields=["is_overdue", "deadline"], name="requirement_overdue_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(deadline__gte=F("original_deadline")),
                                   name="requirement_deadline_not_before_original"),
        ]

    def __str__(self):
        return self.text[:80]

    def clean(self):
        if self.original_deadline and not self.deadline:
            self.deadline = self.original_deadline
        super().clean()
        errors = {}
        if self.conclusion_id and self.organization_id and not self.conclusion.inspection.targets.filter(
            organization_id=self.organization_id
        ).exists():
            errors["organization"] = _g("Tổ chức này không thuộc đối tượng của cuộc kiểm tra.")
        if self.organization_id and self.responsible_organization_id and not (
            self.responsible_organization.path.startswith(self.organization.path)
        ):
            errors["responsible_organization"] = _g(
                "Tổ chức chịu trách nhiệm phải là tổ chức được kiểm tra hoặc tổ chức trực thuộc của nó.")
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        if self.original_deadline and not self.deadline:
            self.deadline = self.original_deadline
        super().save(*args, **kwargs)


class ProgressReport(models.Model):
    """A report from the responsible organization. Once sent it is never edited."""
    WRITE_SCOPE_FIELDS = ("requirement__responsible_organization",)

    SCOPE_FIELD = "requirement__organization"
    SCOPE_FIELDS = ("requirement__organization", "requirement__responsible_organization")

    requirement = models.ForeignKey(RemediationRequirement, verbose_name=_("yêu cầu khắc phục"),
                                    on_delete=models.PROTECT, related_name="progress_reports")
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người báo cáo"),
                                     on_delete=models.PROTECT, related_name="+", editable=False)
    submitted_at = models.DateTimeField(_("thời điểm báo cáo"), default=timezone.now, editable=False)
    text = models.TextField(_("nội dung báo cáo"))
    percent = models.PositiveSmallIntegerField(_("tỷ lệ hoàn thành (%)"), validators=[MaxValueValidator(100)])

    history = audited()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("báo cáo tiến độ khắc phục")
        verbose_name_plural = _("báo cáo tiến độ khắc phục")
        ordering = ["-submitted_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(percent__lte=100), name="progress_percent_range"),
        ]

    def __str__(self):
        return f"{self.percent}% – {self.text[:60]}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ApplicationError(_g("Báo cáo tiến độ đã gửi thì không sửa được; hãy gửi báo cáo mới."),
                                   code="progress_report_immutable", status=409)
        super().save(*args, **kwargs)


class ProgressAttachment(StoredFile):
    report = models.ForeignKey(ProgressReport, verbose_name=_("báo cáo tiến độ"), on_delete=models.CASCADE,
                               related_name="attachments")

    history = audited()

    class Meta:
        verbose_name = _("tệp báo cáo tiến độ")
        verbose_name_plural = _("tệp báo cáo tiến độ")
        ordering = ["report", "pk"]


class DeadlineExtension(models.Model):
    """A request to move a deadline. Approval moves the requirement's current
    deadline; the original deadline and every earlier one stay on record."""
    WRITE_SCOPE_FIELDS = ("requirement__responsible_organization",)

    SCOPE_FIELD = "requirement__organization"
    SCOPE_FIELDS = ("requirement__organization", "requirement__responsible_organization")

    requirement = models.ForeignKey(RemediationRequirement, verbose_name=_("yêu cầu khắc phục"),
                                    on_delete=models.PROTECT, related_name="extensions")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người đề nghị"),
                                     on_delete=models.PROTECT, related_name="+", editable=False)
    requested_at = models.DateTimeField(_("thời điểm đề nghị"), default=timezone.now, editable=False)
    previous_deadline = models.DateField(_("thời hạn khi đề nghị"), editable=False)
    requested_deadline = models.DateField(_("thời hạn đề nghị"), validators=[validate_real_date])
    reason = models.TextField(_("lý do"))
    status = models.CharField(_("trạng thái"), max_length=10, choices=ExtensionStatus.choices,
                              default=ExtensionStatus.PENDING, editable=False, db_index=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người quyết định"),
                                   on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                   editable=False)
    decided_at = models.DateTimeField(_("thời điểm quyết định"), null=True, blank=True, editable=False)
    decision_note = models.TextField(_("ý kiến của Ban"), blank=True, editable=False)

    history = audited()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("đề nghị gia hạn")
        verbose_name_plural = _("đề nghị gia hạn")
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["requirement"], condition=Q(status=ExtensionStatus.PENDING),
                                    name="extension_one_pending_per_requirement"),
            models.CheckConstraint(condition=Q(requested_deadline__gt=F("previous_deadline")),
                                   name="extension_moves_deadline_later"),
        ]

    def __str__(self):
        return _g("Gia hạn đến %(day)s") % {"day": self.requested_deadline.strftime("%d/%m/%Y")}


class RequirementEvent(models.Model):
    """The timeline of a requirement, written by every service that touches it:
    one query gives the whole story. Append-only, so no history table."""

    requirement = models.ForeignKey(RemediationRequirement, verbose_name=_("yêu cầu khắc phục"),
                                    on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("sự kiện"), max_length=24, choices=RequirementEventKind.choices)
    at = models.DateTimeField(_("ngày hiệu lực"), default=timezone.now)  # the day the user says it took effect
    recorded_at = models.DateTimeField(_("thời điểm ghi nhận"), default=timezone.now, editable=False)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người thực hiện"), on_delete=models.PROTECT,
                           null=True, blank=True, related_name="+")
    text = models.TextField(_("nội dung"), blank=True)
    data = models.JSONField(_("dữ liệu"), default=dict, blank=True)

    class Meta:
        verbose_name = _("diễn biến yêu cầu khắc phục")
        verbose_name_plural = _("diễn biến yêu cầu khắc phục")
        ordering = ["requirement", "at", "pk"]

    def __str__(self):
        return self.get_kind_display()


@receiver(m2m_changed, sender=RemediationRequirement.findings.through)
def _findings_frozen_with_notice(sender, instance, action, reverse, **kwargs):
    if action not in {"pre_add", "pre_remove", "pre_clear"}:
        return
    conclusion_ids = (
        [instance.conclusion_id] if not reverse
        else RemediationRequirement.objects.filter(pk__in=kwargs.get("pk_set") or ()).values_list(
            "conclusion_id", flat=True)
    )
    if reverse and action == "pre_clear":
        conclusion_ids = instance.requirements.values_list("conclusion_id", flat=True)
    if Conclusion.objects.filter(pk__in=list(conclusion_ids), status=ConclusionStatus.ISSUED).exists():
        raise frozen_error()
