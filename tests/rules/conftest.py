import pytest

from inspection.choices import InspectionStatus
from rules.base import REGISTRY, Context
from rules.models import RuleSetting
from rules.services import rule_settings_ensure
from tests.inspection.factories import walk
from tests.organizations.factories import CellMeetingFactory

from .helpers import Y2019, D, run_rules


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


@pytest.fixture
def board(make_user, tree):
    """A Board inspector answering for the whole city."""
    return make_user(organizations=[tree.city])


@pytest.fixture
def joint(tree, board):
    """An inspection of Quận 3 and Củ Chi on cell meetings in 2018, in progress.
    Quận 3's cell met in January only; Củ Chi's cell recorded nothing."""
    CellMeetingFactory(cell=tree.q3_cell, date=D(2018, 1, 5))
    return walk(tree, board, targets=[tree.q3, tree.cuchi], status=InspectionStatus.IN_PROGRESS,
                topics=("cell_meetings",)).inspection
