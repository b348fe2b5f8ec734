from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

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


class ServiceModelViewSet(viewsets.ModelViewSet):
    """A model viewset whose reads go through a selector and whose writes go
    through the app's services: `<entity>_create(**data)`,
    `<entity>_update(<entity>=..., **data)`, `<entity>_delete(<entity>=...)`."""

    selector = None
    entity = None

    def get_queryset(self):
        return type(self).selector(user=self.request.user)

    def _service(self, action_name):
        return getattr(services, f"{self.entity}_{action_name}")

    def _fresh(self, instance):
        """Re-read through the selector, so that the answer carries what the list carries (current titles)."""
        return self.get_queryset().get(pk=instance.pk)

    def perform_create(self, serializer):
        serializer.instance = self._fresh(self._service("create")(**serializer.validated_data))

    def perform_update(self, serializer):
        serializer.instance = self._fresh(
            self._service("update")(**{self.entity: serializer.instance}, **serializer.validated_data)
        )

    def perform_destroy(self, instance):
        self._service("delete")(**{self.entity: instance})

    def _transition(self, request, serializer_class, service):
        params = serializer_class(data=request.data, context=self.get_serializer_context())
        params.is_valid(raise_exception=True)
        instance = service(**{self.entity: self.get_object()}, **params.validated_data)
        return Response(self.get_serializer(instance).data)


class TitleViewSet(ServiceModelViewSet):
    """The title catalogue (chức danh) with its standards as data."""

    queryset = Title.objects.none()
    serializer_class = TitleSerializer
    filterset_class = TitleFilterSet
    entity = "title"

    def get_queryset(self):
        return selectors.title_list()


class PlanningNormViewSet(viewsets.ReadOnlyModelViewSet):
    """Thresholds of the planning rules per organization level (edited in the admin)."""

    queryset = PlanningNorm.objects.all()
    serializer_class = PlanningNormSerializer


class CadreViewSet(ServiceModelViewSet):
    """Cadres: personal data, within the user's scope; `current_titles` are the titles held today."""

    queryset = Cadre.objects.none()
    serializer_class = CadreSerializer
    filterset_class = CadreFilterSet
    permission_classes = [PersonalDataPermission]
    selector = staticmethod(selectors.cadre_list)
    entity = "cadre"


class TitleAssignmentViewSet(ServiceModelViewSet):
    queryset = TitleAssignment.objects.none()
    serializer_class = TitleAssignmentSerializer
    filterset_class = TitleAssignmentFilterSet
    permission_classes = [PersonalDataPermission]
    selector = staticmethod(selectors.title_assignment_list)
    entity = "title_assignment"


class PlanningEntryViewSet(ServiceModelViewSet):
    """Planning entries; `as_of=D` gives the approved plan as it stood on D.
    Entries are never deleted: remove them from the plan with a reason."""

    queryset = PlanningEntry.objects.none()
    serializer_class = PlanningEntrySerializer
    filterset_class = PlanningEntryFilterSet
    permission_classes = [PersonalDataPermission]
    selector = staticmethod(selectors.planning_entry_list)
    entity = "planning_entry"
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        return self._transition(request, PlanningApproveSerializer, services.planning_entry_approve)

    @action(detail=True, methods=["post"])
    def remove(self, request, pk=None):
        return self._transition(request, PlanningRemoveSerializer, services.planning_entry_remove)


class TrainingRecordViewSet(ServiceModelViewSet):
    queryset = TrainingRecord.objects.none()
    serializer_class = TrainingRecordSerializer
    filterset_class = TrainingRecordFilterSet
    permission_classes = [PersonalDataPermission]
    selector = staticmethod(selectors.training_list)
    entity = "training"

    @action(detail=True, methods=["post"])
    def start(self, request, pk=None):
        return self._transition(request, TrainingStartSerializer, services.training_start)

    @action(detail=True, methods=["post"])
    def complete(self, request, pk=None):
        return self._transition(request, TrainingCompleteSerializer, services.training_complete)


class MovementViewSet(ServiceModelViewSet):
    """Rotations, transfers, appointments; creating one updates the titles held."""

    queryset = Movement.objects.none()
    serializer_class = MovementSerializer
    filterset_class = MovementFilterSet
    permission_classes = [PersonalDataPermission]
    selector = staticmethod(selectors.movement_list)
    entity = "movement"


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

