import pytest

from reports.rules.base import REGISTRY, Context
from reports.rules.models import RuleSetting
from reports.rules.services import rule_settings_ensure

from .helpers import Y2019, run_rules


@pytest.fixture
def check():
    """check(code, scope, period, **thresholds) → {organization code: result} of one rule run
    through the engine (thresholds override the rule's setting)."""

    def run(code, scope, period=Y2019, **thresholds):
        if thresholds:
            rule_settings_ensure()
            RuleSetting.objects.filter(rule_code=code).update(thresholds={**REGISTRY[code].defaults, **thresholds})
        finished = run_rules(scope, period, [code])
        assert finished.status == "done", finished.error
        return {r.organization.code: r for r in finished.results.select_related("organization")}

    return run


@pytest.fixture
def evaluate():
    """evaluate(code, organization, period) → Result, one organization without a scope (the per-organization path)."""

    def run(code, organization, period=Y2019):
        rule = REGISTRY[code]
        ctx = Context(period_start=period[0], period_end=period[1], thresholds=dict(rule.defaults))
        return rule.evaluate(organization, ctx)

    return run
