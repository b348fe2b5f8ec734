"""The leaders' dashboard: a handful of aggregate queries over the user's scope,
the same number whatever the number of rows."""
import datetime

from django.db.models import Count, Q
from django.utils import timezone

from inspection.choices import FindingKind, RequirementStatus
from inspection.models import Finding, Inspection, ProgramItem, RemediationRequirement
from inspection.selectors import recurring_limitations, with_plan_state
from rules.choices import Outcome, RunStatus
from rules.models import RuleCheckResult, RuleCheckRun


def dashboard_data(*, user, year=None, as_of=None):
    as_of = as_of or timezone.localdate()
    inspections = Inspection.objects.for_user(user)
    requirements = RemediationRequirement.objects.for_user(user)
    findings = Finding.objects.for_user(user)
    items = ProgramItem.objects.for_user(user)
    if year:
        inspections = inspections.filter(year=year)
        requirements = requirements.filter(conclusion__inspection__year=year)
        findings = findings.filter(inspection__year=year)
        items = items.filter(program__year=year)

    totals = requirements.aggregate(
        total=Count("pk"),
        verified=Count("pk", filter=Q(status=RequirementStatus.VERIFIED)),
        overdue=Count("pk", filter=Q(is_overdue=True)),
        due_soon=Count("pk", filter=Q(is_overdue=False, deadline__lte=as_of + datetime.timedelta(days=30))
                       & ~Q(status=RequirementStatus.VERIFIED)),
    )
    totals["completion"] = round(100 * totals["verified"] / totals["total"], 1) if totals["total"] else None

    latest_run = (
        RuleCheckRun.objects.for_user(user).filter(status=RunStatus.DONE)
        .filter(period_end__year=year) if year else RuleCheckRun.objects.for_user(user).filter(status=RunStatus.DONE)
    ).order_by("-finished_at", "-pk").first()
    breaches = []
    if latest_run:
        # Breaches ([R] rules) and warnings ([S], [M] rules) are counted apart.
        breaches = list(
            RuleCheckResult.objects.for_user(user)
            .filter(run=latest_run, outcome__in=(Outcome.BREACH, Outcome.WARNING)).values("rule_code")
            .annotate(organizations=Count("organization", distinct=True, filter=Q(outcome=Outcome.BREACH)),
                      warnings=Count("organization", distinct=True, filter=Q(outcome=Outcome.WARNING)))
            .order_by("rule_code")
        )

    return {
        "year": year,
        "as_of": as_of,
        "inspections_by_status": list(inspections.values("status").annotate(n=Count("pk")).order_by("status")),
        "requirement_totals": totals,
        "requirements_by_status": list(requirements.values("status").annotate(n=Count("pk")).order_by("status")),
        "overdue_by_organization": list(
            requirements.filter(is_overdue=True)
            .values("responsible_organization__id", "responsible_organization__name")
            .annotate(n=Count("pk")).order_by("-n", "responsible_organization__name")[:10]
        ),
        "findings_by_topic": list(
            findings.values("topic__code", "topic__name")
            .annotate(strengths=Count("pk", filter=Q(kind=FindingKind.STRENGTH)),
                      limitations=Count("pk", filter=Q(kind=FindingKind.LIMITATION)))
            .order_by("topic__code")
        ),
        "recurring": list(recurring_limitations(user=user, years=[year] if year else None)[:10]),
        "late_items": list(
            with_plan_state(items, as_of).filter(behind_plan=True)
            .select_related("topic", "program", "responsible").order_by("planned_end")[:10]
        ),
        "rule_run": latest_run,
        "rule_breaches": breaches,
    }
