from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.plumbing import ResolvedComponent
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.downloads import download_url
from organizations.api.serializers import OrganizationBriefSerializer, ScopedOrganizationField

from .. import kinds
from ..models import Report, ReportFile


class ReportFileSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = ReportFile
        fields = ["format", "size", "sha256", "created_at", "url"]

    def get_url(self, obj) -> str:
        return download_url(obj, self.context.get("request"))


@extend_schema_field(OpenApiTypes.INT)
class ScopeField(ScopedOrganizationField):
    """An organization id in the user's scope (typed for the schema)."""


class ReportKindField(serializers.CharField):
    """A report kind code: validated against the registry, documented as its enum."""


class ReportKindFieldExtension(OpenApiSerializerFieldExtension):
    """ReportKindEnum lists the kinds registered when the schema is generated (reports/kinds.py)."""

    target_class = ReportKindField

    def map_serializer_field(self, auto_schema, direction):
        component = ResolvedComponent(
            name="ReportKindEnum", type=ResolvedComponent.SCHEMA, object="ReportKindEnum",
            schema={"enum": [kind.code for kind in kinds.all_kinds()], "type": "string",
                    "description": "\n".join(f"* `{kind.code}` - {kind.label}" for kind in kinds.all_kinds())},
        )
        auto_schema.registry.register_on_missing(component)
        return component.ref


class ReportSerializer(serializers.ModelSerializer):
    kind = serializers.CharField(
        read_only=True, help_text="A ReportKindEnum code (a report keeps its code if its kind is withdrawn later)."
    )
    kind_label = serializers.CharField(read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    scope = OrganizationBriefSerializer(read_only=True)
    requested_by = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    files = ReportFileSerializer(many=True, read_only=True)

    class Meta:
        model = Report
        fields = [
            "id", "kind", "kind_label", "scope", "period_key", "period_start", "period_end", "issued_on", "version",
            "status", "status_label", "progress", "error", "attempts", "requested_by", "requested_by_schedule",
            "created_at", "started_at", "finished_at", "heartbeat_at", "files",
        ]
        read_only_fields = fields


class ReportRequestSerializer(serializers.Serializer):
    """Ask for a report: a period key ("2019", "2019-Q1", "2019-03", "2019-W13",
    "2019-03-29") or a date range. An existing report for the same kind, scope
    and period is returned unless `regenerate` is set."""

    # Validated against the registry rather than declared as choices: kinds are
    # plugged in by builders; the schema lists those registered when it is generated.
    kind = ReportKindField(max_length=50, label=_("Loại báo cáo"))
    scope = ScopeField(label=_("Phạm vi"))
    period = serializers.CharField(required=False, allow_blank=True, max_length=32, label=_("Kỳ báo cáo"))
    period_start = serializers.DateField(required=False, label=_("Từ ngày"))
    period_end = serializers.DateField(required=False, label=_("Đến ngày"))
    regenerate = serializers.BooleanField(required=False, default=False, label=_("Lập lại"))
    issued_on = serializers.DateField(
        required=False, label=_("Ngày ban hành"),
        help_text=_("Ngày ghi trên văn bản báo cáo; mặc định là hôm nay. Khác ngày của bản đã có thì lập "
                    "phiên bản mới."))

    def validate_kind(self, value):
        if not kinds.is_registered(value):
            raise serializers.ValidationError(
                _("Loại báo cáo không hợp lệ. Chọn một trong: %(kinds)s.")
                % {"kinds": ", ".join(kind.code for kind in kinds.all_kinds())}
            )
        return value
