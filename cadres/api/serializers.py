from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from core.api import NaturalKeySerializerMixin, ScopedRelatedField
from core.viewsets import StepInputSerializer
from organizations.api.serializers import OrganizationBriefSerializer, ScopedOrganizationField
from organizations.models import Term

from ..choices import RemovalReason
from ..models import Cadre, Movement, PlanningEntry, PlanningNorm, Title, TitleAssignment, TrainingRecord


class ScopedCadreField(ScopedRelatedField):
    """A cadre chosen by id, among those in the requesting user's scope."""

    model = Cadre


class TitleBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Title
        fields = ["id", "code", "name", "level", "is_key"]


class CadreBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Cadre
        fields = ["id", "code", "full_name"]


class TermBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Term
        fields = ["id", "name", "starts_on", "ends_on"]


class TitleSerializer(serializers.ModelSerializer):
    class Meta:
        model = Title
        fields = [
            "id", "code", "name", "level", "is_key", "sort_order", "min_theory_level", "max_age_first_planning",
            "max_age_first_appointment", "equivalence_group", "other_requirements",
        ]


class PlanningNormSerializer(serializers.ModelSerializer):
    class Meta:
        model = PlanningNorm
        fields = [
            "id", "level", "valid_from", "valid_to", "young_age", "young_min_percent", "women_min_percent",
            "max_people_per_title", "max_titles_per_person", "min_rotation_years", "min_years_before_retirement",
            "basis",
        ]


class CurrentTitleSerializer(serializers.ModelSerializer):
    title = TitleBriefSerializer(read_only=True)
    organization = OrganizationBriefSerializer(read_only=True)

    class Meta:
        model = TitleAssignment
        fields = ["id", "title", "organization", "started_on", "ended_on"]


class CadreSerializer(NaturalKeySerializerMixin, serializers.ModelSerializer):
    organization = ScopedOrganizationField()
    organization_detail = OrganizationBriefSerializer(source="organization", read_only=True)
    current_titles = CurrentTitleSerializer(source="current_assignments", many=True, read_only=True)

    class Meta:
        model = Cadre
        fields = [
            "id", "code", "full_name", "birth_date", "gender", "ethnicity", "organization", "organization_detail",
            "party_joined_on", "theory_level", "theory_level_obtained_on", "education_level",
            "state_management_level", "notes", "current_titles",
        ]


class TitleAssignmentSerializer(serializers.ModelSerializer):
    cadre = ScopedCadreField()
    cadre_detail = CadreBriefSerializer(source="cadre", read_only=True)
    title_detail = TitleBriefSerializer(source="title", read_only=True)
    organization = ScopedOrganizationField()
    organization_detail = OrganizationBriefSerializer(source="organization", read_only=True)

    class Meta:
        model = TitleAssignment
        fields = [
            "id", "cadre", "cadre_detail", "title", "title_detail", "organization", "organization_detail",
            "started_on", "ended_on", "decision",
        ]


class PlanningEntrySerializer(serializers.ModelSerializer):
    cadre = ScopedCadreField()
    cadre_detail = CadreBriefSerializer(source="cadre", read_only=True)
    title_detail = TitleBriefSerializer(source="title", read_only=True)
    organization = ScopedOrganizationField()
    organization_detail = OrganizationBriefSerializer(source="organization", read_only=True)
    term_detail = TermBriefSerializer(source="term", read_only=True)

    class Meta:
        model = PlanningEntry
        fields = [
            "id", "cadre", "cadre_detail", "title", "title_detail", "organization", "organization_detail",
            "term", "term_detail", "decision", "status", "added_on", "approved_on", "removed_on",
            "removal_reason", "removal_note",
        ]
        read_only_fields = ["status", "approved_on", "removed_on", "removal_reason", "removal_note"]
        # Blank while the entry is in the plan (the model's choices allow a blank value).
        extra_kwargs = {"removal_reason": {"allow_blank": True}}

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if hasattr(instance, "status_as_of"):  # read `as_of` a day: in the plan then, a later removal not yet
            data.update(status=instance.status_as_of, removed_on=None, removal_reason="", removal_note="")
        return data


class PlanningApproveSerializer(StepInputSerializer):
    """The day of approval is `effective_on` (the convention of every step); `approved_on` is its old name."""

    approved_on = serializers.DateField(label=_("Ngày phê duyệt (tên cũ của effective_on)"), required=False,
                                        write_only=True)
    decision = serializers.CharField(label=_("Quyết định phê duyệt"), max_length=100, required=False, default="")

    def validate(self, attrs):
        return effective_alias(attrs, "approved_on")


class PlanningRemoveSerializer(StepInputSerializer):
    removed_on = serializers.DateField(label=_("Ngày đưa ra (tên cũ của effective_on)"), required=False,
                                       write_only=True)
    reason = serializers.ChoiceField(label=_("Lý do"), choices=RemovalReason.choices)
    note = serializers.CharField(label=_("Ghi chú"), required=False, default="", allow_blank=True)

    def validate(self, attrs):
        return effective_alias(attrs, "removed_on")


class TrainingRecordSerializer(serializers.ModelSerializer):
    """`status` is set on creation (a past course may be recorded as completed);
    afterwards it changes only through the start and complete actions."""

    cadre = ScopedCadreField()
    cadre_detail = CadreBriefSerializer(source="cadre", read_only=True)

    class Meta:
        model = TrainingRecord
        fields = [
            "id", "cadre", "cadre_detail", "kind", "theory_level", "course", "institution", "started_on",
            "ended_on", "status", "certificate",
        ]

    def get_extra_kwargs(self):
        extra = super().get_extra_kwargs()
        if self.instance is not None:
            extra["status"] = {**extra.get("status", {}), "read_only": True}
        return extra


class TrainingStartSerializer(StepInputSerializer):
    started_on = serializers.DateField(label=_("Ngày bắt đầu (tên cũ của effective_on)"), required=False,
                                       write_only=True)

    def validate(self, attrs):
        return effective_alias(attrs, "started_on")


class TrainingCompleteSerializer(StepInputSerializer):
    ended_on = serializers.DateField(label=_("Ngày hoàn thành (tên cũ của effective_on)"), required=False,
                                     write_only=True)
    certificate = serializers.CharField(label=_("Văn bằng, chứng chỉ"), required=False, default="", allow_blank=True)

    def validate(self, attrs):
        return effective_alias(attrs, "ended_on")


def effective_alias(attrs, old_name):
    """`effective_on`, or the step's old date field in its place (both: they must agree)."""
    old = attrs.pop(old_name, None)
    if old is not None:
        if attrs.get("effective_on") not in (None, old):
            raise serializers.ValidationError({old_name: [_("Khác với effective_on: chỉ gửi effective_on.")]})
        attrs["effective_on"] = old
    return attrs


class MovementSerializer(serializers.ModelSerializer):
    cadre = ScopedCadreField()
    cadre_detail = CadreBriefSerializer(source="cadre", read_only=True)
    from_organization = ScopedOrganizationField(required=False, allow_null=True)
    from_organization_detail = OrganizationBriefSerializer(source="from_organization", read_only=True, allow_null=True)
    to_organization = ScopedOrganizationField()
    to_organization_detail = OrganizationBriefSerializer(source="to_organization", read_only=True)
    from_title_detail = TitleBriefSerializer(source="from_title", read_only=True, allow_null=True)
    to_title_detail = TitleBriefSerializer(source="to_title", read_only=True, allow_null=True)

    class Meta:
        model = Movement
        fields = [
            "id", "cadre", "cadre_detail", "kind", "from_organization", "from_organization_detail", "from_title",
            "from_title_detail", "to_organization", "to_organization_detail", "to_title", "to_title_detail",
            "decision", "effective_on", "ended_on", "notes",
        ]
        extra_kwargs = {"effective_on": {"required": False}}  # default today (cadres.services.movement_create)


class AnalysisQuerySerializer(serializers.Serializer):
    organization = ScopedOrganizationField(label=_("Tổ chức"))
    term = serializers.PrimaryKeyRelatedField(label=_("Nhiệm kỳ"), queryset=Term.objects.all(), required=False)
    as_of = serializers.DateField(label=_("Vào ngày"), default=timezone.localdate)
    subtree = serializers.BooleanField(label=_("Gồm cả tổ chức trực thuộc"), required=False)

    def __init__(self, *args, needs_term=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["term"].required = needs_term
