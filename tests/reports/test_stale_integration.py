"""The sweeper, a redelivered message and a rule run on a real worker and the
configured broker (see tests/integration_helpers.py). The killed worker is
simulated by heartbeats left in the past; test_killed_worker.py kills one."""
import datetime
from collections import Counter

import pytest
from django.utils import timezone

from core.services import SYSTEM
from organizations.choices import Role
from reports.choices import ReportStatus
from reports.tasks import generate_report, sweep_stale_tasks
from rules.choices import RunStatus
from rules.models import RuleCheckRun
from rules.services import check_run_create
from tests.integration_helpers import worker_until

from .factories import ReportFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

SWEEP = "reports.tasks.sweep_stale_tasks"
GENERATE = "reports.tasks.generate_report"
NOTIFY = "reports.tasks.notify_report_ready"
EXECUTE = "reports.rules.tasks.execute_check_run"
LOST = timezone.now() - datetime.timedelta(minutes=11)


def test_the_beat_sweep_run_by_a_worker_fails_the_lost_report_and_rule_run(tree, fast_kind, broker):
    report = ReportFactory(scope=tree.q3, status=ReportStatus.RUNNING, progress=70, attempts=1, heartbeat_at=LOST)
    run = check_run_create(user=SYSTEM, scope=tree.q3, period_start=datetime.date(2019, 1, 1),
                           period_end=datetime.date(2019, 12, 31), rule_codes=["CM-1"])
    RuleCheckRun.objects.filter(pk=run.pk).update(status=RunStatus.RUNNING, heartbeat_at=LOST)
    swept = sweep_stale_tasks.delay()
    with worker_until(Counter({SWEEP: 1})):
        pass
    assert swept.get(timeout=5) == {"reports": [report.pk], "rule_runs": [run.pk], "cadre_imports": []}
    report.refresh_from_db()
    run.refresh_from_db()
    assert (report.status, run.status) == ("failed", "failed")
    assert report.can_retry and run.can_retry and "bị gián đoạn" in report.error and "bị gián đoạn" in run.error


def test_a_redelivered_message_for_a_lost_report_is_taken_over_by_the_worker(tree, fast_kind, broker):
    report = ReportFactory(scope=tree.q3, status=ReportStatus.RUNNING, progress=70, attempts=1, heartbeat_at=LOST)
    generate_report.delay(report.pk)  # what the broker hands out again after the worker was killed
    with worker_until(Counter({GENERATE: 1, NOTIFY: 1})):
        pass
    report.refresh_from_db()
    assert (report.status, report.progress, report.attempts) == ("done", 100, 2)


def test_a_rule_run_posted_to_the_api_is_executed_by_the_worker(api, tree, make_user, broker):
    user = make_user(Role.INSPECTOR, [tree.city])
    client = api.as_user(user)
    response = client.post("/api/v1/rule-runs/", {"scope": tree.q3.pk, "period_start": "2019-01-01",
                                                  "period_end": "2019-12-31", "rule_codes": ["CM-1"]}, format="json")
    assert response.status_code == 202 and response.json()["status"] == "queued"
    with worker_until(Counter({EXECUTE: 1})):
        pass
    body = client.get(f"/api/v1/rule-runs/{response.json()['id']}/").json()
    assert (body["status"], body["progress"], body["error"]) == ("done", 100, "")
