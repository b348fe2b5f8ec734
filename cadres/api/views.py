from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from core.bulk_api import BulkWriteMixin
from core.by_key import ByKeyMixin
from core.viewsets import ServiceViewSet

from .. import selectors, services
from ..filters import (
    CadreFilterSet,
    MovementFilterSet,
    PlanningEntryFilterSet,
    TitleAssignmentFilterSet,
    TitleFilterSet,
    TrainingRecordFilterSet,
)
from ..models import Cadre, Movement, PlanningEntry, PlanningNorm, Title, TitleAssignment, TrainingRecord
from .permissions import AnalysisPermission, PersonalDataPermission
from .serializers import (
    AnalysisQuerySerializer,
    CadreSerializer,
    MovementSerializer,
    PlanningApproveSerializer,
    PlanningEntrySerializer,
    PlanningNormSerializer,
    PlanningRemoveSerializer,
    TitleAssignmentSerializer,
    TitleSerializer,
    TrainingCompleteSerializer,
    TrainingRecordSerializer,
    TrainingStartSerializer,
)


class TitleViewSet(ServiceViewSet):
    """The title catalogue (chức danh) with its standards as data."""

    queryset = Title.objects.none()
    serializer_class = TitleSerializer
    filterset_class = TitleFilterSet
    create_service = staticmethod(services.title_create)
    update_service = staticmethod(services.title_update)
    delete_service = staticmethod(services.title_delete)
    instance_kwarg = "title"

    selector = staticmethod(selectors.title_list)


class PlanningNormViewSet(viewsets.ReadOnlyModelViewSet):
    """Thresholds of the planning rules per organization level (edited in the admin)."""

    queryset = PlanningNorm.objects.all()
    serializer_class = PlanningNormSerializer


class CadreViewSet(ByKeyMixin, BulkWriteMixin, ServiceViewSet):
    """Cadres: personal data, within the user's scope; `current_titles` are the titles held today."""

    queryset = Cadre.objects.none()
    serializer_class = CadreSerializer
    filterset_class = CadreFilterSet
    by_key_params = ("code",)
    permission_classes = [PersonalDataPermission]
    selector = staticmethod(selectors.cadre_list)
    create_service = staticmethod(services.cadre_create)
    update_service = staticmethod(services.cadre_update)
    delete_service = staticmethod(services.cadre_delete)
    instance_kwarg = "cadre"


class TitleAssignmentViewSet(ServiceViewSet):
    """Titles a cadre holds in an organization, from and to a date (personal data:
    needs the grant). `as_of` lists those held on a day."""

    queryset = TitleAssignment.objects.none()
    serializer_class = TitleAssignmentSerializer
    filterset_class = TitleAssignmentFilterSet
    permission_classes = [PersonalDataPermission]
    selector = staticmethod(selectors.title_assignment_list)
    create_service = staticmethod(services.title_assignment_create)
    update_service = staticmethod(services.title_assignment_update)
    delete_service = staticmethod(services.title_assignment_delete)
    instance_kwarg = "title_assignment"


class PlanningEntryViewSet(ByKeyMixin, ServiceViewSet):
    """Planning entries; `as_of=D` gives the approved plan as it stood on D.
    Entries are never deleted: remove them from the plan with a reason."""

    queryset = PlanningEntry.objects.none()
    serializer_class = PlanningEntrySerializer
    filterset_class = PlanningEntryFilterSet
    by_key_params = ("cadre", "title", "organization", "term")  # the entry still in the plan
    permission_classes = [PersonalDataPermission]
    selector = staticmethod(selectors.planning_entry_list)
    create_service = staticmethod(services.planning_entry_create)
    update_service = staticmethod(services.planning_entry_update)
    instance_kwarg = "planning_entry"
    workflow_model = PlanningEntry
    step_inputs = {"approve": PlanningApproveSerializer, "remove": PlanningRemoveSerializer}
    http_method_names = ["get", "post", "put", "patch", "head", "options"]


class TrainingRecordViewSet(ServiceViewSet):
    """Political-theory and other training of cadres: planned, studying, completed
    (steps `start` and `complete` with their dates); personal data: needs the grant."""

    queryset = TrainingRecord.objects.none()
    serializer_class = TrainingRecordSerializer
    filterset_class = TrainingRecordFilterSet
    permission_classes = [PersonalDataPermission]
    selector = staticmethod(selectors.training_list)
    create_service = staticmethod(services.training_create)
    update_service = staticmethod(services.training_update)
    delete_service = staticmethod(services.training_delete)
    instance_kwarg = "training"
    workflow_model = TrainingRecord
    step_inputs = {"start": TrainingStartSerializer, "complete": TrainingCompleteSerializer}


class MovementViewSet(ServiceViewSet):
    """Rotations, transfers, appointments; creating one updates the titles held."""

    queryset = Movement.objects.none()
    serializer_class = MovementSerializer
    filterset_class = MovementFilterSet
    permission_classes = [PersonalDataPermission]
    selector = staticmethod(selectors.movement_list)
    create_service = staticmethod(services.movement_create)
    update_service = staticmethod(services.movement_update)
    delete_service = staticmethod(services.movement_delete)
    instance_kwarg = "movement"


class CadreAnalysisViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Computed views of the planning rules, as of a date (default: today).
    Query: organization, term, as_of, subtree. Results carry evidence ids."""

    permission_classes = [AnalysisPermission]
    pagination_class = None
    filter_backends = []
    serializer_class = AnalysisQuerySerializer

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def list(self, request):
        return Response({
            "plan_composition": "plan-composition/", "standards_gap": "standards-gap/",
            "age_feasibility": "age-feasibility/",
        })

    def _params(self, needs_term):
        params = AnalysisQuerySerializer(
            data=self.request.query_params, context=self.get_serializer_context(), needs_term=needs_term
        )
        params.is_valid(raise_exception=True)
        return {**params.validated_data, "user": self.request.user}

    @extend_schema(parameters=[AnalysisQuerySerializer], responses=OpenApiTypes.OBJECT)
    @action(detail=False, url_path="plan-composition")
    def plan_composition(self, request):
        return Response(selectors.plan_composition(**self._params(needs_term=True)))

    @extend_schema(parameters=[AnalysisQuerySerializer], responses=OpenApiTypes.OBJECT)
    @action(detail=False, url_path="standards-gap")
    def standards_gap(self, request):
        params = self._params(needs_term=False)
        params.pop("term", None)
        return Response(selectors.standards_gap(**params))

    @extend_schema(parameters=[AnalysisQuerySerializer], responses=OpenApiTypes.OBJECT)
    @action(detail=False, url_path="age-feasibility")
    def age_feasibility(self, request):
        return Response(selectors.age_feasibility(**self._params(needs_term=True)))

