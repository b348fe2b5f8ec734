from urllib.parse import urlencode

from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.core.exceptions import BadRequest
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from core.errors import ApplicationError
from core.inputs import page_year
from inspection.choices import FindingKind, InspectionStatus, RequirementStatus
from inspection.filters import RequirementFilterSet
from inspection.models import RemediationRequirement
from inspection.selectors import as_of_from

from .dashboard import dashboard_data

# The requirement cards: each is the requirement list's own query string, and its
# figure is that list's count, so that the card and the list cannot disagree.
REQUIREMENT_CARDS = (
    ("total", _("Yêu cầu khắc phục"), {}),
    ("overdue", _("Quá hạn"), {"overdue": "true"}),
    ("due_soon", _("Đến hạn trong 30 ngày"), {"due_within": "30"}),
    ("verified", _("Ban đã xác nhận hoàn thành"), {"status": RequirementStatus.VERIFIED}),
)


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

    def _card_counts(self, year, as_of):
        user, counts = self.request.user, {}
        for key, _label, params in REQUIREMENT_CARDS:
            data = QueryDict(mutable=True)
            data.update({**({"year": str(year)} if year else {}), **({"as_of": as_of.isoformat()} if as_of else {}),
                         **params})
            # Counted over the ids: a multiple-choice filter (status) makes the query DISTINCT, and
            # DISTINCT over every column of the city's requirements cost ~2.4× DISTINCT over the id.
            counts[key] = RequirementFilterSet(data, queryset=RemediationRequirement.objects.for_user(user),
                                               request=self.request).qs.values("pk").count()
        return counts

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        year, as_of = page_year(self.request), self._as_of()
        data = dashboard_data(user=self.request.user, year=year, as_of=as_of)
        context.update(data)
        context["past_day"] = as_of
        counts = self._card_counts(year, as_of)
        previous = self._card_counts(year - 1, as_of) if year else None
        cards = [{"key": key, "label": label, "count": counts[key],
                  "previous": previous[key] if previous else None,
                  "url": _link("inspection:requirement-list", year, as_of, **params)}
                 for key, label, params in REQUIREMENT_CARDS]
        totals = dict(data["requirement_totals"], **counts)
        totals["completion"] = round(100 * counts["verified"] / counts["total"], 1) if counts["total"] else None
        context["requirement_totals"] = totals
        context["cards"] = cards
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
