from django.db import transaction
from rest_framework import mixins, status, viewsets
from rest_framework.response import Response

from .. import selectors, services
from ..filters import RuleCheckResultFilterSet, RuleCheckRunFilterSet
from ..models import RuleCheckResult, RuleCheckRun, RuleSetting
from ..tasks import execute_check_run
from .serializers import RuleCheckResultSerializer, RuleCheckRunSerializer, RuleSerializer


class RuleViewSet(viewsets.ViewSet):
    """The rules in the registry, with their regulation, validity and current thresholds."""

    queryset = RuleSetting.objects.none()  # for the model permission check
    serializer_class = RuleSerializer

    def list(self, request):
        return Response(RuleSerializer(selectors.rule_catalogue(), many=True).data)


class RuleCheckRunViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Runs of the checks. POST queues a run on the Celery worker and returns it (202)."""

    serializer_class = RuleCheckRunSerializer
    filterset_class = RuleCheckRunFilterSet
    queryset = RuleCheckRun.objects.none()

    def get_queryset(self):
        return selectors.run_list(user=self.request.user)

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        run = services.check_run_create(user=request.user, **serializer.validated_data)
        transaction.on_commit(lambda: execute_check_run.delay(run.pk))
        run.breaches = 0
        return Response(self.get_serializer(run).data, status=status.HTTP_202_ACCEPTED)


class RuleCheckResultViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = RuleCheckResultSerializer
    filterset_class = RuleCheckResultFilterSet
    queryset = RuleCheckResult.objects.none()

    def get_queryset(self):
        return selectors.result_list(user=self.request.user)
