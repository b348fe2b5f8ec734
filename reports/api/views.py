from django.http import HttpResponse
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, status
from rest_framework.decorators import action

from core.text import fold
from core.viewsets import ServiceViewSet
from inspection.models import Conclusion

from .. import selectors, services
from ..builders.conclusion_notice import conclusion_notice_for
from ..choices import FORMAT_CONTENT_TYPES, ReportFormat
from ..filters import ReportFilterSet
from ..models import Report
from ..rendering import render_docx, render_pdf
from ..responses import file_response
from .serializers import ReportRequestSerializer, ReportSerializer


class ReportViewSet(ServiceViewSet):
    """Reports in the user's scope. POST asks for one (202 and queued when new;
    200 with the existing report when the same kind, scope and period exists).
    `retry` (reports/workflow.py) queues a failed report again, or one whose
    worker is gone; 409 `still_running` while its task is alive.
    Files: GET /reports/{id}/files/{docx|pdf|xlsx}/."""

    serializer_class = ReportSerializer
    filterset_class = ReportFilterSet
    queryset = Report.objects.none()
    selector = staticmethod(selectors.report_queryset)
    http_method_names = ["get", "post", "head", "options"]  # reports are neither edited nor deleted here
    workflow_model = Report
    step_inputs = {"retry": None}

    @extend_schema(request=ReportRequestSerializer, responses={202: ReportSerializer, 200: ReportSerializer})
    def create(self, request, *args, **kwargs):
        data = self.body(ReportRequestSerializer)
        period = services.resolve_period(
            period_key=data.get("period", ""), period_start=data.get("period_start"), period_end=data.get("period_end")
        )
        report, created = services.report_request(
            kind=data["kind"], scope=data["scope"], period=period, user=request.user, regenerate=data["regenerate"],
            issued_on=data.get("issued_on"),
        )
        return self.output(report, status.HTTP_202_ACCEPTED if created else status.HTTP_200_OK)

    @extend_schema(request=None, responses={202: ReportSerializer})
    @action(detail=True, methods=["post"])
    def regenerate(self, request, pk=None):
        """Make a new version of this report; the earlier versions stay."""
        new = services.report_regenerate(report=self.get_object(), user=request.user)
        return self.output(new, status.HTTP_202_ACCEPTED)

    @extend_schema(parameters=[OpenApiParameter("fmt", str, OpenApiParameter.PATH, enum=ReportFormat.values)],
                   responses={(200, FORMAT_CONTENT_TYPES[fmt]): bytes for fmt in ReportFormat})
    @action(detail=True, methods=["get"], url_path=r"files/(?P<fmt>docx|pdf|xlsx)", url_name="file")
    def file(self, request, pk=None, fmt=None):
        return file_response(selectors.report_file_for_download(user=request.user, report_id=pk, fmt=fmt))


NOTICE_RENDERERS = {ReportFormat.DOCX: render_docx, ReportFormat.PDF: render_pdf}


class ConclusionNoticeView(generics.GenericAPIView):
    """GET /conclusions/{id}/notice/{docx|pdf}/: the conclusion notice laid out
    for signature (HD 36), from the inspection's findings and requirements.
    Outside the user's scope: 404; a joint notice shows only the user's part."""

    queryset = Conclusion.objects.none()  # the model whose view permission is required

    @extend_schema(parameters=[OpenApiParameter("fmt", str, OpenApiParameter.PATH, enum=[*NOTICE_RENDERERS])],
                   responses={(200, FORMAT_CONTENT_TYPES[fmt]): bytes for fmt in NOTICE_RENDERERS})
    def get(self, request, pk, fmt):
        conclusion = selectors.conclusion_for_notice(user=request.user, conclusion_id=pk)
        content = NOTICE_RENDERERS[fmt](conclusion_notice_for(conclusion=conclusion, user=request.user))
        response = HttpResponse(content, content_type=FORMAT_CONTENT_TYPES[fmt])
        name = conclusion.document.number_display if conclusion.document_id else conclusion.inspection.code
        response["Content-Disposition"] = f'attachment; filename="thong-bao-ket-luan-{_ascii(name)}.{fmt}"'
        return response


def _ascii(text):
    return "".join(c if c.isalnum() or c in "-_" else "-" for c in fold(text)).strip("-") or "thong-bao"
