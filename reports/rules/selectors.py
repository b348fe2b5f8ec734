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
