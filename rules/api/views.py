from drf_spectacular.utils import extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from core.viewsets import ServiceViewSet
from inspection.api.serializers import FindingSerializer

from .. import selectors, services
from ..filters import RuleCheckResultFilterSet, RuleCheckRunFilterSet
from ..models import RuleCheckResult, RuleCheckRun, RuleSetting
from .serializers import (
    BreachMatrixSerializer,
    LatestBreachesQuerySerializer,
    LatestBreachesSerializer,
    RuleCheckResultSerializer,
    RuleCheckRunSerializer,
    RuleSerializer,
    ToFindingSerializer,
    TopicGroupSerializer,
)


class RuleViewSet(viewsets.ViewSet):
    """The rules in the registry, with their regulation, validity and current thresholds."""

    queryset = RuleSetting.objects.none()  # for the model permission check
    serializer_class = RuleSerializer

    def list(self, request):
        return Response(RuleSerializer(selectors.rule_catalogue(), many=True).data)


class RuleCheckRunViewSet(ServiceViewSet):
    """Runs of the checks. POST queues a run on the Celery worker and returns it
    (202): over a subtree (`scope`, `period_start`, `period_end`) or over an
    inspection's inspected organizations for its period (`inspection`). When
    the queue refuses the run, it is returned "failed" with the reason.
    `retry` (rules/workflow.py) queues a failed run again, or one whose worker
    is gone; 409 `still_running` while its task is alive."""

    serializer_class = RuleCheckRunSerializer
    filterset_class = RuleCheckRunFilterSet
    queryset = RuleCheckRun.objects.none()
    selector = staticmethod(selectors.run_list)
    http_method_names = ["get", "post", "head", "options"]  # a run is never edited: a new run re-checks
    workflow_model = RuleCheckRun
    step_inputs = {"retry": None}

    @extend_schema(responses={202: RuleCheckRunSerializer})
    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        if data.get("inspection"):
            run = services.check_run_create_for_inspection(user=request.user, inspection=data["inspection"],
                                                           rule_codes=data.get("rule_codes"))
        else:
            run = services.check_run_create(user=request.user, **data)
        services.check_run_enqueue(run)
        return self.output(run, status.HTTP_202_ACCEPTED)

    @extend_schema(responses=TopicGroupSerializer(many=True))
    @action(detail=True, methods=["get"], url_path="by-topic", pagination_class=None)
    def by_topic(self, request, pk=None):
        """The run's results in your scope, grouped by inspection topic."""
        groups = selectors.results_by_topic(user=request.user, run=self.get_object())
        return Response(TopicGroupSerializer(groups, many=True).data)

    @extend_schema(responses=BreachMatrixSerializer)
    @action(detail=True, methods=["get"])
    def matrix(self, request, pk=None):
        """Organizations × rules of the run, in your scope, with totals per rule."""
        return Response(BreachMatrixSerializer(selectors.breach_matrix(user=request.user, run=self.get_object())).data)

    @extend_schema(parameters=[LatestBreachesQuerySerializer], responses=LatestBreachesSerializer)
    @action(detail=False, methods=["get"], url_path="latest-breaches")
    def latest_breaches(self, request):
        """Per rule, the organizations of `scope` breaching it in the latest
        finished run covering `scope` for the whole `year`."""
        data = selectors.latest_breaches(user=request.user, **self.query(LatestBreachesQuerySerializer))
        return Response(LatestBreachesSerializer(data).data)


class RuleCheckResultViewSet(ServiceViewSet):
    """Results of the rule checks, one per organization and rule of a run, in the
    reader's scope: outcome (violation, warning, pass, not judged...), the measured
    value, the threshold and regulation applied, the sentence and the evidence.
    `to-finding` turns a violation or a warning into a draft limitation."""

    serializer_class = RuleCheckResultSerializer
    filterset_class = RuleCheckResultFilterSet
    queryset = RuleCheckResult.objects.none()
    selector = staticmethod(selectors.result_list)
    http_method_names = ["get", "post", "head", "options"]  # results are written by their run only
    action_permissions = {"to_finding": ["rules.view_rulecheckresult", "inspection.add_finding"]}

    @extend_schema(request=ToFindingSerializer, responses={201: FindingSerializer})
    @action(detail=True, methods=["post"], url_path="to-finding")
    def to_finding(self, request, pk=None):
        """Record this breach as a draft limitation of the inspection (the run's,
        or `inspection`), its text prefilled from the result's sentence."""
        finding = services.result_to_finding(user=request.user, result=self.get_object(),
                                             **self.body(ToFindingSerializer))
        return Response(FindingSerializer(finding, context=self.get_serializer_context()).data,
                        status=status.HTTP_201_CREATED)
