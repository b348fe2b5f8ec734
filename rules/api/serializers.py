from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.nested import scoped_list
from inspection.api.serializers import ScopedRelatedField, TagListField, topic_field
from inspection.choices import Severity as FindingSeverity
from inspection.models import Inspection
from organizations.api.serializers import OrganizationBriefSerializer, ScopedOrganizationField

from ..choices import Confidence, Outcome, Severity, tripped_outcome
from ..models import RuleCheckResult, RuleCheckRun


@extend_schema_field(OpenApiTypes.INT)
class InspectionField(ScopedRelatedField):
    """An inspection chosen by id among those in the user's scope."""

    def __init__(self, **kwargs):
        super().__init__(Inspection, **kwargs)


@extend_schema_field(OpenApiTypes.INT)
class OrganizationField(ScopedOrganizationField):
    pass


class RuleSerializer(serializers.Serializer):
    code = serializers.CharField()
    title = serializers.CharField()
    regulation = serializers.CharField()
    valid_from = serializers.DateField(allow_null=True)
    valid_to = serializers.DateField(allow_null=True)
    topic = serializers.CharField()
    severity = serializers.ChoiceField(choices=Severity.choices)
    confidence = serializers.ChoiceField(choices=Confidence.choices)
    outcome_when_tripped = serializers.ChoiceField(
        choices=Outcome.choices, help_text="«breach» (Vi phạm) cho quy định [R], «warning» (Cần xem xét) cho [S], [M].")
    enabled = serializers.BooleanField()
    thresholds = serializers.DictField()

    def to_representation(self, pair):
        rule, setting = pair
        return {
            "code": rule.code, "title": str(rule.title), "regulation": rule.regulation,
            "valid_from": rule.valid_from, "valid_to": rule.valid_to, "topic": rule.topic,
            "severity": rule.severity, "confidence": rule.confidence,
            "outcome_when_tripped": tripped_outcome(rule.confidence), "enabled": setting.enabled,
            "thresholds": {**rule.defaults, **setting.thresholds},
        }


class RuleCheckRunSerializer(serializers.ModelSerializer):
    """POST either `scope` + `period_start` + `period_end` (a subtree), or
    `inspection` (its inspected organizations and its period)."""

    scope = ScopedOrganizationField(required=False)
    scope_detail = OrganizationBriefSerializer(source="scope", read_only=True)
    inspection = ScopedRelatedField(Inspection, required=False, allow_null=True)
    inspection_code = serializers.CharField(source="inspection.code", read_only=True, default=None, allow_null=True)
    targets = scoped_list(OrganizationBriefSerializer)  # a joint run names only the reader's organizations
    breaches = serializers.IntegerField(read_only=True, help_text="Kết quả «Vi phạm» (quy định [R]).")
    warnings = serializers.IntegerField(read_only=True, help_text="Kết quả «Cần xem xét» (quy định [S], [M]).")
    rule_codes = serializers.ListField(child=serializers.CharField(), required=False)

    class Meta:
        model = RuleCheckRun
        fields = [
            "id", "scope", "scope_detail", "inspection", "inspection_code", "targets", "period_start", "period_end",
            "rule_codes", "thresholds", "status", "progress", "error", "created_by", "created_at", "finished_at",
            "heartbeat_at", "breaches", "warnings",
        ]
        read_only_fields = ["thresholds", "status", "progress", "error", "created_by", "created_at", "finished_at",
                            "heartbeat_at"]
        extra_kwargs = {"period_start": {"required": False}, "period_end": {"required": False}}

    def validate(self, attrs):
        if attrs.get("inspection"):
            given = [name for name in ("scope", "period_start", "period_end") if name in attrs]
            if given:
                raise serializers.ValidationError({name: [_("Lấy theo cuộc kiểm tra; không nhập khi đã chọn cuộc kiểm "
                                                             "tra.")] for name in given})
            return attrs
        attrs.pop("inspection", None)
        missing = [name for name in ("scope", "period_start", "period_end") if not attrs.get(name)]
        if missing:
            raise serializers.ValidationError({name: [_("Bắt buộc khi không chọn cuộc kiểm tra.")] for name in missing})
        return attrs


class RuleCheckResultSerializer(serializers.ModelSerializer):
    organization = OrganizationBriefSerializer(read_only=True)
    sentence = serializers.CharField(read_only=True)

    class Meta:
        model = RuleCheckResult
        fields = [
            "id", "run", "rule_code", "topic", "severity", "organization", "outcome", "measured", "threshold",
            "sentence", "evidence", "finding",
        ]


class TopicGroupSerializer(serializers.Serializer):
    topic = serializers.CharField()
    name = serializers.CharField()
    in_inspection = serializers.BooleanField()
    counts = serializers.DictField(child=serializers.IntegerField())
    results = RuleCheckResultSerializer(many=True)


class ToFindingSerializer(serializers.Serializer):
    """The editable parts of the limitation; each defaults to the result's."""

    inspection = InspectionField(required=False, allow_null=True, default=None)
    text = serializers.CharField(required=False, allow_blank=True, default="")
    severity = serializers.ChoiceField(choices=FindingSeverity.choices, required=False, allow_blank=True,
                                       default="")
    tags = TagListField(required=False, default=list)
    topic = topic_field(required=False, allow_null=True, default=None)


class LatestBreachesQuerySerializer(serializers.Serializer):
    scope = OrganizationField()
    year = serializers.IntegerField(min_value=1930, max_value=2100)


class BreachingOrganizationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()
    rules = serializers.ListField(child=serializers.CharField())
    warnings = serializers.ListField(child=serializers.CharField())


class RunBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = RuleCheckRun
        fields = ["id", "scope", "inspection", "period_start", "period_end", "finished_at"]


class LatestBreachesSerializer(serializers.Serializer):
    run = RunBriefSerializer(allow_null=True)
    rules = serializers.ListField(child=serializers.CharField())
    counts = serializers.DictField(child=serializers.IntegerField())
    warnings = serializers.DictField(child=serializers.IntegerField())
    organizations = BreachingOrganizationSerializer(many=True)


class MatrixRowSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()
    outcomes = serializers.DictField(child=serializers.CharField())
    breaches = serializers.IntegerField()
    warnings = serializers.IntegerField()


class BreachMatrixSerializer(serializers.Serializer):
    rules = serializers.ListField(child=serializers.CharField())
    organizations = MatrixRowSerializer(many=True)
    totals = serializers.DictField(child=serializers.DictField(child=serializers.IntegerField()))
