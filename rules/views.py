"""Staff pages: a run's results grouped by topic; a breach recorded as a
limitation of the run's inspection (the same service as the API and admin)."""
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, TemplateView

from core.errors import ApplicationError
from core.workflow import transition
from inspection.models import Inspection
from inspection.models.findings import FINDINGS_OPEN_STATUSES

from . import selectors, services
from .choices import FLAGGED_OUTCOMES, RunStatus
from .workflow import RUN_PERM


class RuleListView(LoginRequiredMixin, PermissionRequiredMixin, TemplateView):
    """The rules the system checks: each one's regulation, validity, basis
    confidence and what it reports when it trips (Vi phạm or Cần xem xét)."""

    permission_required = "rules.view_rulecheckrun"
    template_name = "rules/rule_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["rules"] = selectors.rule_rows()
        return context


class RunDetailView(LoginRequiredMixin, PermissionRequiredMixin, DetailView):
    permission_required = "rules.view_rulecheckrun"
    template_name = "rules/run_detail.html"
    context_object_name = "run"

    def get_queryset(self):
        return selectors.run_list(user=self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["groups"] = selectors.results_by_topic(user=self.request.user, run=self.object)
        context["flagged"] = [str(outcome) for outcome in FLAGGED_OUTCOMES]
        context["can_record"] = bool(self.object.inspection_id) and self.request.user.has_perm(
            services.ADD_FINDING_PERM)
        context["can_retry"] = self.object.can_retry and self.request.user.has_perm(RUN_PERM)
        return context


class RunRetryView(LoginRequiredMixin, PermissionRequiredMixin, View):
    """«Thử lại» on a failed run or one whose worker is gone: the API's service
    (a live task is refused with its message)."""

    permission_required = RUN_PERM

    def post(self, request, pk):
        run = get_object_or_404(selectors.run_list(user=request.user), pk=pk)
        try:
            transition(run, "retry", user=request.user)
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Đã đưa lượt kiểm tra vào hàng chờ để chạy lại."))
        return redirect("rules:run-detail", pk=run.pk)


class ResultToFindingView(LoginRequiredMixin, PermissionRequiredMixin, View):
    permission_required = services.ADD_FINDING_PERM

    def post(self, request, pk):
        result = get_object_or_404(selectors.result_list(user=request.user), pk=pk)
        try:
            finding = services.result_to_finding(user=request.user, result=result)
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Đã ghi hạn chế #%(id)s (dự thảo) vào cuộc kiểm tra %(code)s.")
                             % {"id": finding.pk, "code": finding.inspection.code})
        return redirect("rules:run-detail", pk=result.run_id)


def _workspace(inspection_id):
    return reverse("inspection:inspection-detail", args=[inspection_id]) + "#tab-rules"


class InspectionRulesTabView(LoginRequiredMixin, PermissionRequiredMixin, TemplateView):
    """The workspace's rule-check tab (an HTMX partial): the latest run on the
    inspection's targets and period, its results by topic, «Tạo hạn chế» per breach."""

    permission_required = "rules.view_rulecheckrun"
    template_name = "rules/_inspection_rules.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        inspection = get_object_or_404(Inspection.objects.for_user(user), pk=kwargs["pk"])
        run = selectors.inspection_latest_run(user=user, inspection=inspection)
        context.update({
            "inspection": inspection, "run": run, "flagged": [str(outcome) for outcome in FLAGGED_OUTCOMES],
            "groups": selectors.results_by_topic(user=user, run=run) if run else [],
            "can_record": user.has_perm(services.ADD_FINDING_PERM) and inspection.status in FINDINGS_OPEN_STATUSES,
            "can_run": user.has_perm(RUN_PERM) and (run is None or run.status in (RunStatus.DONE, RunStatus.FAILED)),
        })
        return context


class InspectionRunCreateView(LoginRequiredMixin, PermissionRequiredMixin, View):
    """«Kiểm tra theo quy định» from the workspace: a run on the inspection's targets and period (the API's service)."""

    permission_required = RUN_PERM

    def post(self, request, pk):
        inspection = get_object_or_404(Inspection.objects.for_user(request.user), pk=pk)
        try:
            run = services.check_run_create_for_inspection(user=request.user, inspection=inspection)
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            services.check_run_enqueue(run)
            messages.success(request, _("Đã đưa lượt kiểm tra theo quy định vào hàng chờ; kết quả hiện ở thẻ này khi "
                                        "chạy xong."))
        return redirect(_workspace(inspection.pk))


class ResultToLimitationView(LoginRequiredMixin, PermissionRequiredMixin, View):
    """«Tạo hạn chế» in the workspace: a limitation linked to the breach and citing its evidence."""

    permission_required = services.ADD_FINDING_PERM

    def post(self, request, pk):
        result = get_object_or_404(selectors.result_list(user=request.user).filter(run__inspection__isnull=False),
                                   pk=pk)
        try:
            finding = services.result_to_limitation(user=request.user, result=result)
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Đã ghi hạn chế #%(id)s (dự thảo) với %(n)s chứng cứ.")
                             % {"id": finding.pk, "n": finding.evidence.count()})
        return redirect(_workspace(result.run.inspection_id))
