"""Every rule re-run over the seed's units and periods agrees with what
Conclusion Notice 3150-TB/TU says of them (rules/seed_expectations.py)."""
import pytest

from cadres import demo as cadres_demo
from inspection import demo as inspection_demo
from organizations import demo as organizations_demo
from organizations.models import Organization
from rules.seed_expectations import EXPECTATIONS

from .helpers import run_rules

pytestmark = pytest.mark.django_db


def test_every_rule_over_the_seed_agrees_with_the_seed():
    organizations_demo.load()
    cadres_demo.load()
    inspection_demo.load()
    city = Organization.objects.get(code="tu-hcm")
    periods = sorted({period for _code, period, _rule in EXPECTATIONS})
    outcomes = {}
    for period in periods:
        run = run_rules(city, period)  # every rule with a version in force during the period
        assert run.status == "done", run.error
        for code, rule, outcome in run.results.values_list("organization__code", "rule_code", "outcome"):
            outcomes[(code, period, rule)] = outcome
    differences = {key: (expected, outcomes.get(key)) for key, expected in EXPECTATIONS.items()
                   if outcomes.get(key) != expected}
    assert differences == {}
    assert len(EXPECTATIONS) >= 50
