"""Findings (kết quả kiểm tra) per inspected organization and topic, with
their evidence: files, and links to the organization's own records."""
from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _

from core.audit import audited
from core.models import ScopedSearchQuerySet, SearchableModel
from core.versioning import VersionedModel
from organizations.models import Organization

from ..choices import FindingKind, InspectionStatus, Severity
from .base import StoredFile
from .documents import Tag, Topic
from .inspections import Inspection

# Findings are written while the team works and frozen once the conclusion is out.
FINDINGS_OPEN_STATUSES = (InspectionStatus.IN_PROGRESS, InspectionStatus.REPORTING)

# The records a finding may cite as evidence ("app_label.model"). Checked at
# validation time so that this app needs no import of the records and cadres apps.
EVIDENCE_MODELS = (
    "organizations.qualityrating",
    "organizations.cellmeeting",
    "organizations.admissionyear",
    "organizations.membershipstructure",
    "organizations.committeemember",
    "cadres.planningentry",
    "cadres.trainingrecord",
    "cadres.movement",
    "cadres.cadre",
    "inspection.selfinspectionreport",
)


def findings_frozen_error(inspection):
    return ValidationError(
        _g("Cuộc kiểm tra đang ở trạng thái «%(status)s»: chỉ ghi, sửa kết quả kiểm tra khi đang tiến hành "
           "hoặc đang báo cáo kết quả.") % {"status": inspection.get_status_display()},
        code="findings_frozen",
    )


class Finding(VersionedModel, SearchableModel):
    SCOPE_FIELD = "organization"
    WRITE_SCOPE_FIELDS = ("organization",)
    SEARCH_FIELDS = ("text",)

    inspection = models.ForeignKey(Inspection, verbose_name=_("cuộc kiểm tra"), on_delete=models.PROTECT,
                                   related_name="findings")
    organization = models.ForeignKey(Organization, verbose_name=_("tổ chức được kiểm tra"),
                                     on_delete=models.PROTECT, related_name="findings")
    topic = models.ForeignKey(Topic, verbose_name=_("nội dung"), on_delete=models.PROTECT, related_name="findings")
    kind = models.CharField(_("loại"), max_length=12, choices=FindingKind.choices)
    severity = models.CharField(_("mức độ"), max_length=10, choices=Severity.choices, blank=True,
                                help_text=_("Chỉ với hạn chế, khuyết điểm."))
    text = models.TextField(_("nội dung nhận xét"))
    tags = models.ManyToManyField(Tag, verbose_name=_("nhãn"), blank=True, related_name="findings")
    created_at = models.DateTimeField(_("ngày ghi"), default=timezone.now, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người ghi"), on_delete=models.PROTECT,
                                   null=True, blank=True, related_name="+", editable=False)

    history = audited(excluded_fields=["search_text"])
    objects = ScopedSearchQuerySet.as_manager()

    class Meta:
        verbose_name = _("kết quả kiểm tra")
        verbose_name_plural = _("kết quả kiểm tra")
        ordering = ["inspection", "organization", "kind", "pk"]
        indexes = [models.Index(fields=["topic", "kind"], name="finding_topic_kind_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind=FindingKind.STRENGTH, severity="")
                | (Q(kind=FindingKind.LIMITATION) & ~Q(severity="")),
                name="finding_severity_only_for_limitations",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.text[:80]}"

    def clean(self):
        super().clean()
        errors = {}
        if self.kind == FindingKind.STRENGTH and self.severity:
            errors["severity"] = _g("Ưu điểm không có mức độ.")
        if self.kind == FindingKind.LIMITATION and not self.severity:
            errors["severity"] = _g("Chọn mức độ của hạn chế, khuyết điểm.")
        if self.inspection_id:
            inspection = self.inspection
            if inspection.status not in FINDINGS_OPEN_STATUSES:
                raise findings_frozen_error(inspection)
            if self.organization_id and not inspection.targets.filter(organization_id=self.organization_id).exists():
                errors["organization"] = _g("Tổ chức này không thuộc đối tượng của cuộc kiểm tra.")
            if self.topic_id and not inspection.topics.filter(pk=self.topic_id).exists():
                errors["topic"] = _g("Nội dung này không nằm trong các nội dung của cuộc kiểm tra.")
        if errors:
            raise ValidationError(errors)


class FindingEvidence(models.Model):
    """A link from a finding to any record of the inspected organization
    (a rating year, a cell meeting, a planning entry...)."""

    finding = models.ForeignKey(Finding, verbose_name=_("kết quả kiểm tra"), on_delete=models.CASCADE,
                                related_name="evidence")
    content_type = models.ForeignKey(ContentType, verbose_name=_("loại hồ sơ"), on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField(_("mã hồ sơ"))
    record = GenericForeignKey("content_type", "object_id")
    note = models.CharField(_("ghi chú"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("ngày ghi"), default=timezone.now, editable=False)

    history = audited()

    class Meta:
        verbose_name = _("chứng cứ")
        verbose_name_plural = _("chứng cứ")
        ordering = ["finding", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["finding", "content_type", "object_id"], name="finding_evidence_unique"),
        ]

    def __str__(self):
        return f"{self.content_type.app_label}.{self.content_type.model}#{self.object_id}"

    @staticmethod
    def allowed_model(label):
        """The model class for an allowed "app_label.model" label, or None."""
        if label not in EVIDENCE_MODELS:
            return None
        try:
            return apps.get_model(label)
        except LookupError:
            return None

    def clean(self):
        super().clean()
        if not self.content_type_id:
            return
        label = f"{self.content_type.app_label}.{self.content_type.model}"
        model = self.allowed_model(label)
        if model is None:
            raise ValidationError({"content_type": _g("Loại hồ sơ «%(label)s» không được dùng làm chứng cứ.")
                                   % {"label": label}})
        if not model._default_manager.filter(pk=self.object_id).exists():
            raise ValidationError({"object_id": _g("Không tìm thấy hồ sơ làm chứng cứ.")})


class FindingAttachment(StoredFile):
    finding = models.ForeignKey(Finding, verbose_name=_("kết quả kiểm tra"), on_delete=models.CASCADE,
                                related_name="attachments")

    history = audited()

    class Meta:
        verbose_name = _("tệp chứng cứ")
        verbose_name_plural = _("tệp chứng cứ")
        ordering = ["finding", "pk"]
