"""Findings in the workspace, added and edited inline (HTMX partials: the
unit's block or the finding's row comes back, with the reasons beside the
fields and what was typed kept), and the evidence picker: the unit's records,
searched by name and year, shown as text people read, never as record ids."""
from collections import defaultdict

from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.contrib.contenttypes.models import ContentType
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from core.errors import ApplicationError
from core.pages import show_error, style_fields
from core.text import fold
from organizations.models import AdmissionYear, CellMeeting, CommitteeMember, QualityRating

from .. import pages_actions, selectors
from ..models import SelfInspectionReport
from ..workspace_forms import EvidenceSearchForm, FindingForm

PICKER_ROWS = 8


# --- evidence as people read it ----------------------------------------------------------
def evidence_text(record):
    if isinstance(record, CellMeeting):
        return _("Sinh hoạt chi bộ %(kind)s ngày %(day)s – %(cell)s") % {
            "kind": record.get_kind_display().lower(), "day": record.date.strftime("%d/%m/%Y"), "cell": record.cell}
    if isinstance(record, QualityRating):
        return _("Đánh giá, xếp loại chất lượng năm %(year)s – %(org)s") % {"year": record.year,
                                                                           "org": record.organization}
    if isinstance(record, AdmissionYear):
        return _("Kết nạp đảng viên năm %(year)s – %(org)s") % {"year": record.year, "org": record.organization}
    if isinstance(record, CommitteeMember):
        return _("Cấp ủy viên %(member)s") % {"member": record}
    if isinstance(record, SelfInspectionReport):
        return _("Báo cáo tự kiểm tra nhận ngày %(day)s – %(org)s") % {
            "day": record.received_on.strftime("%d/%m/%Y"), "org": record.organization}
    return str(record)


PICKER_MODELS = (
    (CellMeeting, "cell", ("-date",), "date__year"),
    (QualityRating, "organization", ("-year",), "year"),
    (AdmissionYear, "organization", ("-year",), "year"),
    (CommitteeMember, "organization", ("full_name",), None),
    (SelfInspectionReport, "organization", ("-received_on",), "received_on__year"),
)


def evidence_candidates(*, user, finding, query=""):
    """Records of the finding's unit (or below) in the reader's scope, at most a few of each kind."""
    words = fold(query).split()
    years = [int(w) for w in words if w.isdigit() and len(w) == 4]
    names = [w for w in words if not (w.isdigit() and len(w) == 4)]
    found = []
    for model, org_field, ordering, year_field in PICKER_MODELS:
        qs = model.objects.for_user(user).within(finding.organization).select_related(org_field)
        if years and year_field:
            qs = qs.filter(**{f"{year_field}__in": years})
        elif years:
            continue
        for word in names:
            qs = qs.filter(**{f"{org_field}__search_text__contains": word})
        label = f"{model._meta.app_label}.{model._meta.model_name}"
        found += [(label, record.pk, evidence_text(record)) for record in qs.order_by(*ordering)[:PICKER_ROWS]]
    return found


def _evidence_texts(findings):
    """{finding id: [text, ...]}: one query per kind of record cited, whatever the number of findings."""
    wanted = defaultdict(set)
    links = [(f.pk, e.content_type_id, e.object_id) for f in findings for e in f.evidence.all()]
    for _finding, type_id, object_id in links:
        wanted[type_id].add(object_id)
    records = {}
    for type_id, ids in wanted.items():
        model = ContentType.objects.get_for_id(type_id).model_class()
        related = {CellMeeting: "cell", SelfInspectionReport: "organization"}.get(model)
        qs = model._default_manager.filter(pk__in=ids)
        qs = qs.select_related(related) if related else qs.select_related() if hasattr(model, "organization") else qs
        records.update({(type_id, r.pk): evidence_text(r) for r in qs})
    texts = defaultdict(list)
    for finding_id, type_id, object_id in links:
        texts[finding_id].append(records.get((type_id, object_id), "—"))
    return texts


def findings_by_unit(inspection, user):
    """[{organization, findings: [...]}] for each inspected unit in the reader's scope, by topic."""
    findings = list(selectors.finding_list(user=user).filter(inspection=inspection).order_by("topic__code", "pk"))
    texts = _evidence_texts(findings)
    for finding in findings:
        finding.evidence_texts = texts.get(finding.pk, [])
    units = []
    for target in inspection.visible_targets if hasattr(inspection, "visible_targets") else inspection.targets.all():
        units.append({"organization": target.organization,
                      "findings": [f for f in findings if f.organization_id == target.organization_id]})
    return units


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
        finding.evidence_texts = _evidence_texts([finding]).get(finding.pk, [])
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
            from .workspace import InspectionWorkspaceView

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
