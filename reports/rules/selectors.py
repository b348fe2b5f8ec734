from django.db.models import Count, Q

from .base import REGISTRY
from .choices import Outcome
from .models import RuleCheckResult, RuleCheckRun, RuleSetting
from .services import rule_settings_ensure


def rule_catalogue():
    """Every registered rule with its current settings, for the API and the admin."""
    rule_settings_ensure()
    settings_by_code = {s.rule_code: s for s in RuleSetting.objects.all()}
    return [(rule, settings_by_code[code]) for code, rule in sorted(REGISTRY.items())]


def run_list(*, user):
    return (
        RuleCheckRun.objects.for_user(user)
        .select_related("scope", "created_by")
        .annotate(breaches=Count("results", filter=Q(results__outcome=Outcome.BREACH)))
    )


def result_list(*, user):
    return RuleCheckResult.objects.for_user(user).select_related("organization", "run")


def breaches_by_rule(*, user, run):
    """Counts of breaching organizations per rule in one run, within the user's scope."""
    return list(
        result_list(user=user).filter(run=run, outcome=Outcome.BREACH)
        .values("rule_code").annotate(organizations=Count("organization", distinct=True)).order_by("rule_code")
    )


def breach_matrix(*, user, run):
    """Organizations × rules of one run, within the user's scope, in one query:
    {"rules": [codes], "organizations": [{"id", "code", "name", "outcomes":
    {code: outcome}, "breaches": n}], "totals": {code: {outcome: count}}}.
    Organizations in tree order; those breaching no rule are included.
    user=None is for internal callers (tasks, reports): unscoped."""
    results = RuleCheckResult.objects.all() if user is None else RuleCheckResult.objects.for_user(user)
    rows = (
        results.filter(run=run)
        .values_list("organization_id", "organization__code", "organization__name", "rule_code", "outcome")
        .order_by("organization__path", "rule_code")
    )
    organizations, totals = {}, {code: {} for code in run.rule_codes}
    for organization_id, code, name, rule_code, outcome in rows:
        row = organizations.setdefault(
            organization_id, {"id": organization_id, "code": code, "name": name, "outcomes": {}, "breaches": 0}
        )
        row["outcomes"][rule_code] = outcome
        row["breaches"] += outcome == Outcome.BREACH
        counts = totals.setdefault(rule_code, {})
        counts[outcome] = counts.get(outcome, 0) + 1
    return {"rules": list(run.rule_codes), "organizations": list(organizations.values()), "totals": totals}
