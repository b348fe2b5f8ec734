"""Findings in the workspace, added and edited inline (HTMX partials: the
unit's block or the finding's row comes back, with the reasons beside the
fields and what was typed kept), and the evidence picker: the unit's records,
searched by name and year, shown as text people read, never as record ids."""
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from core.errors import ApplicationError
from core.pages import show_error, style_fields

from .. import pages_actions, selectors
from ..workspace_forms import EvidenceSearchForm, FindingForm
from .evidence import evidence_candidates, evidence_texts, findings_by_unit
from .workspace import InspectionWorkspaceView


# --- views --------------------------------------------------------------------------------
def _is_htmx(request):
    return request.headers.get("HX-Request") == "true"


class _FindingBase(LoginRequiredMixin, PermissionRequiredMixin, View):
    permission_required = "inspection.change_finding"

    def inspection(self, pk):
        return get_object_or_404(selectors.inspection_list(user=self.request.user), pk=pk)

    def finding(self, pk):
        return get_object_or_404(selectors.finding_list(user=self.request.user), pk=pk)

    def row(self, finding, form=None, status=200, evidence_error=None):
        finding = selectors.finding_list(user=self.request.user).get(pk=finding.pk)
        finding.evidence_texts = evidence_texts([finding]).get(finding.pk, [])
        return render(self.request, "inspection/_finding_row.html", {
            "finding": finding, "inspection": finding.inspection, "can_edit": True, "edit_form": form,
            "search_form": EvidenceSearchForm(auto_id=f"id_ev_{finding.pk}_%s"), "evidence_error": evidence_error},
            status=status)


class FindingAddView(_FindingBase):
    permission_required = "inspection.add_finding"

    def post(self, request, pk):
        inspection = self.inspection(pk)
        form = FindingForm(request.POST, inspection=inspection)
        ok = False
        if form.is_valid():
            try:
                pages_actions.create_finding(actor=request.user, inspection=inspection, **form.service_fields())
                ok = True
            except ApplicationError as exc:
                show_error(form, exc)
        if not _is_htmx(request):
            if ok:
                return redirect(reverse("inspection:inspection-detail", args=[pk]) + "#tab-findings")
            view = InspectionWorkspaceView(request=request, kwargs={"pk": pk}, args=())
            view.object = inspection
            return view.render_to_response(view.get_context_data(object=inspection, forms={"finding": form},
                                                                 active_tab="findings"), status=400)
        inspection = self.inspection(pk)
        fresh = FindingForm(inspection=inspection, initial={k: form.data.get(k) for k in ("organization", "topic")})
        return render(request, "inspection/_findings_tab.html", {
            "inspection": inspection, "units": findings_by_unit(inspection, request.user), "can_edit": True,
            "finding_form": style_fields(fresh if ok else form), "added": ok})


class FindingEditView(_FindingBase):
    def get(self, request, pk):
        finding = self.finding(pk)
        form = FindingForm(inspection=finding.inspection, auto_id=f"id_f{finding.pk}_%s", initial={
            "organization": finding.organization_id, "topic": finding.topic_id, "kind": finding.kind,
            "severity": finding.severity, "text": finding.text,
            "tags": ", ".join(t.name for t in finding.tags.all())})
        return self.row(finding, style_fields(form))

    def post(self, request, pk):
        finding = self.finding(pk)
        form = FindingForm(request.POST, inspection=finding.inspection, auto_id=f"id_f{finding.pk}_%s")
        if form.is_valid():
            try:
                pages_actions.update_finding(actor=request.user, finding=finding, **form.service_fields())
            except ApplicationError as exc:
                show_error(form, exc)
            else:
                return self.row(finding)
        return self.row(finding, style_fields(form))


class EvidenceSearchView(_FindingBase):
    def get(self, request, pk):
        finding = self.finding(pk)
        form = EvidenceSearchForm(request.GET)
        query = form.cleaned_data["q"] if form.is_valid() else ""
        return render(request, "inspection/_evidence_results.html", {
            "finding": finding, "candidates": evidence_candidates(user=request.user, finding=finding, query=query)})


class EvidenceAddView(_FindingBase):
    def post(self, request, pk):
        finding = self.finding(pk)
        try:
            record_id = int(request.POST.get("record_id", ""))
            pages_actions.add_evidence(actor=request.user, finding=finding,
                                       record_type=request.POST.get("record_type", ""), record_id=record_id)
        except (ValueError, ApplicationError) as exc:
            return self.row(finding, evidence_error=getattr(exc, "message", _("Không hợp lệ.")))
        return self.row(finding)
