"""Reports and rule runs never hang: a task beats a heartbeat on its row; the
sweeper fails rows whose task is gone (retryable); a message redelivered after
a killed worker takes a lost row over, never a live one; a retry is refused
while the task is alive. A killed worker is simulated here by a heartbeat left
in the past (see test_killed_worker.py for a real SIGKILL)."""
import datetime

import pytest
from django.utils import timezone

from core.services import SYSTEM
from organizations.choices import Role
from reports.choices import ReportStatus
from reports.models import Report
from reports.services import report_generate
from reports.tasks import generate_report, sweep_stale_tasks
from rules.choices import RunStatus
from rules.models import RuleCheckRun
from rules.services import check_run_create

from .factories import ReportFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/reports/"


def ago(minutes):
    return timezone.now() - datetime.timedelta(minutes=minutes)


def killed_report(scope, minutes=11, **kwargs):
    """A report its worker was making when it was killed `minutes` ago (70 %, the build share)."""
    kwargs.setdefault("status", ReportStatus.RUNNING)
    return ReportFactory(scope=scope, progress=70, attempts=1, started_at=ago(minutes + 2),
                         heartbeat_at=ago(minutes), **kwargs)


def killed_run(scope, minutes=11, status=RunStatus.RUNNING):
    run = check_run_create(user=SYSTEM, scope=scope, period_start=datetime.date(2019, 1, 1),
                           period_end=datetime.date(2019, 12, 31), rule_codes=["CM-1"])
    RuleCheckRun.objects.filter(pk=run.pk).update(status=status, progress=40, heartbeat_at=ago(minutes))
    return RuleCheckRun.objects.get(pk=run.pk)


def test_the_sweeper_fails_lost_reports_and_rule_runs_with_a_reason_and_leaves_live_ones(tree, fast_kind):
    lost = killed_report(tree.q3)
    never_picked_up = killed_report(tree.cuchi, status=ReportStatus.QUEUED)
    alive = killed_report(tree.q3_ward, minutes=2)
    finished = killed_report(tree.city, status=ReportStatus.DONE)
    lost_run, alive_run = killed_run(tree.q3), killed_run(tree.cuchi, minutes=2)

    swept = sweep_stale_tasks.delay().get()  # what beat sends every 5 minutes

    assert swept == {"reports": sorted([lost.pk, never_picked_up.pk]), "rule_runs": [lost_run.pk],
                     "cadre_imports": []}
    lost.refresh_from_db()
    assert (lost.status, lost.can_retry) == ("failed", True)
    assert lost.error.startswith("Việc lập báo cáo bị gián đoạn: không nhận được tín hiệu hoạt động từ")
    assert "quá 10 phút" in lost.error and "Thử lại" in lost.error and lost.finished_at is not None
    never_picked_up.refresh_from_db()
    assert never_picked_up.status == "failed"
    assert "chờ quá 10 phút mà không được tiến trình xử lý nền nhận lập" in never_picked_up.error
    lost_run.refresh_from_db()
    assert (lost_run.status, lost_run.can_retry) == ("failed", True)
    assert lost_run.error.startswith("Lượt kiểm tra bị gián đoạn: không nhận được tín hiệu hoạt động từ")
    for row in (alive, finished, alive_run):
        status = row.status
        row.refresh_from_db()
        assert row.status == status and row.error == ""
    assert Report.history.filter(id=lost.pk, status="failed").exists()  # the audit trail says who failed it

    # idempotent
    assert sweep_stale_tasks.delay().get() == {"reports": [], "rule_runs": [], "cadre_imports": []}


def test_stale_task_minutes_comes_from_the_settings(tree, fast_kind, settings):
    settings.STALE_TASK_MINUTES = 30
    report, run = killed_report(tree.q3, minutes=20), killed_run(tree.q3, minutes=20)
    assert sweep_stale_tasks.delay().get() == {"reports": [], "rule_runs": [], "cadre_imports": []}
    settings.STALE_TASK_MINUTES = 15
    assert sweep_stale_tasks.delay().get() == {"reports": [report.pk], "rule_runs": [run.pk], "cadre_imports": []}
    report.refresh_from_db()
    assert "quá 15 phút" in report.error


def test_a_redelivered_task_takes_a_lost_report_over_and_completes(tree, fast_kind):
    report = killed_report(tree.q3)
    assert generate_report.delay(report.pk).get() == {"report": report.pk, "status": "done"}
    report.refresh_from_db()
    assert (report.status, report.progress, report.attempts, fast_kind.calls) == ("done", 100, 2, 1)
    assert report.files.count() == 2


def test_a_redelivered_task_leaves_a_live_report_alone(tree, fast_kind):
    report = killed_report(tree.q3, minutes=1)
    assert generate_report.delay(report.pk).get() == {"report": report.pk, "status": "skipped"}
    report.refresh_from_db()
    assert (report.status, report.attempts, fast_kind.calls) == ("running", 1, 0)


def test_claiming_and_every_progress_step_beat_the_heartbeat(tree, fast_kind):
    report = ReportFactory(scope=tree.q3, heartbeat_at=ago(60 * 24))
    seen = []
    original = type(fast_kind).__call__

    def watching(builder, rep, progress):
        seen.append(Report.objects.get(pk=rep.pk).heartbeat_at)  # just claimed
        progress(50)
        seen.append(Report.objects.get(pk=rep.pk).heartbeat_at)
        return original(builder, rep, progress)

    type(fast_kind).__call__ = watching
    try:
        before = timezone.now()
        report_generate(report_id=report.pk)
    finally:
        type(fast_kind).__call__ = original
    assert before <= seen[0] <= seen[1]
    report.refresh_from_db()
    assert report.heartbeat_at >= seen[1]


def test_a_report_swept_while_its_slow_task_still_ran_keeps_its_failure(tree, fast_kind):
    """The task comes back after the sweeper gave up on it: the user's view (failed, retry) stands."""
    report = ReportFactory(scope=tree.q3)
    original = type(fast_kind).__call__

    def swept_meanwhile(builder, rep, progress):
        Report.objects.filter(pk=rep.pk).update(heartbeat_at=ago(11))
        sweep_stale_tasks.delay().get()
        return original(builder, rep, progress)

    type(fast_kind).__call__ = swept_meanwhile
    try:
        result = report_generate(report_id=report.pk)
    finally:
        type(fast_kind).__call__ = original
    assert result.status == "failed" and "bị gián đoạn" in result.error
    assert not result.files.exists()


# --- retry: refused while the task is alive, allowed once it is failed or lost -----------------
@pytest.fixture
def q3_inspector(make_user, tree):
    return make_user(Role.INSPECTOR, [tree.q3])


def test_retry_of_a_report_still_running_is_refused_with_409(api, tree, q3_inspector, fast_kind):
    report = killed_report(tree.q3, minutes=1)
    response = api.as_user(q3_inspector).post(f"{URL}{report.pk}/retry/")
    assert response.status_code == 409
    error = response.json()["error"]
    assert error["code"] == "still_running" and error["fields"] == {}
    assert error["message"].startswith("Báo cáo đang được lập (tín hiệu hoạt động gần nhất lúc ")
    report.refresh_from_db()
    assert (report.status, report.attempts, fast_kind.calls) == ("running", 1, 0)


def test_retry_of_a_lost_report_requeues_it_and_the_worker_makes_it(
    api, tree, q3_inspector, fast_kind, django_capture_on_commit_callbacks
):
    report = killed_report(tree.q3)
    with django_capture_on_commit_callbacks(execute=True):
        response = api.as_user(q3_inspector).post(f"{URL}{report.pk}/retry/")
    assert response.status_code == 202
    body = response.json()
    assert (body["status"], body["progress"], body["error"]) == ("queued", 0, "")
    report.refresh_from_db()
    assert (report.status, report.attempts, report.version) == ("done", 2, 1)


def test_retry_of_a_report_failed_by_the_sweeper(api, tree, q3_inspector, fast_kind,
                                                 django_capture_on_commit_callbacks):
    report = killed_report(tree.q3)
    sweep_stale_tasks.delay().get()
    with django_capture_on_commit_callbacks(execute=True):
        assert api.as_user(q3_inspector).post(f"{URL}{report.pk}/retry/").status_code == 202
    report.refresh_from_db()
    assert (report.status, report.error) == ("done", "")
