import uuid
from dataclasses import asdict, is_dataclass
from decimal import Decimal
from functools import partial

from drf_spectacular.utils import extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from core.bulk_api import BulkWriteMixin
from core.by_key import ByKeyMixin
from core.permissions import ReadActionPermission
from core.tasks import publish
from core.viewsets import ServiceViewSet

from .. import selectors, services
from ..filters import (
    AdmissionYearFilterSet,
    CellMeetingFilterSet,
    CommitteeMemberFilterSet,
    CongressFilterSet,
    MembershipStructureFilterSet,
    OrganizationFilterSet,
    OrganizationSuccessionFilterSet,
    QualityRatingFilterSet,
)
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
from ..tasks import organization_subtree_summary_task
from .responses import (
    AdmissionProgressSerializer,
    CellMeetingStatsSerializer,
    CommitteeCompositionSerializer,
    RatingRelationSerializer,
    TaskQueuedSerializer,
)
from .serializers import (
    AdmissionYearSerializer,
    CapRelationSerializer,
    CellMeetingBulkSerializer,
    CellMeetingSerializer,
    CommitteeMemberSerializer,
    CompositionQuery,
    CongressSerializer,
    MeetingStatsQuery,
    MembershipStructureSerializer,
    OrganizationBriefSerializer,
    OrganizationSerializer,
    OrganizationSuccessionSerializer,
    OrganizationYearQuery,
    QualityRatingSerializer,
    TermSerializer,
)


class OrganizationViewSet(ByKeyMixin, ServiceViewSet):
    """The organization tree. `within=<id>` lists a whole subtree; `q` ignores diacritics."""

    by_key_params = ("code",)

    serializer_class = OrganizationSerializer
    filterset_class = OrganizationFilterSet
    queryset = Organization.objects.none()
    selector = staticmethod(selectors.organization_detail_queryset)
    create_service = staticmethod(services.organization_create)
    update_service = staticmethod(services.organization_update)
    delete_service = staticmethod(services.organization_delete)
    instance_kwarg = "organization"

    @extend_schema(request=None, responses={202: TaskQueuedSerializer})
    @action(detail=True, methods=["post"], permission_classes=[ReadActionPermission])
    def summarize(self, request, pk=None):
        """Queue a count of the active organizations per level in this subtree
        (Celery). 503 with the JSON error shape when the queue is down."""
        organization = self.get_object()
        task_id = str(uuid.uuid4())
        # Nothing is written first, so nothing to wait for: sent now, and a
        # refused message is the client's 503 (code `queue_unavailable`).
        publish(organization_subtree_summary_task, organization.pk, task_id=task_id)
        return Response({"task_id": task_id}, status=status.HTTP_202_ACCEPTED)


# --- Yearly records -------------------------------------------------------------------
class TermViewSet(viewsets.ReadOnlyModelViewSet):
    """Congress terms (nhiệm kỳ), global and read-only."""

    serializer_class = TermSerializer
    queryset = Term.objects.none()

    def get_queryset(self):
        return selectors.term_list()


class RecordViewSet(ServiceViewSet):
    """A scoped, audited yearly record: the generic record services unless the
    viewset names its own (ApplicationError → structured 4xx)."""

    instance_kwarg = "instance"
    update_service = staticmethod(services.record_update)
    delete_service = staticmethod(services.record_delete)


class CongressViewSet(RecordViewSet):
    """Congresses per organization and term, with the term's admission target."""

    selector = staticmethod(selectors.congress_list)
    create_service = staticmethod(partial(services.record_create, model=Congress))
    serializer_class = CongressSerializer
    filterset_class = CongressFilterSet
    queryset = Congress.objects.none()


class CommitteeMemberViewSet(ByKeyMixin, BulkWriteMixin, RecordViewSet):
    """Committee membership per organization and term. `composition` gives the CT 35 figures."""

    by_key_params = ("organization", "term", "full_name", "birth_date", "from_date")
    selector = staticmethod(selectors.committee_member_list)
    create_service = staticmethod(services.committee_member_create)
    update_service = staticmethod(services.committee_member_update)
    delete_service = staticmethod(services.committee_member_delete)
    instance_kwarg = "member"
    serializer_class = CommitteeMemberSerializer
    filterset_class = CommitteeMemberFilterSet
    queryset = CommitteeMember.objects.none()

    @extend_schema(parameters=[CompositionQuery], responses=CommitteeCompositionSerializer)
    @action(detail=False, methods=["get"], filter_backends=[])
    def composition(self, request):
        """?organization=&term=[&on=]: shares of women and of members under 40, 40–50, over 50."""
        params = self.query(CompositionQuery)
        return Response(_jsonable(selectors.committee_composition(user=request.user, **params)))


MEMBER_FIELDS = ("full_name", "birth_date", "cadre_code", "level", "not_rated_reason", "note")


class QualityRatingViewSet(ByKeyMixin, BulkWriteMixin, RecordViewSet):
    """Yearly quality ratings with the 20 % relation; `members` lists named members (optional)."""

    by_key_params = ("organization", "year", "subject")

    selector = staticmethod(selectors.quality_rating_list)
    create_service = staticmethod(services.quality_rating_create)
    update_service = staticmethod(services.quality_rating_update)
    delete_service = staticmethod(services.quality_rating_delete)
    instance_kwarg = "rating"
    serializer_class = QualityRatingSerializer
    filterset_class = QualityRatingFilterSet
    queryset = QualityRating.objects.none()

    def service_kwargs(self, data):
        data = super().service_kwargs(data)
        data["members"] = data.pop("member_ratings", None)
        return data

    def bulk_same(self, instance, data):
        """An upsert row is unchanged when its counts and its named members (if sent) are as stored."""
        data = dict(data)
        members = data.pop("members", None)
        if not super().bulk_same(instance, data):
            return False
        if members is None:
            return True
        stored = [{name: getattr(m, name) for name in MEMBER_FIELDS} for m in instance.member_ratings.order_by("pk")]
        sent = [{name: m.get(name, MemberRating._meta.get_field(name).get_default()) for name in MEMBER_FIELDS}
                for m in members]
        return stored == sent

    @extend_schema(parameters=[OrganizationYearQuery], responses=RatingRelationSerializer(many=True))
    @action(detail=False, methods=["get"], pagination_class=None, filter_backends=[])
    def relations(self, request):
        """?organization=&year=: the 20 % relation of every rating in the organization's subtree."""
        params = self.query(OrganizationYearQuery)
        rows = selectors.rating_relations(user=request.user, **params)
        return Response([
            {"rating_id": row["rating_id"], "organization": OrganizationBriefSerializer(row["organization"]).data,
             "subject": row["subject"], "year": row["year"],
             "relation": CapRelationSerializer(row["relation"]).data if row["relation"] else None}
            for row in rows
        ])


class OrganizationSuccessionViewSet(RecordViewSet):
    """Predecessors and successors (mergers, splits, renames, transfers) with their effective date and
    basis: `organization=<id>` gives both directions. Read within scope; written by administrators
    (creating a link closes the predecessor the day before `effective_date`)."""

    selector = staticmethod(selectors.organization_succession_list)
    create_service = staticmethod(services.succession_create)
    serializer_class = OrganizationSuccessionSerializer
    filterset_class = OrganizationSuccessionFilterSet
    queryset = OrganizationSuccession.objects.none()


class CellMeetingViewSet(ByKeyMixin, BulkWriteMixin, RecordViewSet):
    """Cell meetings. `bulk` saves many rows at once (all or nothing; `cell` may be given once for a
    cell's year); `stats` gives the figures."""

    by_key_params = ("cell", "date", "kind")
    selector = staticmethod(selectors.cell_meeting_list)
    create_service = staticmethod(services.cell_meeting_create)
    update_service = staticmethod(services.cell_meeting_update)
    delete_service = staticmethod(services.cell_meeting_delete)
    instance_kwarg = "meeting"
    serializer_class = CellMeetingSerializer
    filterset_class = CellMeetingFilterSet
    queryset = CellMeeting.objects.none()

    bulk_request = CellMeetingBulkSerializer

    def bulk_rows(self, body):
        """A year of one cell: `cell` once for every row that does not name its own."""
        cell = body.get("cell")
        return [{"cell": cell, **row} if cell is not None else row for row in body["rows"]]

    @extend_schema(parameters=[MeetingStatsQuery], responses=CellMeetingStatsSerializer(many=True))
    @action(detail=False, methods=["get"], pagination_class=None, filter_backends=[])
    def stats(self, request):
        """?organization=&year= (or start, end): per cell, months without a regular meeting, quarters
        without a thematic one, HD 12 attendance share, share where young members spoke, evidence ids."""
        params = self.query(MeetingStatsQuery)
        params.pop("year", None)
        rows = selectors.cell_meeting_stats(user=request.user, **params)
        return Response([
            {"cell": OrganizationBriefSerializer(row["cell"]).data, "start": row["start"], "end": row["end"],
             **_jsonable(row["stats"])}
            for row in rows
        ])


class AdmissionYearViewSet(ByKeyMixin, BulkWriteMixin, RecordViewSet):
    """Yearly admission targets and results with composition; `progress` compares with targets and structure."""

    by_key_params = ("organization", "year")
    selector = staticmethod(selectors.admission_year_list)
    create_service = staticmethod(partial(services.record_create, model=AdmissionYear))
    serializer_class = AdmissionYearSerializer
    filterset_class = AdmissionYearFilterSet
    queryset = AdmissionYear.objects.none()

    @extend_schema(responses=AdmissionProgressSerializer)
    @action(detail=True, methods=["get"])
    def progress(self, request, pk=None):
        """Year and term progress, and composition gaps against the organization's membership structure."""
        record = self.get_object()
        figures = selectors.admission_progress(user=request.user, organization=record.organization, year=record.year)
        return Response(_jsonable(figures))


class MembershipStructureViewSet(RecordViewSet):
    """The composition of an organization's members per year (what admissions are compared with)."""

    selector = staticmethod(selectors.membership_structure_list)
    create_service = staticmethod(partial(services.record_create, model=MembershipStructure))
    serializer_class = MembershipStructureSerializer
    filterset_class = MembershipStructureFilterSet
    queryset = MembershipStructure.objects.none()


def _jsonable(value):
    """Figures as JSON: dataclasses as objects, decimals as strings (as the serializers render them)."""
    if is_dataclass(value):
        return _jsonable(asdict(value))
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {key: _jsonable(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_jsonable(item) for item in value]
    return value
