"""Thin serializers: input shapes for the services, brief nested output."""
from django.contrib.auth import get_user_model
from django.db.models import Manager
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from cadres.api.serializers import ScopedCadreField
from core.api import NaturalKeySerializerMixin, ScopedRelatedField
from core.downloads import download_url
from core.fast_output import ROWS, FastOutputMixin
from core.nested import RedactedMixin, ScopedListSerializer, reader, scoped_ids, scoped_list, visible_rows
from core.versioning import VersionedSerializerMixin
from core.viewsets import StepInputSerializer
from organizations.api.serializers import OrganizationBriefSerializer, ScopedOrganizationField
from organizations.models import Term

from ..choices import InspectionStatus, RequirementEventKind, TeamRole
from ..models import (
    Conclusion,
    ConclusionSection,
    DeadlineExtension,
    Document,
    Finding,
    Inspection,
    InspectionProgram,
    ProgramItem,
    ProgressReport,
    RemediationRequirement,
    Topic,
)
from ..selectors import partial_document_ids
from ..services import TRANSITIONS

TOPIC_SCHEMA = {
    "type": "string", "pattern": "^[-a-zA-Z0-9_]+$", "maxLength": 50, "example": "cell_meetings",
    "description": "A topic code (slug). The valid values are the `code`s listed by GET /api/v1/topics/: "
                   "a list administrators keep in the database, so the schema names no fixed enum; an unknown "
                   "code is a 400 on this field.",
}


@extend_schema_field(TOPIC_SCHEMA)
class TopicCodeField(serializers.SlugRelatedField):
    """A topic by code. A code with a NUL character is refused before the query
    (PostgreSQL cannot even compare such a string: that was a 500)."""

    def to_internal_value(self, data):
        if isinstance(data, str) and "\x00" in data:
            self.fail("invalid")
        return super().to_internal_value(data)


def topic_field(**kwargs):
    return TopicCodeField(slug_field="code", queryset=Topic.objects.all(), **kwargs)


class UserBriefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()
    full_name = serializers.CharField(source="get_full_name")


class TopicSerializer(serializers.ModelSerializer):
    class Meta:
        model = Topic
        fields = ["code", "name", "order"]


class StoredFileSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(source="original_name")
    size = serializers.IntegerField()
    sha256 = serializers.CharField()
    content_type = serializers.CharField()
    url = serializers.SerializerMethodField(help_text="Địa chỉ tải tệp (kiểm tra phạm vi).")
    uploaded_at = serializers.DateTimeField()

    def get_url(self, obj) -> str:
        return download_url(obj, self.context.get("request"))


class FileUploadSerializer(serializers.Serializer):
    file = serializers.FileField()


class CommentSerializer(StepInputSerializer):
    comment = serializers.CharField(required=False, allow_blank=True, default="")


# --- documents -------------------------------------------------------------------
class DocumentBriefSerializer(RedactedMixin, serializers.ModelSerializer):
    class Meta:
        model = Document
        fields = ["id", "number_display", "issued_on", "subject"]


class DocumentSerializer(RedactedMixin, VersionedSerializerMixin, serializers.ModelSerializer):
    issuer = ScopedOrganizationField(allow_null=True, required=False)
    issuer_detail = OrganizationBriefSerializer(source="issuer", read_only=True, allow_null=True)
    party_number = serializers.CharField(write_only=True, required=False, allow_blank=True,
                                         help_text="Số văn bản dạng 3150-TB/TU thay cho number, doc_type, issuer_code.")
    number = serializers.IntegerField(required=False, allow_null=True, min_value=1)
    doc_type = serializers.ChoiceField(choices=Document._meta.get_field("doc_type").choices, required=False)
    term = serializers.PrimaryKeyRelatedField(queryset=Term.objects.all(), required=False, allow_null=True)
    term_name = serializers.CharField(source="term.name", read_only=True, allow_null=True, default=None)
    bases = scoped_ids(ScopedRelatedField(Document), required=False)
    files = StoredFileSerializer(many=True, read_only=True)

    class Meta:
        model = Document
        fields = ["id", "number_display", "party_number", "issuer", "issuer_detail", "issuer_code", "doc_type",
                  "number", "term", "term_name", "issued_on", "subject", "signer_name", "signer_title",
                  "confidentiality", "bases", "notes", "files", "version"]
        read_only_fields = ["number_display"]
        validators = []  # numbering rules live in the service, with a message that proposes the next number

    def to_representation(self, instance):
        """A joint notice seen through one unit lists no stored file: the file names every
        unit (its download answers 404 too); the reader's part is the generated notice."""
        data = super().to_representation(instance)
        if data.get("files") and instance.pk in partial_document_ids(reader(self.context), self.context):
            data["files"] = []
        return data


class NextNumberQuerySerializer(serializers.Serializer):
    issuer_code = serializers.CharField(required=False, allow_blank=True, default="")
    issuer = ScopedOrganizationField(required=False, allow_null=True, default=None)
    doc_type = serializers.ChoiceField(choices=Document._meta.get_field("doc_type").choices)
    term = serializers.PrimaryKeyRelatedField(queryset=Term.objects.all())


# --- programs --------------------------------------------------------------------
class InspectionBriefSerializer(RedactedMixin, serializers.ModelSerializer):
    class Meta:
        model = Inspection
        fields = ["id", "code", "title", "status", "year"]


class ProgramItemSerializer(RedactedMixin, serializers.ModelSerializer):
    program = ScopedRelatedField(InspectionProgram)
    topic = topic_field()
    target_organizations = scoped_ids(ScopedOrganizationField(), required=False)
    targets_detail = scoped_list(OrganizationBriefSerializer, source="target_organizations")
    responsible = ScopedOrganizationField()
    responsible_detail = OrganizationBriefSerializer(source="responsible", read_only=True)
    plan_state = serializers.CharField(read_only=True)
    behind_plan = serializers.BooleanField(read_only=True)
    finished_on = serializers.DateField(read_only=True, allow_null=True)
    inspections = scoped_list(InspectionBriefSerializer)

    class Meta:
        model = ProgramItem
        fields = ["id", "program", "order", "topic", "title", "target_organizations", "targets_detail",
                  "responsible", "responsible_detail", "planned_start", "planned_end", "notes", "plan_state",
                  "behind_plan", "finished_on", "inspections"]


class ProgramItemInputSerializer(ProgramItemSerializer):
    """An item given inside a new program."""

    class Meta(ProgramItemSerializer.Meta):
        fields = ["order", "topic", "title", "target_organizations", "responsible", "planned_start", "planned_end",
                  "notes"]


class ProgramSerializer(RedactedMixin, serializers.ModelSerializer):
    authority = ScopedOrganizationField()
    authority_detail = OrganizationBriefSerializer(source="authority", read_only=True)
    basis_document = ScopedRelatedField(Document, allow_null=True, required=False)
    basis_document_detail = DocumentBriefSerializer(source="basis_document", read_only=True, allow_null=True)
    items = scoped_list(ProgramItemSerializer)
    new_items = ProgramItemInputSerializer(many=True, write_only=True, required=False, source="items_input")

    class Meta:
        model = InspectionProgram
        fields = ["id", "authority", "authority_detail", "year", "title", "basis_document", "basis_document_detail",
                  "notes", "items", "new_items"]
        validators = []


# --- inspections -----------------------------------------------------------------
class TeamMemberSerializer(serializers.Serializer):
    role = serializers.ChoiceField(choices=TeamRole.choices)
    user = serializers.PrimaryKeyRelatedField(queryset=get_user_model().objects.filter(is_active=True),
                                              allow_null=True, required=False)
    cadre = ScopedCadreField(allow_null=True, required=False)
    full_name = serializers.CharField(required=False, allow_blank=True, default="")
    position = serializers.CharField(required=False, allow_blank=True, default="")


class SelfReportSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    organization = ScopedOrganizationField()
    organization_detail = OrganizationBriefSerializer(source="organization", read_only=True)
    received_on = serializers.DateField()
    file = serializers.FileField(required=False, allow_null=True)
    sha256 = serializers.CharField(read_only=True)
    note = serializers.CharField(required=False, allow_blank=True, default="")

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["file"] = download_url(instance, self.context.get("request"))
        return data


class TransitionSerializer(serializers.Serializer):
    from_status = serializers.CharField()
    to_status = serializers.CharField()
    by = serializers.CharField(source="by.username", default=None, allow_null=True)
    at = serializers.DateTimeField()
    note = serializers.CharField()


def _rows(instance, relation):
    """The rows of a relation: the plain list prefetched_lists() kept, else the related manager's."""
    rows = instance.__dict__.get(ROWS % relation)
    return getattr(instance, relation).all() if rows is None else rows


class InspectionSerializer(NaturalKeySerializerMixin, RedactedMixin, FastOutputMixin, serializers.ModelSerializer):
    program_item = ScopedRelatedField(ProgramItem, allow_null=True, required=False)
    authority = ScopedOrganizationField()
    authority_detail = OrganizationBriefSerializer(source="authority", read_only=True)
    conducted_by = ScopedOrganizationField()
    conducted_by_detail = OrganizationBriefSerializer(source="conducted_by", read_only=True)
    topics = topic_field(many=True)
    targets = ScopedOrganizationField(many=True, write_only=True)
    target_organizations = serializers.SerializerMethodField()
    team = TeamMemberSerializer(many=True, required=False)
    decision_document = ScopedRelatedField(Document, allow_null=True, required=False)
    plan_document = ScopedRelatedField(Document, allow_null=True, required=False)
    year = serializers.IntegerField(required=False, min_value=1945)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    next_steps = serializers.SerializerMethodField()
    warnings = serializers.SerializerMethodField()
    self_reports = scoped_list(SelfReportSerializer)
    transitions = TransitionSerializer(many=True, read_only=True)

    class Meta:
        model = Inspection
        fields = ["id", "code", "title", "year", "program_item", "authority", "authority_detail", "conducted_by",
                  "conducted_by_detail", "form", "topics", "targets", "target_organizations", "team", "status",
                  "status_display", "next_steps", "decision_document", "plan_document", "period_start",
                  "period_end", "planned_start", "planned_end", "actual_start", "actual_end", "notes", "warnings",
                  "self_reports", "transitions"]
        read_only_fields = ["status", "actual_start", "actual_end"]
        validators = []

    @extend_schema_field(OrganizationBriefSerializer(many=True))
    def get_target_organizations(self, obj):
        # One brief serializer for every row: building its fields costs more than using them.
        brief = self.__dict__.get("_target_brief")
        if brief is None:
            brief = self._target_brief = OrganizationBriefSerializer()
        targets = _rows(obj, "targets")
        return [brief.to_representation(t.organization) for t in visible_rows(targets, self.context)]

    def get_next_steps(self, obj) -> list[str]:
        return sorted(TRANSITIONS[InspectionStatus(obj.status)])

    def get_warnings(self, obj) -> list[str]:
        return obj.warnings()

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["team"] = [{"role": m.role, "user": m.user_id, "cadre": m.cadre_id, "full_name": m.full_name,
                         "position": m.position}
                        for m in _rows(instance, "team")]
        if hasattr(instance, "status_as_of"):  # a list read `as_of` a day: the status and dates of that day
            day = instance.as_of_day
            data.update(status=instance.status_as_of, status_display=str(InspectionStatus(instance.status_as_of).label),
                        next_steps=sorted(TRANSITIONS[InspectionStatus(instance.status_as_of)]))
            for field in ("actual_start", "actual_end"):
                if getattr(instance, field) and getattr(instance, field) > day:
                    data[field] = None
        return data


# --- findings --------------------------------------------------------------------
class TagListField(serializers.ListField):
    child = serializers.CharField(max_length=255)
    reads_rows = True  # core.fast_output hands it the prefetched tags

    def to_representation(self, value):
        return [tag.slug for tag in (value.all() if isinstance(value, Manager) else value)]


class EvidenceSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    record_type = serializers.CharField()
    record_id = serializers.IntegerField(min_value=1)
    note = serializers.CharField(required=False, allow_blank=True, default="")

    def to_representation(self, instance):
        return {"id": instance.pk, "record_type": f"{instance.content_type.app_label}.{instance.content_type.model}",
                "record_id": instance.object_id, "note": instance.note}


class FindingSerializer(FastOutputMixin, VersionedSerializerMixin, serializers.ModelSerializer):
    inspection = ScopedRelatedField(Inspection)
    inspection_code = serializers.CharField(source="inspection.code", read_only=True)
    organization = ScopedOrganizationField()
    organization_detail = OrganizationBriefSerializer(source="organization", read_only=True)
    topic = topic_field()
    tags = TagListField(required=False)
    evidence = EvidenceSerializer(many=True, read_only=True)
    attachments = StoredFileSerializer(many=True, read_only=True)

    class Meta:
        model = Finding
        fields = ["id", "inspection", "inspection_code", "organization", "organization_detail", "topic", "kind",
                  "severity", "text", "tags", "evidence", "attachments", "created_at", "version"]
        read_only_fields = ["created_at"]


class RecurringQuerySerializer(serializers.Serializer):
    min_organizations = serializers.IntegerField(min_value=1, default=2)
    min_years = serializers.IntegerField(min_value=1, required=False, allow_null=True, default=None)
    years = serializers.CharField(required=False, allow_blank=True, default="")
    topic = serializers.CharField(required=False, allow_blank=True, default="")

    def validate_years(self, value):
        try:
            return [int(part) for part in value.split(",") if part.strip()]
        except ValueError as exc:
            raise serializers.ValidationError("Năm phải là số, cách nhau bằng dấu phẩy, ví dụ 2019,2020.") from exc


# --- conclusions and remediation ---------------------------------------------------
class SectionSerializer(serializers.ModelSerializer):
    organization = ScopedOrganizationField()
    organization_detail = OrganizationBriefSerializer(source="organization", read_only=True)

    class Meta:
        model = ConclusionSection
        fields = ["organization", "organization_detail", "text"]
        validators = []


class ConclusionSerializer(RedactedMixin, VersionedSerializerMixin, serializers.ModelSerializer):
    inspection = ScopedRelatedField(Inspection)
    document = ScopedRelatedField(Document, allow_null=True, required=False)
    document_detail = DocumentBriefSerializer(source="document", read_only=True, allow_null=True)
    sections = ScopedListSerializer(child=SectionSerializer(), required=False)
    issued_by = serializers.CharField(source="issued_by.username", read_only=True, default=None, allow_null=True)
    corrections = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Conclusion
        fields = ["id", "inspection", "document", "document_detail", "summary", "status", "issued_at", "issued_by",
                  "corrects", "corrections", "sections", "signer_on_behalf", "signer_position", "signer_name",
                  "version"]
        # The signer is chosen when issuing (POST issue/ with ConclusionIssueSerializer).
        read_only_fields = ["status", "issued_at", "corrects", "signer_on_behalf", "signer_position", "signer_name"]
        validators = []


class ConclusionIssueSerializer(StepInputSerializer):
    """The signature block of the notice; a field left out keeps the draft's value (else the document's signer)."""

    signer_on_behalf = serializers.CharField(required=False, allow_blank=True, max_length=100,
                                             help_text="Ví dụ: T/M BAN THƯỜNG VỤ.")
    signer_position = serializers.CharField(required=False, allow_blank=True, max_length=255,
                                            help_text="Ví dụ: PHÓ BÍ THƯ THƯỜNG TRỰC.")
    signer_name = serializers.CharField(required=False, allow_blank=True, max_length=255)


class CorrectionSerializer(serializers.Serializer):
    summary = serializers.CharField(required=False, allow_blank=True, default="")
    document = ScopedRelatedField(Document, allow_null=True, required=False, default=None)


class RequirementSerializer(FastOutputMixin, VersionedSerializerMixin, serializers.ModelSerializer):
    conclusion = ScopedRelatedField(Conclusion)
    document = serializers.CharField(source="conclusion.document.number_display", read_only=True, default=None,
                                     allow_null=True)
    inspection = serializers.IntegerField(source="conclusion.inspection_id", read_only=True)
    organization = ScopedOrganizationField()
    organization_detail = OrganizationBriefSerializer(source="organization", read_only=True)
    responsible_organization = ScopedOrganizationField(required=False, allow_null=True)
    responsible_detail = OrganizationBriefSerializer(source="responsible_organization", read_only=True,
                                                      allow_null=True)
    findings = scoped_ids(ScopedRelatedField(Finding), required=False)
    deadline = serializers.DateField(help_text="Khi tạo: thời hạn ban đầu. Sau đó chỉ đổi qua đề nghị gia hạn.")
    last_percent = serializers.IntegerField(read_only=True, default=None, allow_null=True)
    last_report_at = serializers.DateTimeField(read_only=True, default=None, allow_null=True)
    verified_by = serializers.CharField(source="verified_by.username", read_only=True, default=None, allow_null=True)

    class Meta:
        model = RemediationRequirement
        fields = ["id", "conclusion", "document", "inspection", "organization", "organization_detail",
                  "responsible_organization", "responsible_detail", "text", "findings", "original_deadline",
                  "deadline", "status", "is_overdue", "priority", "last_percent", "last_report_at", "verified_at",
                  "verified_by", "version"]
        read_only_fields = ["original_deadline", "status", "is_overdue", "verified_at"]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if hasattr(instance, "status_as_of"):  # a list read `as_of` a day: the state of that day
            data.update(status=instance.status_as_of, deadline=instance.deadline_as_of,
                        is_overdue=bool(instance.overdue_as_of))
        return data


class EventSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=RequirementEventKind.choices)
    kind_display = serializers.CharField(source="get_kind_display")
    at = serializers.DateTimeField()
    by = serializers.CharField(source="by.username", default=None, allow_null=True)
    text = serializers.CharField()
    data = serializers.JSONField()


class ProgressReportSerializer(serializers.ModelSerializer):
    requirement = ScopedRelatedField(RemediationRequirement)
    submitted_by = serializers.CharField(source="submitted_by.username", read_only=True)
    organization = OrganizationBriefSerializer(source="requirement.responsible_organization", read_only=True)
    files = serializers.ListField(child=serializers.FileField(), write_only=True, required=False)
    attachments = StoredFileSerializer(many=True, read_only=True)
    effective_on = serializers.DateField(
        write_only=True, required=False, allow_null=True,
        help_text="Ngày gửi báo cáo (mặc định hôm nay); thời điểm ghi nhận được lưu riêng.")

    class Meta:
        model = ProgressReport
        fields = ["id", "requirement", "organization", "submitted_by", "submitted_at", "effective_on", "text",
                  "percent", "files", "attachments"]
        read_only_fields = ["submitted_at"]


class DeadlineExtensionSerializer(serializers.ModelSerializer):
    requirement = ScopedRelatedField(RemediationRequirement)
    organization = OrganizationBriefSerializer(source="requirement.responsible_organization", read_only=True)
    requested_by = serializers.CharField(source="requested_by.username", read_only=True)
    decided_by = serializers.CharField(source="decided_by.username", read_only=True, default=None, allow_null=True)
    effective_on = serializers.DateField(
        write_only=True, required=False, allow_null=True,
        help_text="Ngày đề nghị gia hạn (mặc định hôm nay); thời điểm ghi nhận được lưu riêng.")

    class Meta:
        model = DeadlineExtension
        fields = ["id", "requirement", "organization", "requested_by", "requested_at", "effective_on",
                  "previous_deadline", "requested_deadline", "reason", "status", "decided_by", "decided_at",
                  "decision_note"]
        read_only_fields = ["requested_at", "previous_deadline", "status", "decided_at", "decision_note"]
        validators = []
