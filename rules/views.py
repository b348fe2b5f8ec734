"""Staff pages: a run's results grouped by topic; a breach recorded as a
limitation of the run's inspection (the same service as the API and admin)."""
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, TemplateView

from core.errors import ApplicationError
from core.workflow import transition

from . import selectors, services
from .choices import FLAGGED_OUTCOMES
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
