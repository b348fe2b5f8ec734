"""A real worker killed with SIGKILL while it makes a report
(tests/reports/killable_worker.py, its own process).

- The pool process killed: Celery redelivers the message (acks_late,
  reject_on_worker_lost); once the heartbeat is stale the new pool process
  takes the report over and finishes it, instead of logging "skipped".
- The whole worker killed: the message is not redelivered; the sweeper fails
  the report with the reason; «retry» queues it and a new worker makes it.

The worker process must share the test database, so these tests need
PostgreSQL (the SQLite test database lives in the test process's memory).
STALE_TASK_MINUTES is 0.05 (3 s) on both sides to keep them short."""
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.db import connection

from core.services import SYSTEM
from organizations.choices import Role
from reports import kinds
from reports.choices import PeriodType
from reports.models import Report
from reports.periods import parse_period
from reports.services import report_request
from reports.tasks import sweep_stale_tasks

pytestmark = [
    pytest.mark.integration, pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql",
                       reason="the killed worker runs in another process and needs a shared (PostgreSQL) database"),
]
STALE_MINUTES = 0.05
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def slow_kind():
    """The kind the worker process knows; here it only has to exist for the request."""
    kinds.register("test_slow", "Báo cáo chậm (thử)", lambda report, progress: None, ("xlsx",),
                   period_type=PeriodType.YEAR)
    yield
    kinds.unregister("test_slow")


@pytest.fixture
def start_worker(tmp_path, settings, broker):
    settings.STALE_TASK_MINUTES = STALE_MINUTES
    db = connection.settings_dict
    env = {
        **os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test", "STALE_TASK_MINUTES": str(STALE_MINUTES),
        "DATABASE_URL": f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST'] or '127.0.0.1'}:"
                        f"{db['PORT'] or 5432}/{db['NAME']}",
        "CELERY_BROKER_URL": django_settings.CELERY_BROKER_URL,
        "KILLABLE_PID_FILE": str(tmp_path / "builder.pid"),
    }
    if django_settings.CELERY_BROKER_URL.startswith("filesystem"):
        env["KILLABLE_BROKER_OPTIONS"] = json.dumps(django_settings.CELERY_BROKER_TRANSPORT_OPTIONS)
    started = []

    def start():
        process = subprocess.Popen([sys.executable, "-m", "tests.reports.killable_worker"], cwd=ROOT, env=env,
                                   start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        started.append(process)
        return process

    start.pid_file = tmp_path / "builder.pid"
    yield start
    for process in started:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=30)


def wait_for(condition, timeout=90.0, what=""):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.25)
    raise AssertionError(f"timed out waiting for {what}")


def building(report, pid_file):
    """The worker claimed the report, reported 10 % of the build (7 %) and hangs."""
    wait_for(lambda: pid_file.exists() and pid_file.read_text().strip(), what="the builder to start")
    wait_for(lambda: Report.objects.get(pk=report.pk).progress == 7, what="the first progress step")
    time.sleep(STALE_MINUTES * 60 + 1)  # then no heartbeat for longer than STALE_TASK_MINUTES
    return int(pid_file.read_text())


def test_a_killed_pool_process_is_replaced_and_the_redelivered_task_takes_the_report_over(
    tree, slow_kind, start_worker
):
    worker = start_worker()
    report, _created = report_request(user=SYSTEM, kind="test_slow", scope=tree.q3, period=parse_period("2019"))
    child = building(report, start_worker.pid_file)
    assert child != worker.pid
    os.kill(child, signal.SIGKILL)
    wait_for(lambda: Report.objects.get(pk=report.pk).status == "done", what="the redelivered task")
    report.refresh_from_db()
    assert (report.status, report.progress, report.attempts, report.error) == ("done", 100, 2, "")
    assert list(report.files.values_list("format", flat=True)) == ["xlsx"]


def test_a_killed_worker_is_swept_failed_and_the_retry_makes_the_report(
    api, tree, make_user, slow_kind, start_worker
):
    worker = start_worker()
    report, _created = report_request(user=SYSTEM, kind="test_slow", scope=tree.q3, period=parse_period("2019"))
    building(report, start_worker.pid_file)
    os.killpg(worker.pid, signal.SIGKILL)  # the whole worker: main process and pool
    worker.wait(timeout=30)
    report.refresh_from_db()
    assert (report.status, report.progress) == ("running", 7)  # what testers saw: "running" for good

    # beat's next sweep
    assert sweep_stale_tasks.apply().get() == {"reports": [report.pk], "rule_runs": [], "cadre_imports": []}
    report.refresh_from_db()
    assert report.status == "failed" and report.error.startswith("Việc lập báo cáo bị gián đoạn") and report.can_retry

    user = make_user(Role.INSPECTOR, [tree.q3])
    assert api.as_user(user).post(f"/api/v1/reports/{report.pk}/retry/").status_code == 202
    start_worker()
    wait_for(lambda: Report.objects.get(pk=report.pk).status == "done", what="the retried report")
    report.refresh_from_db()
    assert (report.status, report.attempts, report.error) == ("done", 2, "")
