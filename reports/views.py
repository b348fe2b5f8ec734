"""Staff pages: list and request reports, watch progress (HTMX), download."""
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import DetailView

from core.errors import ApplicationError
from core.pages import Column, ScopedListView
from core.text import fold
from core.workflow import transition

from . import selectors, services
from .builders.conclusion_notice import conclusion_notice_for
from .choices import FORMAT_CONTENT_TYPES, ReportFormat
from .filters import ReportFilterSet
from .forms import ReportRequestForm
from .rendering import render_docx, render_pdf
from .responses import file_response


class ReportListView(ScopedListView):
    permission_required = "reports.view_report"
    template_name = "reports/report_list.html"
    selector = staticmethod(selectors.report_list)
    filterset_class = ReportFilterSet
    filter_fields = ("kind", "status", "period")
    title = gettext_lazy("Báo cáo")
    export_name = "bao-cao"
    columns = (
        Column("kind", gettext_lazy("Loại báo cáo"), value="kind_label",
               link=lambda r: reverse("reports:report-detail", args=[r.pk])),
        Column("scope", gettext_lazy("Phạm vi")),
        Column("period", gettext_lazy("Kỳ"), value="period_display"),
        Column("version", gettext_lazy("Lần lập")),
        Column("status", gettext_lazy("Trạng thái")),
        Column("created_at", gettext_lazy("Yêu cầu lúc"), sort="created_at"),
    )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_request"] = self.request.user.has_perm("reports.add_report")
        if context["can_request"]:
            context["form"] = kwargs.get("form") or ReportRequestForm(user=self.request.user)
        return context


class ReportRequestView(LoginRequiredMixin, PermissionRequiredMixin, View):
    permission_required = "reports.add_report"

    def post(self, request):
        form = ReportRequestForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                period = services.resolve_period(period_key=form.cleaned_data["period"])
                report, created = services.report_request(
                    kind=form.cleaned_data["kind"], scope=form.cleaned_data["scope"], period=period,
                    user=request.user, regenerate=form.cleaned_data["regenerate"],
                    issued_on=form.cleaned_data["issued_on"],
                )
            except ApplicationError as exc:
                form.add_error(None, exc.message)
                for field, errors in exc.fields.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                messages.success(request, _("Đã đưa báo cáo vào hàng chờ.") if created else _("Báo cáo này đã có."))
                return redirect("reports:report-detail", pk=report.pk)
        view = ReportListView(request=request, kwargs={}, args=())
        view.object_list = view.get_queryset()
        return view.render_to_response(view.get_context_data(form=form), status=400)


class ReportDetailView(LoginRequiredMixin, PermissionRequiredMixin, DetailView):
    permission_required = "reports.view_report"
    template_name = "reports/report_detail.html"
    context_object_name = "report"

    def get_object(self, queryset=None):
        return get_object_or_404(selectors.report_queryset(user=self.request.user), pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["versions"] = selectors.report_versions(user=self.request.user, report=self.object)
        context["can_request"] = self.request.user.has_perm("reports.add_report")
        return context


class ReportProgressView(ReportDetailView):
    """The HTMX partial polled every 2 s while the report is queued or running."""

    template_name = "reports/_report_progress.html"

    def get_context_data(self, **kwargs):
        context = DetailView.get_context_data(self, **kwargs)
        context["can_request"] = self.request.user.has_perm("reports.add_report")
        return context


class _ReportActionView(LoginRequiredMixin, PermissionRequiredMixin, View):
    permission_required = "reports.add_report"

    def post(self, request, pk):
        report = get_object_or_404(selectors.report_queryset(user=request.user), pk=pk)
        try:
            report = self.act(report)
        except ApplicationError as exc:
            messages.error(request, exc.message)
        return redirect("reports:report-detail", pk=report.pk)


class ReportRetryView(_ReportActionView):
    """«Thử lại» on the list and on the report's page: the API's service (a
    live task is refused with its message, a failed or stale report is requeued)."""

    def act(self, report):
        report = transition(report, "retry", user=self.request.user)
        messages.success(self.request, _("Đã đưa báo cáo vào hàng chờ để lập lại."))
        return report


class ReportRegenerateView(_ReportActionView):
    def act(self, report):
        new = services.report_regenerate(report=report, user=self.request.user)
        messages.success(self.request, _("Đã yêu cầu lập phiên bản mới."))
        return new


class ReportFileView(LoginRequiredMixin, PermissionRequiredMixin, View):
    permission_required = "reports.view_report"

    def get(self, request, pk, fmt):
        return file_response(selectors.report_file_for_download(user=request.user, report_id=pk, fmt=fmt))


class ConclusionNoticeView(LoginRequiredMixin, PermissionRequiredMixin, View):
    """The conclusion notice as DOCX or PDF from the pages (the workspace, a
    requirement page): the API's renderer, the same scope (a joint notice shows
    only the reader's part; outside the scope, 404)."""

    permission_required = "inspection.view_conclusion"
    renderers = {ReportFormat.DOCX: render_docx, ReportFormat.PDF: render_pdf}

    def get(self, request, pk, fmt):
        if fmt not in self.renderers:
            raise Http404
        conclusion = selectors.conclusion_for_notice(user=request.user, conclusion_id=pk)
        content = self.renderers[fmt](conclusion_notice_for(conclusion=conclusion, user=request.user))
        response = HttpResponse(content, content_type=FORMAT_CONTENT_TYPES[fmt])
        name = conclusion.document.number_display if conclusion.document_id else conclusion.inspection.code
        safe = "".join(c if c.isalnum() or c in "-_" else "-" for c in fold(name)).strip("-") or "thong-bao"
        response["Content-Disposition"] = f'attachment; filename="thong-bao-ket-luan-{safe}.{fmt}"'
        return response
