from urllib.parse import urlencode

from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.core.exceptions import BadRequest
from django.urls import reverse
from django.utils import timezone
from django.views.generic import TemplateView

from core.errors import ApplicationError
from core.inputs import page_year
from inspection.choices import FindingKind, InspectionStatus, RequirementStatus
from inspection.selectors import as_of_from

from .dashboard import REQUIREMENT_CARDS, dashboard_data, requirement_counts


def _link(name, year, as_of=None, **params):
    query = {**({"year": year} if year else {}), **({"as_of": as_of.isoformat()} if as_of else {}), **params}
    return reverse(name) + ("?" + urlencode(query, doseq=True) if query else "")


class DashboardView(LoginRequiredMixin, PermissionRequiredMixin, TemplateView):
    """What a committee leader reads: inspections, remediation, recurring
    limitations, late program items and rule breaches, all within scope. Every
    figure links to the list behind it (the list's own filters)."""

    permission_required = "inspection.view_inspection"
    template_name = "reports/dashboard.html"

    def _as_of(self):
        """`?as_of=` a past day (dd/mm/yyyy or ISO): the figures of that day; invalid is a 400, never today."""
        try:
            day = as_of_from(self.request.GET)
        except ApplicationError as exc:
            raise BadRequest(exc.message) from exc
        return None if day == timezone.localdate() else day

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        year, as_of = page_year(self.request), self._as_of()
        data = dashboard_data(user=self.request.user, year=year, as_of=as_of)
        context.update(data)
        context["past_day"] = as_of
        counts = data["requirement_totals"]
        previous = requirement_counts(user=self.request.user, year=year - 1, as_of=as_of) if year else None
        context["cards"] = [{"key": key, "label": label, "count": counts[key],
                             "previous": previous[key] if previous else None,
                             "url": _link("inspection:requirement-list", year, as_of, **params)}
                            for key, label, params in REQUIREMENT_CARDS]
        context["years"] = range(timezone.localdate().year, 2017, -1)
        self._add_links(context, year, as_of)
        context["drill"] = self._drill(context)
        return context

    def _add_links(self, context, year, as_of):
        status_labels = dict(InspectionStatus.choices)
        requirement_labels = dict(RequirementStatus.choices)
        for row in context["inspections_by_status"]:
            row["label"] = status_labels[row["status"]]
            row["url"] = _link("inspection:inspection-list", year, as_of, status=row["status"])
        for row in context["requirements_by_status"]:
            row["label"] = requirement_labels[row["status"]]
            row["url"] = _link("inspection:requirement-list", year, as_of, status=row["status"])
        for row in context["findings_by_topic"]:
            row["strengths_url"] = _link("inspection:finding-list", year, as_of, topic=row["topic__code"],
                                         kind=FindingKind.STRENGTH)
            row["limitations_url"] = _link("inspection:finding-list", year, as_of, topic=row["topic__code"],
                                           kind=FindingKind.LIMITATION)
        for row in context["overdue_by_organization"]:
            row["url"] = _link("inspection:requirement-list", year, as_of, overdue="true",
                               responsible_organization=row["responsible_organization__id"])
        for row in context["recurring"]:
            row["url"] = _link("inspection:finding-list", year, as_of, kind=FindingKind.LIMITATION,
                               topic=row["topic__code"], tag=row["tags__slug"])
        context["late_items_url"] = _link("inspection:program-list", year, as_of, behind_plan="true")
        context["chart"] = {
            "inspections": {"labels": [str(r["label"]) for r in context["inspections_by_status"]],
                            "values": [r["n"] for r in context["inspections_by_status"]],
                            "urls": [r["url"] for r in context["inspections_by_status"]]},
            "requirements": {"labels": [str(r["label"]) for r in context["requirements_by_status"]],
                             "values": [r["n"] for r in context["requirements_by_status"]],
                             "urls": [r["url"] for r in context["requirements_by_status"]]},
            "topics": {"labels": [r["topic__name"] for r in context["findings_by_topic"]],
                       "strengths": [r["strengths"] for r in context["findings_by_topic"]],
                       "limitations": [r["limitations"] for r in context["findings_by_topic"]],
                       "strengths_urls": [r["strengths_url"] for r in context["findings_by_topic"]],
                       "limitations_urls": [r["limitations_url"] for r in context["findings_by_topic"]]},
        }

    @staticmethod
    def _drill(context):
        """Every (figure, link) pair on the page, for the count-equality test."""
        pairs = [(c["count"], c["url"]) for c in context["cards"]]
        pairs += [(r["n"], r["url"]) for r in context["inspections_by_status"]]
        pairs += [(r["n"], r["url"]) for r in context["requirements_by_status"]]
        pairs += [(r["strengths"], r["strengths_url"]) for r in context["findings_by_topic"]]
        pairs += [(r["limitations"], r["limitations_url"]) for r in context["findings_by_topic"]]
        pairs += [(r["n"], r["url"]) for r in context["overdue_by_organization"]]
        pairs += [(r["findings"], r["url"]) for r in context["recurring"]]
        return pairs
