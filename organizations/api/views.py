import uuid

from django.db import transaction
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from core.permissions import ReadActionPermission

from .. import selectors, services
from ..filters import OrganizationFilterSet
from ..models import Organization
from ..tasks import organization_subtree_summary_task
from .serializers import OrganizationSerializer


class OrganizationViewSet(viewsets.ModelViewSet):
    """The organization tree. `within=<id>` lists a whole subtree; `q` ignores diacritics."""

    serializer_class = OrganizationSerializer
    filterset_class = OrganizationFilterSet
    queryset = Organization.objects.none()

    def get_queryset(self):
        return selectors.organization_detail_queryset(user=self.request.user)

    def perform_create(self, serializer):
        serializer.instance = services.organization_create(**serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = services.organization_update(
            organization=serializer.instance, **serializer.validated_data
        )

    def perform_destroy(self, instance):
        services.organization_delete(organization=instance)

    @action(detail=True, methods=["post"], permission_classes=[ReadActionPermission])
    def summarize(self, request, pk=None):
        """Queue a count of the active organizations per level in this subtree (Celery)."""
        organization = self.get_object()
        task_id = str(uuid.uuid4())
        transaction.on_commit(
            lambda: organization_subtree_summary_task.apply_async(args=[organization.pk], task_id=task_id)
        )
        return Response({"task_id": task_id}, status=status.HTTP_202_ACCEPTED)
