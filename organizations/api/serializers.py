import datetime

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.api import NaturalKeySerializerMixin, ScopedRelatedField
from core.bulk_api import BulkRequestSerializer
from core.downloads import download_url
from core.fast_output import FastOutputMixin
from core.personal import PersonalFieldsMixin
from core.scoping import path_in_scope

from .. import metrics
from ..models import (
    AdmissionYear,
    CellMeeting,
    CommitteeMember,
    Congress,
    MemberRating,
    MembershipStructure,
    Organization,
    OrganizationSuccession,
    QualityRating,
    Term,
)
from ..models.admissions import DIMENSIONS


class OrganizationBriefSerializer(FastOutputMixin, serializers.ModelSerializer):
    class Meta:
        model = Organization
        fields = ["id", "code", "name", "short_name", "kind"]


class ScopedOrganizationField(ScopedRelatedField):
    """An organization chosen by id, among those in the requesting user's scope."""

    model = Organization


class OrganizationSerializer(FastOutputMixin, NaturalKeySerializerMixin, serializers.ModelSerializer):
    parent = ScopedOrganizationField(allow_null=True, required=False)
    parent_detail = OrganizationBriefSerializer(source="parent", read_only=True, allow_null=True)
    is_active = serializers.BooleanField(read_only=True)

    class Meta:
        model = Organization
        fields = [
            "id", "code", "name", "short_name", "kind", "level", "grassroots_type", "has_government",
            "parent", "parent_detail", "depth", "valid_from", "valid_to", "is_active", "issuer_code", "notes",
        ]
        read_only_fields = ["level", "depth"]


class OrganizationSuccessionSerializer(serializers.ModelSerializer):
    """A reorganization link. Creating one closes the predecessor the day before `effective_date`.
    The side outside the reader's scope is null (an answer never names such an organization)."""

    predecessor = ScopedOrganizationField(allow_null=True)
    predecessor_detail = OrganizationBriefSerializer(source="predecessor", read_only=True, allow_null=True)
    successor = ScopedOrganizationField(allow_null=True)
    successor_detail = OrganizationBriefSerializer(source="successor", read_only=True, allow_null=True)

    def validate(self, attrs):
        missing = [side for side in ("predecessor", "successor") if side in attrs and attrs[side] is None
                   or side not in attrs and self.instance is None]
        if missing:
            raise serializers.ValidationError({side: [_("Bắt buộc.")] for side in missing})
        return attrs

    def to_representation(self, instance):
        data = super().to_representation(instance)
        request = self.context.get("request")
        for side in ("predecessor", "successor"):
            if request is not None and not path_in_scope(request.user, getattr(instance, side).path):
                data[side] = data[f"{side}_detail"] = None
        return data

    class Meta:
        model = OrganizationSuccession
        fields = ["id", "predecessor", "predecessor_detail", "successor", "successor_detail", "kind",
                  "effective_date", "basis"]
        validators = []  # the services answer a duplicate link (409 `duplicate`)


# --- Yearly records -----------------------------------------------------------------
class TermSerializer(serializers.ModelSerializer):
    class Meta:
        model = Term
        fields = ["id", "name", "start_year", "end_year", "starts_on", "ends_on"]


class RecordSerializer(serializers.ModelSerializer):
    """Writable record bound to an organization in the user's scope. Uniqueness
    is checked by the services (with Vietnamese messages), not by DRF validators."""

    organization = ScopedOrganizationField()
    organization_detail = OrganizationBriefSerializer(source="organization", read_only=True)

    class Meta:
        validators = []


class CongressSerializer(RecordSerializer):
    class Meta(RecordSerializer.Meta):
        model = Congress
        fields = ["id", "organization", "organization_detail", "term", "opened_on", "closed_on",
                  "resolution_number", "resolution_summary", "admission_target"]


class CommitteeMemberSerializer(PersonalFieldsMixin, RecordSerializer):
    class Meta(RecordSerializer.Meta):
        model = CommitteeMember
        fields = ["id", "organization", "organization_detail", "term", "full_name", "gender", "birth_date",
                  "cadre_code", "position", "from_date", "to_date"]


class MemberRatingSerializer(PersonalFieldsMixin, serializers.ModelSerializer):
    class Meta:
        model = MemberRating
        fields = ["id", "full_name", "birth_date", "cadre_code", "level", "not_rated_reason", "note"]


class CapRelationSerializer(serializers.Serializer):
    excellent = serializers.IntegerField()
    good = serializers.IntegerField()
    allowed = serializers.IntegerField()
    percent_of_good = serializers.DecimalField(max_digits=7, decimal_places=1, allow_null=True)
    exceeded = serializers.BooleanField()


class QualityRatingSerializer(PersonalFieldsMixin, RecordSerializer):
    members = MemberRatingSerializer(many=True, required=False, source="member_ratings")
    levels = serializers.SerializerMethodField(help_text="Các mức của năm, tốt nhất trước: level, label, count.")
    relation = serializers.SerializerMethodField(
        help_text="Số hoàn thành xuất sắc so với số hoàn thành tốt nhiệm vụ (giới hạn 20%); null trước năm 2018.")

    class Meta(RecordSerializer.Meta):
        model = QualityRating
        fields = ["id", "organization", "organization_detail", "year", "subject", "excellent", "good", "fulfilled",
                  "failed", "not_rated_exempted", "not_rated_suspended", "not_rated_other", "total",
                  "source_document", "notes", "excellent_cap_exceeded", "levels", "relation", "members"]
        read_only_fields = ["excellent_cap_exceeded"]

    @extend_schema_field(serializers.ListField(child=serializers.DictField()))
    def get_levels(self, obj):
        return [{"level": level, "label": str(label), "count": count} for level, label, count in obj.level_counts()]

    @extend_schema_field(CapRelationSerializer(allow_null=True))
    def get_relation(self, obj):
        relation = obj.excellent_relation()
        return CapRelationSerializer(relation).data if relation else None


class CellMeetingSerializer(FastOutputMixin, serializers.ModelSerializer):
    cell = ScopedOrganizationField()
    cell_detail = OrganizationBriefSerializer(source="cell", read_only=True)

    class Meta:
        model = CellMeeting
        validators = []
        fields = ["id", "cell", "cell_detail", "date", "kind", "topic", "duration_minutes", "members_total",
                  "present", "absent_excused", "absent_unexcused", "spoke", "young_spoke", "criticism_held",
                  "content_focus", "quality", "minutes_file", "meets_attendance_test"]
        read_only_fields = ["meets_attendance_test"]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["minutes_file"] = download_url(instance, self.context.get("request"))
        return data


class CellMeetingBulkSerializer(BulkRequestSerializer):
    cell = serializers.IntegerField(required=False, help_text=_("Chi bộ của mọi dòng không ghi `cell` riêng."))


COMPOSITION_FIELDS = list(DIMENSIONS)


class AdmissionYearSerializer(RecordSerializer):
    progress_percent = serializers.SerializerMethodField()

    class Meta(RecordSerializer.Meta):
        model = AdmissionYear
        fields = ["id", "organization", "organization_detail", "year", "target", "admitted", *COMPOSITION_FIELDS,
                  "behind_target", "progress_percent"]
        read_only_fields = ["behind_target"]

    def get_progress_percent(self, obj) -> str | None:
        value = metrics.progress(obj.admitted, obj.target).percent
        return None if value is None else str(value)


class MembershipStructureSerializer(RecordSerializer):
    class Meta(RecordSerializer.Meta):
        model = MembershipStructure
        fields = ["id", "organization", "organization_detail", "year", "members_total", *COMPOSITION_FIELDS]


# Query parameters of the figure endpoints.
class OrganizationYearQuery(serializers.Serializer):
    organization = ScopedOrganizationField()
    year = serializers.IntegerField(min_value=1990, max_value=2100)


class CompositionQuery(serializers.Serializer):
    organization = ScopedOrganizationField()
    term = serializers.PrimaryKeyRelatedField(queryset=Term.objects.all())
    on = serializers.DateField(required=False)


class MeetingStatsQuery(serializers.Serializer):
    organization = ScopedOrganizationField()
    year = serializers.IntegerField(min_value=1990, max_value=2100, required=False)
    start = serializers.DateField(required=False)
    end = serializers.DateField(required=False)

    def validate(self, attrs):
        if "year" in attrs:
            attrs.setdefault("start", datetime.date(attrs["year"], 1, 1))
            attrs.setdefault("end", datetime.date(attrs["year"], 12, 31))
        if "start" not in attrs or "end" not in attrs:
            raise serializers.ValidationError(_("Cho biết năm (year) hoặc khoảng thời gian (start, end)."))
        if attrs["end"] < attrs["start"]:
            raise serializers.ValidationError({"end": _("Ngày kết thúc phải sau ngày bắt đầu.")})
        return attrs
