"""Thin viewsets (core.viewsets.ServiceViewSet): the scoped selectors read,
the services write, workflow steps are POST actions generated from the
transition tables in inspection/workflow.py."""
from drf_spectacular.utils import extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from core.by_key import ByKeyMixin
from core.viewsets import ServiceViewSet

from .. import selectors, services
from ..documents import document_next_number
from ..filters import (
    ConclusionFilterSet,
    DeadlineExtensionFilterSet,
    DocumentFilterSet,
    FindingFilterSet,
    InspectionFilterSet,
    ProgramFilterSet,
    ProgramItemFilterSet,
    ProgressReportFilterSet,
    RequirementFilterSet,
)
from ..models import (
    Conclusion,
    DeadlineExtension,
    Document,
    Finding,
    Inspection,
    InspectionProgram,
    ProgramItem,
    ProgressReport,
    RemediationRequirement,
    Topic,
)
from . import serializers as s
from .responses import NextNumberSerializer, RecurringLimitationSerializer


def _perms(model, action_name):
    return [f"{model._meta.app_label}.{action_name}_{model._meta.model_name}"]


class UploadMixin:
    def upload(self, request, service, **extra):
        instance = self.get_object()
        file = self.body(s.FileUploadSerializer)["file"]
        service(user=request.user, **{self.instance_kwarg: instance}, file=file, **extra)
        return self.output(instance, status.HTTP_201_CREATED)


class TopicViewSet(viewsets.ReadOnlyModelViewSet):
    """The managed list of inspection topics."""

    serializer_class = s.TopicSerializer
    queryset = Topic.objects.all()
    lookup_field = "code"
    lookup_value_regex = r"[\w-]+"  # topic codes; anything else is an unknown path (JSON 404)
    pagination_class = None


class DocumentViewSet(ByKeyMixin, UploadMixin, ServiceViewSet):
    """Party documents. `party_number=3150-TB/TU` finds one; creating with
    `party_number` parses it; without a number the next free one is taken."""

    serializer_class = s.DocumentSerializer
    filterset_class = DocumentFilterSet
    by_key_params = ("party_number", "issuer")
    by_key_optional = ("term", "year")  # a number comes back each term
    queryset = Document.objects.none()
    selector = staticmethod(selectors.document_list)
    create_service = staticmethod(services.document_create)
    update_service = staticmethod(services.document_update)
    delete_service = staticmethod(services.document_delete)
    instance_kwarg = "document"
    action_permissions = {"files": _perms(Document, "change")}

    @extend_schema(parameters=[s.NextNumberQuerySerializer], responses=NextNumberSerializer)
    @action(detail=False, methods=["get"], url_path="next-number")
    def next_number(self, request):
        query = s.NextNumberQuerySerializer(data=request.query_params, context=self.get_serializer_context())
        query.is_valid(raise_exception=True)
        data = query.validated_data
        issuer_code = data["issuer_code"] or (data["issuer"].issuer_code if data["issuer"] else "")
        number = document_next_number(issuer_code=issuer_code, doc_type=data["doc_type"], term=data["term"],
                                      issuer=data["issuer"])
        return Response({"number": number, "number_display": f"{number:02d}-{data['doc_type']}/{issuer_code}"})

    @extend_schema(request=s.FileUploadSerializer, responses={201: s.DocumentSerializer})
    @action(detail=True, methods=["post"])
    def files(self, request, pk=None):
        return self.upload(request, services.document_add_file)


class ProgramViewSet(ByKeyMixin, ServiceViewSet):
    """Annual programs; each item carries its state against the plan as of `as_of` (default today)."""

    serializer_class = s.ProgramSerializer
    filterset_class = ProgramFilterSet
    by_key_params = ("authority", "year")
    by_key_optional = ("title",)
    queryset = InspectionProgram.objects.none()
    create_service = staticmethod(services.program_create)
    update_service = staticmethod(services.program_update)
    delete_service = staticmethod(services.program_delete)
    instance_kwarg = "program"

    def get_queryset(self):
        return selectors.program_list(user=self.request.user, as_of=selectors.as_of_from(self.request.query_params))

    def service_kwargs(self, data):
        data = super().service_kwargs(data)
        if "items_input" in data:
            data["items"] = data.pop("items_input")
        return data


class ProgramItemViewSet(ServiceViewSet):
    """Program items; filter `state=late` (as of `as_of`) or `behind_plan=true`."""

    serializer_class = s.ProgramItemSerializer
    filterset_class = ProgramItemFilterSet
    queryset = ProgramItem.objects.none()
    create_service = staticmethod(services.program_item_create)
    update_service = staticmethod(services.program_item_update)
    delete_service = staticmethod(services.program_item_delete)
    instance_kwarg = "item"
    fixed_on_update = "program"

    def get_queryset(self):
        return selectors.program_item_list(user=self.request.user,
                                           as_of=selectors.as_of_from(self.request.query_params))


class InspectionViewSet(ByKeyMixin, ServiceViewSet):
    """Inspections. Steps (QĐ 331): decide, start, report, conclude, follow-up,
    close, cancel — each a POST with an optional `note`."""

    serializer_class = s.InspectionSerializer
    filterset_class = InspectionFilterSet
    by_key_params = ("code",)
    queryset = Inspection.objects.none()
    selector = staticmethod(selectors.inspection_answer_list)
    create_service = staticmethod(services.inspection_create)
    update_service = staticmethod(services.inspection_update)
    delete_service = staticmethod(services.inspection_delete)
    instance_kwarg = "inspection"
    workflow_model = Inspection
    action_permissions = {"self_reports": _perms(Inspection, "change")}

    @extend_schema(request=s.SelfReportSerializer, responses={201: s.InspectionSerializer})
    @action(detail=True, methods=["post"], url_path="self-reports")
    def self_reports(self, request, pk=None):
        return self.step(request, services.self_report_receive, input_serializer=s.SelfReportSerializer,
                         status_code=status.HTTP_201_CREATED)


class FindingViewSet(UploadMixin, ServiceViewSet):
    """Findings; `q` searches the text ignoring diacritics. `recurring/` lists
    limitations found with the same topic and tag in many organizations or years."""

    serializer_class = s.FindingSerializer
    filterset_class = FindingFilterSet
    queryset = Finding.objects.none()
    selector = staticmethod(selectors.finding_answer_list)
    create_service = staticmethod(services.finding_create)
    update_service = staticmethod(services.finding_update)
    delete_service = staticmethod(services.finding_delete)
    instance_kwarg = "finding"
    fixed_on_update = "inspection"
    action_permissions = {"evidence": _perms(Finding, "change"), "attachments": _perms(Finding, "change")}

    @extend_schema(request=s.EvidenceSerializer, responses={201: s.FindingSerializer})
    @action(detail=True, methods=["post"])
    def evidence(self, request, pk=None):
        return self.step(request, services.finding_add_evidence, input_serializer=s.EvidenceSerializer,
                         status_code=status.HTTP_201_CREATED)

    @extend_schema(request=s.FileUploadSerializer, responses={201: s.FindingSerializer})
    @action(detail=True, methods=["post"])
    def attachments(self, request, pk=None):
        return self.upload(request, services.finding_add_attachment)

    @extend_schema(parameters=[s.RecurringQuerySerializer], responses=RecurringLimitationSerializer(many=True))
    @action(detail=False, methods=["get"], pagination_class=None, filter_backends=[])
    def recurring(self, request):
        query = s.RecurringQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        rows = selectors.recurring_limitations(user=request.user, **query.validated_data)
        return Response([
            {"topic": row["topic__code"], "topic_name": row["topic__name"], "tag": row["tags__slug"],
             "tag_name": row["tags__name"], "organizations": row["organizations"], "years": row["years"],
             "findings": row["findings"]}
            for row in rows
        ])


class ConclusionViewSet(ServiceViewSet):
    """Conclusion notices. `issue/` freezes one (and concludes the inspection);
    `correct/` starts a new, linked correcting notice."""

    serializer_class = s.ConclusionSerializer
    filterset_class = ConclusionFilterSet
    queryset = Conclusion.objects.none()
    selector = staticmethod(selectors.conclusion_list)
    create_service = staticmethod(services.conclusion_create)
    update_service = staticmethod(services.conclusion_update)
    delete_service = staticmethod(services.conclusion_delete)
    instance_kwarg = "conclusion"
    fixed_on_update = "inspection"
    workflow_model = Conclusion
    step_inputs = {"issue": s.ConclusionIssueSerializer}
    action_permissions = {"correct": _perms(Conclusion, "add")}

    @extend_schema(request=s.CorrectionSerializer, responses={201: s.ConclusionSerializer})
    @action(detail=True, methods=["post"])
    def correct(self, request, pk=None):
        conclusion = self.get_object()
        correction = services.conclusion_correct(user=request.user, conclusion=conclusion,
                                                 **self.body(s.CorrectionSerializer))
        return self.output(correction, status.HTTP_201_CREATED)


class RequirementViewSet(ServiceViewSet):
    """Remediation requirements; filter `overdue=true`, `deadline_after/before`,
    `status`, `within`. `verify/` and `reopen/` are the Board's; `timeline/`
    is the whole story in one query."""

    serializer_class = s.RequirementSerializer
    filterset_class = RequirementFilterSet
    queryset = RemediationRequirement.objects.none()
    selector = staticmethod(selectors.requirement_answer_list)
    create_service = staticmethod(services.requirement_create)
    update_service = staticmethod(services.requirement_update)
    delete_service = staticmethod(services.requirement_delete)
    instance_kwarg = "requirement"
    fixed_on_update = "conclusion"
    workflow_model = RemediationRequirement
    step_input = s.CommentSerializer

    @extend_schema(responses=s.EventSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None)
    def timeline(self, request, pk=None):
        events = selectors.requirement_timeline(requirement=self.get_object())
        return Response(s.EventSerializer(events, many=True).data)


class ProgressReportViewSet(ServiceViewSet):
    """Progress reports of the responsible organizations: sent, never edited.
    Attachments go in `files` (multipart); PDF, DOCX, XLSX, JPG, PNG only."""

    serializer_class = s.ProgressReportSerializer
    filterset_class = ProgressReportFilterSet
    queryset = ProgressReport.objects.none()
    selector = staticmethod(selectors.progress_report_list)
    create_service = staticmethod(services.progress_report_submit)
    http_method_names = ["get", "post", "head", "options"]

    def service_kwargs(self, data):
        data = super().service_kwargs(data)
        data["files"] = data.pop("files", [])
        return data


class DeadlineExtensionViewSet(ServiceViewSet):
    """Deadline extensions: requested by the responsible organization, approved
    or rejected by the Board. The original deadline is never overwritten."""

    serializer_class = s.DeadlineExtensionSerializer
    filterset_class = DeadlineExtensionFilterSet
    queryset = DeadlineExtension.objects.none()
    selector = staticmethod(selectors.extension_list)
    create_service = staticmethod(services.extension_request)
    instance_kwarg = "extension"
    http_method_names = ["get", "post", "head", "options"]
    workflow_model = DeadlineExtension
