"""The staff workspace of one inspection (/inspections/<id>/): tabs for the
overview and its step buttons, units and team, self-inspection reports,
findings (inline, findings.py), conclusion and requirements, timeline. Every
write goes through pages_actions; a refusal is shown with its reasons."""
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from core.errors import ApplicationError
from core.pages import ScopedDetailView, show_error, style_fields

from .. import pages_actions, selectors
from ..choices import InspectionStatus
from ..models import InspectionTarget
from ..workspace_forms import (
    ConclusionForm,
    FindingForm,
    IssueForm,
    RequirementForm,
    SelfReportForm,
    StepForm,
)
from .evidence import findings_by_unit


def workspace_queryset(user):
    """The inspection with the inspected units of the reader's scope only (a joint one names no others)."""
    return selectors.inspection_list(user=user).prefetch_related(Prefetch(
        "targets", queryset=InspectionTarget.objects.for_user(user).select_related("organization"),
        to_attr="visible_targets"))


def workspace_inspection(user, pk):
    return get_object_or_404(workspace_queryset(user), pk=pk)


def workspace_url(inspection, tab="overview"):
    return reverse("inspection:inspection-detail", args=[inspection.pk]) + f"#tab-{tab}"


class InspectionWorkspaceView(ScopedDetailView):
    permission_required = "inspection.view_inspection"
    template_name = "inspection/workspace.html"
    context_object_name = "inspection"
    selector = staticmethod(workspace_queryset)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        inspection, user = self.object, self.request.user
        can_edit = user.has_perm("inspection.change_inspection")
        conclusion = inspection.conclusions.filter(corrects__isnull=True).select_related("document").first()
        steps = pages_actions.steps_for(inspection, user)
        given = kwargs.get("forms", {})

        def form(name, cls, **extra):
            return style_fields(given.get(name) or cls(**extra))

        context.update({
            "can_edit": can_edit,
            "editable": pages_actions.inspection_editable(inspection),
            "steps": steps,
            "step_form": form("step", StepForm),
            "units": findings_by_unit(inspection, user),
            "self_reports": inspection.self_reports.select_related("organization"),
            "conclusion": conclusion,
            "requirements": conclusion.requirements.select_related("organization", "responsible_organization")
            if conclusion else [],
            "transitions": inspection.transitions.select_related("by").order_by("at", "pk"),
            "history": inspection.history.select_related("history_user").order_by("history_date")[:30],
            "warnings": inspection.warnings(),
            "active_tab": kwargs.get("active_tab", ""),
        })
        if can_edit:
            context["self_report_form"] = form("self_report", SelfReportForm, inspection=inspection)
            context["finding_form"] = form("finding", FindingForm, inspection=inspection)
            if conclusion is None:
                issuer = inspection.conducted_by
                from django.utils import timezone

                proposed = pages_actions.next_number(doc_type="TB", issuer=issuer, issued_on=timezone.localdate())
                context["conclusion_form"] = form("conclusion", ConclusionForm, inspection=inspection,
                                                  initial={"number": proposed})
            elif not conclusion.is_issued:
                context["requirement_form"] = form("requirement", RequirementForm, inspection=inspection, user=user)
                context["issue_form"] = form("issue", IssueForm)
        return context


class _WorkspacePost(LoginRequiredMixin, PermissionRequiredMixin, View):
    """A workspace form: the service is called; on refusal the workspace comes
    back with the form as typed, its reasons beside the fields, on the same tab."""

    permission_required = "inspection.change_inspection"
    form_name = ""
    tab = "overview"

    def make_form(self, inspection):
        raise NotImplementedError

    def post(self, request, pk):
        inspection = workspace_inspection(request.user, pk)
        form = self.make_form(inspection)
        if form.is_valid():
            try:
                done = self.act(inspection, form)
            except ApplicationError as exc:
                show_error(form, exc)
                messages.error(request, exc.message)
            else:
                messages.success(request, done)
                return redirect(workspace_url(inspection, self.tab))
        view = InspectionWorkspaceView(request=request, kwargs={"pk": pk}, args=())
        view.object = inspection
        response = view.render_to_response(view.get_context_data(
            object=inspection, forms={self.form_name: form}, active_tab=self.tab))
        response.status_code = 400
        return response


class StepView(_WorkspacePost):
    form_name = "step"

    def make_form(self, inspection):
        return StepForm(self.request.POST)

    def act(self, inspection, form):
        to_status = self.request.POST.get("to_status", "")
        if to_status not in pages_actions.STEP_BUTTONS:
            raise Http404
        pages_actions.run_step(actor=self.request.user, inspection=inspection, to_status=InspectionStatus(to_status),
                               on=form.cleaned_data["on"], note=form.cleaned_data["note"])
        return pages_actions.STEP_BUTTONS[to_status].done


class SelfReportView(_WorkspacePost):
    form_name, tab = "self_report", "self"

    def make_form(self, inspection):
        return SelfReportForm(self.request.POST, self.request.FILES, inspection=inspection)

    def act(self, inspection, form):
        report = pages_actions.receive_self_report(actor=self.request.user, inspection=inspection, **form.cleaned_data)
        return _("Đã ghi nhận báo cáo tự kiểm tra của %(org)s.") % {"org": report.organization}


class ConclusionView(_WorkspacePost):
    form_name, tab = "conclusion", "conclusion"

    def make_form(self, inspection):
        return ConclusionForm(self.request.POST, inspection=inspection)

    def act(self, inspection, form):
        data = form.cleaned_data
        pages_actions.draft_conclusion(actor=self.request.user, inspection=inspection, summary=data["summary"],
                                       sections=form.sections(), number=data["number"], issued_on=data["issued_on"],
                                       issuer=inspection.conducted_by)
        return _("Đã lập dự thảo thông báo kết luận.")


def _draft_conclusion(inspection):
    conclusion = inspection.conclusions.filter(corrects__isnull=True).first()
    if conclusion is None:
        raise ApplicationError(_("Chưa có dự thảo thông báo kết luận."))
    return conclusion


class RequirementAddView(_WorkspacePost):
    form_name, tab = "requirement", "conclusion"

    def make_form(self, inspection):
        return RequirementForm(self.request.POST, inspection=inspection, user=self.request.user)

    def act(self, inspection, form):
        data = dict(form.cleaned_data)
        data["findings"] = list(data["findings"])
        pages_actions.add_requirement(actor=self.request.user, conclusion=_draft_conclusion(inspection), **data)
        return _("Đã thêm yêu cầu khắc phục.")


class IssueView(_WorkspacePost):
    form_name, tab = "issue", "conclusion"

    def make_form(self, inspection):
        return IssueForm(self.request.POST)

    def act(self, inspection, form):
        signer = {k: v for k, v in form.cleaned_data.items() if v}
        conclusion = pages_actions.issue_conclusion(actor=self.request.user,
                                                    conclusion=_draft_conclusion(inspection), **signer)
        return _("Đã ban hành %(doc)s; cuộc kiểm tra đã kết luận.") % {"doc": conclusion.document}


