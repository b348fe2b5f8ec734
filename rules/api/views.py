from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from inspection.api.permissions import StepPermission
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


class RuleCheckRunViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Runs of the checks. POST queues a run on the Celery worker and returns it
    (202): over a subtree (`scope`, `period_start`, `period_end`) or over an
    inspection's inspected organizations for its period (`inspection`). When
    the queue refuses the run, it is returned "failed" with the reason."""

    serializer_class = RuleCheckRunSerializer
    filterset_class = RuleCheckRunFilterSet
    queryset = RuleCheckRun.objects.none()

    def get_queryset(self):
        return selectors.run_list(user=self.request.user)

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
        return self._run_response(run)

    @extend_schema(request=None, responses={202: RuleCheckRunSerializer})
    @action(detail=True, methods=["post"])
    def retry(self, request, pk=None):
        """Queue a failed run again, or one whose worker is gone (no heartbeat
        for STALE_TASK_MINUTES); 409 `still_running` while its task is alive."""
        return self._run_response(services.check_run_retry(run=self.get_object()))

    def _run_response(self, run):
        return Response(self.get_serializer(self.get_queryset().get(pk=run.pk)).data,
                        status=status.HTTP_202_ACCEPTED)

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
        query = LatestBreachesQuerySerializer(data=request.query_params, context=self.get_serializer_context())
        query.is_valid(raise_exception=True)
        data = selectors.latest_breaches(user=request.user, **query.validated_data)
        return Response(LatestBreachesSerializer(data).data)


class RuleCheckResultViewSet(viewsets.ReadOnlyModelViewSet):
    """Results of the rule checks, one per organization and rule of a run, in the
    reader's scope: outcome (violation, warning, pass, not judged...), the measured
    value, the threshold and regulation applied, the sentence and the evidence.
    `to-finding` turns a violation or a warning into a draft limitation."""

    serializer_class = RuleCheckResultSerializer
    filterset_class = RuleCheckResultFilterSet
    queryset = RuleCheckResult.objects.none()
    permission_classes = [StepPermission]
    action_permissions = {"to_finding": ["rules.view_rulecheckresult", "inspection.add_finding"]}

    def get_queryset(self):
        return selectors.result_list(user=self.request.user)

    @extend_schema(request=ToFindingSerializer, responses={201: FindingSerializer})
    @action(detail=True, methods=["post"], url_path="to-finding")
    def to_finding(self, request, pk=None):
        """Record this breach as a draft limitation of the inspection (the run's,
        or `inspection`), its text prefilled from the result's sentence."""
        result = self.get_object()
        body = ToFindingSerializer(data=request.data, context=self.get_serializer_context())
        body.is_valid(raise_exception=True)
        finding = services.result_to_finding(user=request.user, result=result, **body.validated_data)
        return Response(FindingSerializer(finding, context=self.get_serializer_context()).data,
                        status=status.HTTP_201_CREATED)
