from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.utils import timezone
from django.views.generic import TemplateView

from core.inputs import page_year
from inspection.choices import InspectionStatus, RequirementStatus

from .dashboard import dashboard_data


class DashboardView(LoginRequiredMixin, PermissionRequiredMixin, TemplateView):
    """What a committee leader reads: inspections, remediation, recurring
    limitations, late program items and rule breaches, all within scope."""

    permission_required = "inspection.view_inspection"
    template_name = "reports/dashboard.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        data = dashboard_data(user=self.request.user, year=page_year(self.request))
        status_labels = dict(InspectionStatus.choices)
        requirement_labels = dict(RequirementStatus.choices)
        context.update(data)
        context["years"] = range(timezone.localdate().year, 2017, -1)
        context["chart"] = {
            "inspections": {"labels": [str(status_labels[r["status"]]) for r in data["inspections_by_status"]],
                            "values": [r["n"] for r in data["inspections_by_status"]]},
            "requirements": {"labels": [str(requirement_labels[r["status"]]) for r in data["requirements_by_status"]],
                             "values": [r["n"] for r in data["requirements_by_status"]]},
            "topics": {"labels": [r["topic__name"] for r in data["findings_by_topic"]],
                       "strengths": [r["strengths"] for r in data["findings_by_topic"]],
                       "limitations": [r["limitations"] for r in data["findings_by_topic"]]},
        }
        return context
