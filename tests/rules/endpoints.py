"""The rule-check endpoints, declared once (tests/api_spec.py); runs, retries
and the breach-to-finding action are tested in tests/rules/test_api.py."""
from core.services import SYSTEM
from rules.choices import Outcome
from rules.models import RuleCheckResult
from rules.services import check_run_create
from tests.api_spec import Endpoint

from .helpers import Y2018


def _run(w, org):
    return check_run_create(user=SYSTEM, scope=org, period_start=Y2018[0], period_end=Y2018[1])


def _result(w, org):
    return RuleCheckResult.objects.create(run=_run(w, org), rule_code="QR-1", severity="medium", organization=org,
                                          outcome=Outcome.BREACH)


ENDPOINTS = [
    Endpoint("rules", scoped=False, paginated=False),
    # A run just queued: its task is on the way, so «retry» (rules/workflow.py) answers 409 still_running.
    Endpoint("rule-runs", make=_run, actions={"retry": (None, 409)}),
    Endpoint("rule-results", make=_result),
]
