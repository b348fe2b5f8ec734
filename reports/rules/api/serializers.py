from rest_framework import serializers

from organizations.api.serializers import OrganizationBriefSerializer, ScopedOrganizationField

from ..models import RuleCheckResult, RuleCheckRun


class RuleSerializer(serializers.Serializer):
    code = serializers.CharField()
    title = serializers.CharField()
    regulation = serializers.CharField()
    valid_from = serializers.DateField(allow_null=True)
    valid_to = serializers.DateField(allow_null=True)
    topic = serializers.CharField()
    severity = serializers.CharField()
    confidence = serializers.CharField()
    enabled = serializers.BooleanField()
    thresholds = serializers.DictField()

    def to_representation(self, pair):
        rule, setting = pair
        return {
            "code": rule.code, "title": str(rule.title), "regulation": rule.regulation,
            "valid_from": rule.valid_from, "valid_to": rule.valid_to, "topic": rule.topic,
            "severity": rule.severity, "confidence": rule.confidence, "enabled": setting.enabled,
            "thresholds": {**rule.defaults, **setting.thresholds},
        }


class RuleCheckRunSerializer(serializers.ModelSerializer):
    scope = ScopedOrganizationField()
    scope_detail = OrganizationBriefSerializer(source="scope", read_only=True)
    breaches = serializers.IntegerField(read_only=True)
    rule_codes = serializers.ListField(child=serializers.CharField(), required=False)

    class Meta:
        model = RuleCheckRun
        fields = [
            "id", "scope", "scope_detail", "period_start", "period_end", "rule_codes", "thresholds", "status",
            "progress", "error", "created_by", "created_at", "finished_at", "breaches",
        ]
        read_only_fields = ["thresholds", "status", "progress", "error", "created_by", "created_at", "finished_at"]


class RuleCheckResultSerializer(serializers.ModelSerializer):
    organization = OrganizationBriefSerializer(read_only=True)
    sentence = serializers.CharField(read_only=True)

    class Meta:
        model = RuleCheckResult
        fields = [
            "id", "run", "rule_code", "topic", "severity", "organization", "outcome", "measured", "threshold",
            "sentence", "evidence",
        ]
