"""core.fast_output answers what DRF's own `Serializer.to_representation` answers, field for field,
for every serializer that uses it: with related rows present and absent (nulls), nested lists prefetched
through the managers, into plain lists, or not at all."""
import datetime

import pytest
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from core.fast_output import FastOutputMixin
from inspection import selectors
from inspection.api.serializers import FindingSerializer, RequirementSerializer
from inspection.choices import InspectionStatus
from inspection.models import Finding, RemediationRequirement
from organizations.api.serializers import CellMeetingSerializer, OrganizationBriefSerializer, OrganizationSerializer
from organizations.models import CellMeeting, Organization
from tests.organizations.factories import CellMeetingFactory, TermFactory

from .factories import walk

pytestmark = pytest.mark.django_db


def both(serializer_class, instance, user):
    request = Request(APIRequestFactory().get("/"))
    request.user = user
    serializer = serializer_class(instance, context={"request": request})
    return FastOutputMixin.to_representation(serializer, instance), serializers.Serializer.to_representation(
        serializer, instance)


def test_the_fast_path_answers_what_drf_answers(tree, board):
    TermFactory()
    out = walk(tree, board, targets=[tree.cuchi, tree.q3], status=InspectionStatus.FOLLOWING_UP,
               deadline=datetime.date(2030, 1, 1))
    CellMeetingFactory(cell=tree.cuchi)
    assert all(issubclass(cls, FastOutputMixin) for cls in (FindingSerializer, RequirementSerializer,
                                                             OrganizationSerializer, CellMeetingSerializer))
    cases = [
        (FindingSerializer, Finding.objects.all()),
        (FindingSerializer, selectors.finding_list(user=board)),
        (FindingSerializer, selectors.finding_answer_list(user=board)),
        (RequirementSerializer, RemediationRequirement.objects.all()),
        (RequirementSerializer, selectors.requirement_list(user=board)),
        (RequirementSerializer, selectors.requirement_answer_list(user=board)),
        (OrganizationSerializer, Organization.objects.all()),
        (OrganizationBriefSerializer, Organization.objects.all()),
        (CellMeetingSerializer, CellMeeting.objects.select_related("cell")),
    ]
    compared = 0
    for serializer_class, rows in cases:
        for row in rows:
            fast, drf = both(serializer_class, row, board)
            assert list(fast.items()) == list(drf.items()), (serializer_class.__name__, row.pk)
            compared += 1
    assert compared > 10
    requirement = RemediationRequirement.objects.get(pk=out.requirements[tree.q3.pk].pk)
    nulls = both(RequirementSerializer, requirement, board)[0]  # None through a dotted source and a column
    assert nulls["verified_by"] is None and nulls["verified_at"] is None and nulls["findings"]
    assert both(OrganizationSerializer, tree.city, board)[0]["parent_detail"] is None
