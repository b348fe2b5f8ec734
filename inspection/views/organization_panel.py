"""The organization page's inspection panel: its (subtree's) inspections,
findings, open and overdue requirements, each figure a link to its list."""
from urllib.parse import urlencode

from django.db.models import Count, Q
from django.urls import reverse

from ..choices import REQUIREMENT_PENDING, FindingKind, RequirementStatus
from ..models import Finding, Inspection, RemediationRequirement

LATEST = 5


def _url(name, **params):
    return reverse(name) + "?" + urlencode(params, doseq=True)


def inspection_panel(*, user, organization):
    within = organization.pk
    inspections = Inspection.objects.for_user(user).within(organization)
    findings = Finding.objects.for_user(user).within(organization).aggregate(
        strengths=Count("pk", filter=Q(kind=FindingKind.STRENGTH)),
        limitations=Count("pk", filter=Q(kind=FindingKind.LIMITATION)))
    open_statuses = [*REQUIREMENT_PENDING, RequirementStatus.REPORTED_DONE]
    requirements = RemediationRequirement.objects.for_user(user).within(organization).aggregate(
        open=Count("pk", filter=Q(status__in=open_statuses)), overdue=Count("pk", filter=Q(is_overdue=True)))
    return {
        "template": "inspection/_organization_panel.html",
        "inspections": list(inspections.order_by("-year", "code")[:LATEST]),
        "inspection_count": inspections.count(),
        "inspections_url": _url("inspection:inspection-list", within=within),
        "findings": findings,
        "strengths_url": _url("inspection:finding-list", within=within, kind=FindingKind.STRENGTH),
        "limitations_url": _url("inspection:finding-list", within=within, kind=FindingKind.LIMITATION),
        "requirements": requirements,
        "open_url": _url("inspection:requirement-list", within=within, status=open_statuses),
        "overdue_url": _url("inspection:requirement-list", within=within, overdue="true"),
    }
