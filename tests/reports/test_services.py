import io

import pytest
from django.db import OperationalError
from openpyxl import load_workbook

from core.errors import ApplicationError
from core.services import SYSTEM
from core.workflow import transition
from organizations.choices import Role
from reports.choices import ReportStatus
from reports.models import Report, ReportFile
from reports.periods import parse_period
from reports.services import report_generate, report_regenerate, report_request

from .factories import ReportFactory

pytestmark = pytest.mark.django_db

Y2019 = parse_period("2019")


def request(tree, **kwargs):
    kwargs.setdefault("kind", "test_fast")
    kwargs.setdefault("scope", tree.q3)
    kwargs.setdefault("period", Y2019)
    kwargs.setdefault("user", SYSTEM)
    return report_request(**kwargs)


def test_request_creates_a_queued_report_and_queues_it_after_commit(
    tree, fast_kind, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        report, created = request(tree)
    assert created and len(callbacks) == 1
    assert (report.status, report.version, report.period_start.isoformat(), report.period_end.isoformat()) == (
        "queued", 1, "2019-01-01", "2019-12-31"
    )
    assert report.history.count() == 1


def test_same_request_returns_the_existing_report(tree, fast_kind, django_capture_on_commit_callbacks):
    first, _ = request(tree)
    with django_capture_on_commit_callbacks() as callbacks:
        again, created = request(tree)
    assert (again.pk, created, callbacks) == (first.pk, False, [])
    assert Report.objects.count() == 1


def test_regenerate_adds_a_version_and_keeps_the_old(tree, fast_kind):
    first, _ = request(tree)
    report_generate(report_id=first.pk)
    second = report_regenerate(user=SYSTEM, report=first)
    assert (second.version, second.status) == (2, "queued")
    first.refresh_from_db()
    assert first.status == "done" and first.files.count() == 2
    assert request(tree)[0].pk == second.pk  # the latest version answers


def test_regenerate_refused_while_the_latest_is_still_being_made(tree, fast_kind):
    report, _ = request(tree)
    with pytest.raises(ApplicationError) as err:
        request(tree, regenerate=True)
    assert err.value.code == "report_active" and err.value.status == 409


def test_request_refuses_a_scope_outside_the_users(tree, fast_kind, make_user):
    user = make_user(Role.INSPECTOR, [tree.q3])
    with pytest.raises(ApplicationError) as err:
        request(tree, scope=tree.cuchi, user=user)
    assert err.value.code == "out_of_scope"
    assert not Report.objects.exists()


def test_unknown_kind_is_refused_with_a_message(tree):
    with pytest.raises(ApplicationError) as err:
        request(tree, kind="no_such_kind")
    assert err.value.code == "unknown_kind" and "no_such_kind" in str(err.value.message)


def test_generate_writes_files_with_size_and_hash_and_reports_progress(tree, fast_kind, monkeypatch):
    report, _ = request(tree)
    seen = []
    from reports import services

    original = services.report_set_progress
    monkeypatch.setattr(services, "report_set_progress", lambda **kw: (seen.append(kw["percent"]), original(**kw)))
    done = report_generate(report_id=report.pk)
    assert (done.status, done.progress, done.attempts, done.error) == ("done", 100, 1, "")
    assert done.started_at <= done.finished_at
    assert seen == sorted(seen) and seen[0] < 70 <= seen[-1]
    files = {f.format: f for f in done.files.all()}
    assert set(files) == {"docx", "xlsx"}
    xlsx = files["xlsx"]
    content = xlsx.file.read()
    assert xlsx.size == len(content) and len(xlsx.sha256) == 64
    sheet = load_workbook(io.BytesIO(content))["Dữ liệu"]
    assert [c.value for c in sheet[4]] == [2, "Dòng 2"]
    assert list(done.history.order_by("history_id").values_list("status", flat=True)) == ["queued", "running", "done"]


def test_generate_twice_does_nothing_the_second_time(tree, fast_kind):
    report, _ = request(tree)
    report_generate(report_id=report.pk)
    assert report_generate(report_id=report.pk) is None
    assert fast_kind.calls == 1
    assert ReportFile.objects.filter(report=report).count() == 2


def test_a_running_report_is_not_taken_by_a_second_worker(tree, fast_kind):
    from django.utils import timezone

    report = ReportFactory(scope=tree.q3, status=ReportStatus.RUNNING, started_at=timezone.now())
    assert report_generate(report_id=report.pk) is None
    assert fast_kind.calls == 0


def test_a_stale_run_is_taken_over(tree, fast_kind):
    import datetime

    from django.utils import timezone

    lost = timezone.now() - datetime.timedelta(minutes=11)  # STALE_TASK_MINUTES is 10
    report = ReportFactory(scope=tree.q3, status=ReportStatus.RUNNING, started_at=lost, heartbeat_at=lost,
                           progress=70, attempts=1)
    taken = report_generate(report_id=report.pk)
    assert (taken.status, taken.attempts, fast_kind.calls) == ("done", 2, 1)


def test_builder_error_fails_the_report_with_a_readable_error_then_retry_succeeds(
    tree, fast_kind, django_capture_on_commit_callbacks
):
    report, _ = request(tree)
    fast_kind.fail_with = ValueError("thiếu dữ liệu kỳ 2019")
    failed = report_generate(report_id=report.pk)
    assert failed.status == "failed" and failed.error == "ValueError: thiếu dữ liệu kỳ 2019"
    assert not failed.files.exists()
    assert report_generate(report_id=report.pk) is None  # a failed report waits for an explicit retry
    fast_kind.fail_with = None
    with django_capture_on_commit_callbacks(execute=True):
        retried = transition(failed, "retry", user=SYSTEM)
    assert (retried.version, retried.error) == (1, "")
    retried.refresh_from_db()
    assert (retried.status, retried.attempts) == ("done", 2)


def test_application_error_message_is_shown_as_is(tree, fast_kind):
    report, _ = request(tree)
    fast_kind.fail_with = ApplicationError("Chưa có kết luận kiểm tra trong kỳ.")
    assert report_generate(report_id=report.pk).error == "Chưa có kết luận kiểm tra trong kỳ."


def test_transient_error_puts_the_report_back_in_the_queue_for_the_tasks_retry(tree, fast_kind):
    report, _ = request(tree)
    fast_kind.fail_with = OperationalError("server closed the connection")
    with pytest.raises(OperationalError):
        report_generate(report_id=report.pk, transient_errors=(OperationalError,))
    report.refresh_from_db()
    assert report.status == "queued"
    fast_kind.fail_with = None
    assert report_generate(report_id=report.pk).status == "done"


def test_only_failed_or_lost_reports_can_be_retried(tree, fast_kind):
    report, _ = request(tree)
    with pytest.raises(ApplicationError) as err:
        transition(report, "retry", user=SYSTEM)  # queued a moment ago: its task is on the way
    assert err.value.code == "still_running" and err.value.status == 409
    done = report_generate(report_id=report.pk)
    with pytest.raises(ApplicationError) as err:
        transition(done, "retry", user=SYSTEM)
    assert err.value.code == "invalid_transition" and err.value.status == 409


def test_broker_down_fails_the_report_instead_of_leaving_it_queued(
    tree, fast_kind, broker_down, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        report, _ = request(tree)
    report.refresh_from_db()
    assert report.status == "failed" and "Không gửi được yêu cầu lập báo cáo tới hàng đợi" in report.error
    assert "127.0.0.1:1" in report.error and fast_kind.calls == 0
