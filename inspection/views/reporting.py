"""The unit reporter's pages: a requirement (text, the notice it comes from,
deadline history, reports and the Board's comments), a progress report with
attachments, a deadline extension request."""
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views import View

from core.errors import ApplicationError
from core.pages import ScopedDetailView, show_error, style_fields

from .. import pages_actions, selectors
from ..choices import RequirementEventKind
from ..forms import DecisionForm, ExtensionRequestForm, ProgressReportForm
from ..models import ProgressAttachment, ProgressReport
from .lists import deadline_badge

BOARD_COMMENTS = (RequirementEventKind.VERIFIED, RequirementEventKind.REOPENED,
                  RequirementEventKind.EXTENSION_APPROVED, RequirementEventKind.EXTENSION_REJECTED)


def _requirement(user, pk):
    return get_object_or_404(selectors.requirement_list(user=user), pk=pk)


class RequirementDetailView(ScopedDetailView):
    permission_required = "inspection.view_remediationrequirement"
    template_name = "inspection/requirement_detail.html"
    context_object_name = "requirement"
    selector = staticmethod(selectors.requirement_list)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        requirement, user = self.object, self.request.user
        events = list(selectors.requirement_timeline(requirement=requirement))
        context.update({
            "badge": deadline_badge(requirement),
            "conclusion": requirement.conclusion,
            "extensions": list(requirement.extensions.select_related("requested_by", "decided_by")),
            "reports": list(ProgressReport.objects.for_user(user).filter(requirement=requirement)
                            .select_related("submitted_by").prefetch_related("attachments")),
            "comments": [e for e in events if e.kind in BOARD_COMMENTS],
            "events": events,
            "can_report": user.has_perm("inspection.add_progressreport"),
            "can_extend": user.has_perm("inspection.add_deadlineextension"),
        })
        given = kwargs.get("decision_forms", {})
        context["decisions"] = pages_actions.decisions_for(requirement, user)
        if context["decisions"]:
            context["decision_form"] = style_fields(given.get("decision") or DecisionForm())
        for extension in context["extensions"]:
            extension.decisions = pages_actions.decisions_for(extension, user)
            if extension.decisions:
                key = f"ext{extension.pk}"
                extension.form = style_fields(given.get(key) or DecisionForm(prefix_id=key))
        if context["can_report"]:
            context["report_form"] = style_fields(kwargs.get("report_form") or ProgressReportForm())
        if context["can_extend"]:
            context["extension_form"] = style_fields(kwargs.get("extension_form") or ExtensionRequestForm())
        return context


class _RequirementFormView(LoginRequiredMixin, PermissionRequiredMixin, View):
    """POST a form about one requirement; refused input re-renders the requirement
    page with the form as typed and the reasons beside the fields."""

    form_class = None
    context_name = ""

    def post(self, request, pk):
        requirement = _requirement(request.user, pk)
        form = self.form_class(request.POST, request.FILES)
        if form.is_valid():
            try:
                self.act(requirement, form.cleaned_data)
            except ApplicationError as exc:
                show_error(form, self.remap(exc))
            else:
                return redirect("inspection:requirement-detail", pk=requirement.pk)
        view = RequirementDetailView(request=request, kwargs={"pk": pk}, args=())
        view.object = requirement
        response = view.render_to_response(view.get_context_data(object=requirement, **{self.context_name: form}))
        response.status_code = 400
        return response

    def remap(self, exc):
        return exc


class ProgressReportCreateView(_RequirementFormView):
    permission_required = "inspection.add_progressreport"
    form_class = ProgressReportForm
    context_name = "report_form"

    def act(self, requirement, data):
        report = pages_actions.submit_progress(actor=self.request.user, requirement=requirement, text=data["text"],
                                               percent=data["percent"], files=data["files"])
        messages.success(self.request, _("Đã gửi báo cáo tiến độ (%(percent)s%%, %(n)s tệp đính kèm).") % {
            "percent": report.percent, "n": len(data["files"])})

    def remap(self, exc):
        if "file" in exc.fields:
            exc.fields["files"] = exc.fields.pop("file")
        return exc


class ExtensionRequestView(_RequirementFormView):
    permission_required = "inspection.add_deadlineextension"
    form_class = ExtensionRequestForm
    context_name = "extension_form"

    def act(self, requirement, data):
        extension = pages_actions.request_extension(
            actor=self.request.user, requirement=requirement, requested_deadline=data["requested_deadline"],
            reason=data["reason"])
        messages.success(self.request, _("Đã gửi đề nghị gia hạn đến %(day)s; Ban sẽ xem xét.") % {
            "day": extension.requested_deadline.strftime("%d/%m/%Y")})


class AttachmentDownloadView(LoginRequiredMixin, PermissionRequiredMixin, View):
    """A progress report's attachment, only within the reader's scope."""

    permission_required = "inspection.view_progressreport"

    def get(self, request, pk):
        attachment = get_object_or_404(
            ProgressAttachment.objects.filter(report__in=ProgressReport.objects.for_user(request.user)), pk=pk)
        try:
            stream = attachment.file.open("rb")
        except (FileNotFoundError, ValueError):
            raise Http404 from None
        return FileResponse(stream, as_attachment=True, filename=attachment.original_name or None,
                            content_type=attachment.content_type or "application/octet-stream")
