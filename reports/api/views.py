from django.http import HttpResponse
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from core.text import fold
from inspection.models import Conclusion

from .. import selectors, services
from ..builders.conclusion_notice import conclusion_notice_for
from ..choices import FORMAT_CONTENT_TYPES, ReportFormat
from ..filters import ReportFilterSet
from ..models import Report
from ..rendering import render_docx, render_pdf
from ..responses import file_response
from .serializers import ReportRequestSerializer, ReportSerializer


class ReportViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Reports in the user's scope. POST asks for one (202 and queued when new;
    200 with the existing report when the same kind, scope and period exists).
    Files: GET /reports/{id}/files/{docx|pdf|xlsx}/."""

    serializer_class = ReportSerializer
    filterset_class = ReportFilterSet
    queryset = Report.objects.none()

    def get_queryset(self):
        return selectors.report_queryset(user=self.request.user)

    @extend_schema(request=ReportRequestSerializer, responses={202: ReportSerializer, 200: ReportSerializer})
    def create(self, request, *args, **kwargs):
        serializer = ReportRequestSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        period = services.resolve_period(
            period_key=data.get("period", ""), period_start=data.get("period_start"), period_end=data.get("period_end")
        )
        report, created = services.report_request(
            kind=data["kind"], scope=data["scope"], period=period, user=request.user, regenerate=data["regenerate"],
            issued_on=data.get("issued_on"),
        )
        return self._report_response(report, status.HTTP_202_ACCEPTED if created else status.HTTP_200_OK)

    @extend_schema(request=None, responses={202: ReportSerializer})
    @action(detail=True, methods=["post"])
    def retry(self, request, pk=None):
        """Queue a failed report again (same version), or one whose worker is
        gone (no heartbeat for STALE_TASK_MINUTES); 409 `still_running` while
        its task is alive."""
        return self._report_response(services.report_retry(report=self.get_object()), status.HTTP_202_ACCEPTED)

    @extend_schema(request=None, responses={202: ReportSerializer})
    @action(detail=True, methods=["post"])
    def regenerate(self, request, pk=None):
        """Make a new version of this report; the earlier versions stay."""
        new = services.report_regenerate(report=self.get_object(), user=request.user)
        return self._report_response(new, status.HTTP_202_ACCEPTED)

    @extend_schema(parameters=[OpenApiParameter("fmt", str, OpenApiParameter.PATH, enum=ReportFormat.values)],
                   responses={(200, FORMAT_CONTENT_TYPES[fmt]): bytes for fmt in ReportFormat})
    @action(detail=True, methods=["get"], url_path=r"files/(?P<fmt>docx|pdf|xlsx)", url_name="file")
    def file(self, request, pk=None, fmt=None):
        return file_response(selectors.report_file_for_download(user=request.user, report_id=pk, fmt=fmt))

    def _report_response(self, report, http_status):
        fresh = self.get_queryset().get(pk=report.pk)
        return Response(self.get_serializer(fresh).data, status=http_status)


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
