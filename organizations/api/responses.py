"""The shapes of the figure endpoints' answers, for the schema (the views
build these answers from the selectors' dataclasses)."""
from rest_framework import serializers

from core.schema import DecimalStringField

from ..record_choices import RatingSubject
from .serializers import CapRelationSerializer, OrganizationBriefSerializer


def _percent(**kwargs):
    return DecimalStringField(allow_null=True, **kwargs)


def _ids(**kwargs):
    return serializers.ListField(child=serializers.IntegerField(), **kwargs)


class TaskQueuedSerializer(serializers.Serializer):
    task_id = serializers.CharField(help_text="The Celery task id.")


class ProgressFiguresSerializer(serializers.Serializer):
    done = serializers.IntegerField()
    target = serializers.IntegerField(allow_null=True)
    percent = _percent()
    behind = serializers.BooleanField()


class TermProgressSerializer(serializers.Serializer):
    term = serializers.IntegerField()
    term_name = serializers.CharField()
    congress_id = serializers.IntegerField(allow_null=True)
    progress = ProgressFiguresSerializer()
    expected_by_year = serializers.IntegerField(allow_null=True)
    admission_ids = _ids()


class CompositionGapSerializer(serializers.Serializer):
    dimension = serializers.CharField()
    admitted = serializers.IntegerField()
    admitted_percent = _percent()
    structure = serializers.IntegerField()
    structure_percent = _percent()
    gap_pp = _percent(help_text="Points between the two shares.")
    uneven = serializers.BooleanField()


class AdmissionProgressSerializer(serializers.Serializer):
    organization = serializers.IntegerField()
    year = serializers.IntegerField()
    admission_id = serializers.IntegerField(allow_null=True)
    structure_id = serializers.IntegerField(allow_null=True)
    yearly = ProgressFiguresSerializer()
    term = TermProgressSerializer(allow_null=True, help_text="Null when no term covers the year.")
    composition = CompositionGapSerializer(many=True)
    uneven = serializers.BooleanField()


class CommitteeCompositionSerializer(serializers.Serializer):
    organization = serializers.IntegerField()
    term = serializers.IntegerField()
    on = serializers.DateField()
    total = serializers.IntegerField()
    women = serializers.IntegerField()
    under_40 = serializers.IntegerField()
    from_40_to_50 = serializers.IntegerField()
    over_50 = serializers.IntegerField()
    women_percent = _percent()
    under_40_percent = _percent()
    from_40_to_50_percent = _percent()
    over_50_percent = _percent()
    member_ids = _ids()


class RatingRelationSerializer(serializers.Serializer):
    rating_id = serializers.IntegerField()
    organization = OrganizationBriefSerializer()
    subject = serializers.ChoiceField(choices=RatingSubject.choices)
    year = serializers.IntegerField()
    relation = CapRelationSerializer(allow_null=True, help_text="Null before 2018.")


def _pairs(**kwargs):
    pair = serializers.ListField(child=serializers.IntegerField(), min_length=2, max_length=2)
    return serializers.ListField(child=pair, **kwargs)


class CellMeetingStatsSerializer(serializers.Serializer):
    cell = OrganizationBriefSerializer()
    start = serializers.DateField()
    end = serializers.DateField()
    regular_count = serializers.IntegerField()
    thematic_count = serializers.IntegerField()
    months_without_regular = _pairs(help_text="[year, month] pairs.")
    quarters_without_thematic = _pairs(help_text="[year, quarter] pairs.")
    attendance_ok_count = serializers.IntegerField()
    attendance_ok_percent = _percent()
    young_spoke_count = serializers.IntegerField()
    young_spoke_percent = _percent()
    no_criticism_count = serializers.IntegerField()
    attendance_failed_ids = _ids()
    no_young_spoke_ids = _ids()
    no_criticism_ids = _ids()
    meeting_ids = _ids()
