import datetime

import pytest
from django.core import mail
from django.db import OperationalError
from django.utils import timezone

from organizations.choices import Role
from reports import kinds
from reports.models import Report
from reports.tasks import generate_report, run_scheduled_report

from .factories import ReportFactory

pytestmark = pytest.mark.django_db


def test_scheduled_run_twice_makes_one_report_and_one_set_of_emails(
    tree, fast_kind, make_user, django_capture_on_commit_callbacks
):
    make_user(Role.INSPECTOR, [tree.city], email="chuyenvien@btctu.local")
    with django_capture_on_commit_callbacks(execute=True):
        first = run_scheduled_report.delay("test_fast", "q3").get()
    with django_capture_on_commit_callbacks(execute=True):
        second = run_scheduled_report.delay("test_fast", "q3").get()
    assert first["created"] and not second["created"] and first["report"] == second["report"]
    report = Report.objects.get()
    last_year = str(timezone.localdate().year - (1 if timezone.localdate().timetuple().tm_yday == 1 else 0))
    assert (report.status, report.period_key, report.requested_by_schedule) == ("done", last_year, "test_fast:q3")
    assert fast_kind.calls == 1
    assert [m.to for m in mail.outbox] == [["chuyenvien@btctu.local"]]


def test_scheduled_run_skips_a_kind_not_registered(tree):
    assert not kinds.is_registered("no_such_kind")
    assert run_scheduled_report.delay("no_such_kind", "tu").get() is None
    assert not Report.objects.exists()


def test_scheduled_overdue_digest_runs_the_registered_kind(tree, board, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        result = run_scheduled_report.delay("overdue_digest", "tu").get()
    report = Report.objects.get(pk=result["report"])
    assert (report.kind, report.status, report.period_key[4:6]) == ("overdue_digest", "done", "-W"), report.error
    assert set(report.files.values_list("format", flat=True)) == {"docx", "pdf", "xlsx"}


def test_scheduled_run_skips_an_unknown_scope(tree, fast_kind):
    assert run_scheduled_report.delay("test_fast", "no-such-org").get() is None


def test_generate_task_is_idempotent(tree, fast_kind):
    report = ReportFactory(scope=tree.q3)
    assert generate_report.delay(report.pk).get() == {"report": report.pk, "status": "done"}
    assert generate_report.delay(report.pk).get() == {"report": report.pk, "status": "skipped"}
    assert fast_kind.calls == 1


@pytest.fixture
def eager_retries(monkeypatch):
    """Eager apply() runs retries in-process only when errors do not propagate
    (a worker re-queues them with backoff instead)."""
    from config.celery import app

    monkeypatch.setitem(app.conf, "task_eager_propagates", False)


def test_transient_errors_are_retried_then_the_report_fails_visibly(tree, fast_kind, monkeypatch, eager_retries):
    monkeypatch.setattr(generate_report, "max_retries", 2)
    report = ReportFactory(scope=tree.q3)
    fast_kind.fail_with = OperationalError("could not connect to server")
    result = generate_report.apply(args=[report.pk])
    assert result.state == "FAILURE" and isinstance(result.result, OperationalError)
    report.refresh_from_db()
    assert fast_kind.calls == 3  # the first run and two retries
    assert report.status == "failed" and "could not connect to server" in report.error


def test_transient_error_then_success_on_retry(tree, fast_kind, eager_retries):
    report = ReportFactory(scope=tree.q3)
    original = fast_kind.__class__.__call__

    def flaky(builder, rep, progress):
        if builder.calls == 0:
            builder.calls += 1
            raise OperationalError("deadlock detected")
        return original(builder, rep, progress)

    fast_kind.__class__.__call__ = flaky
    try:
        assert generate_report.apply(args=[report.pk]).get()["status"] == "done"
    finally:
        fast_kind.__class__.__call__ = original
    report.refresh_from_db()
    assert (report.status, report.attempts) == ("done", 2)


def test_generate_task_time_limits_come_from_settings(settings):
    assert generate_report.time_limit == settings.CELERY_TASK_TIME_LIMIT
    assert generate_report.soft_time_limit < generate_report.time_limit
    assert generate_report.acks_late


def test_soft_time_limit_fails_the_report_with_a_readable_message(tree, fast_kind):
    from celery.exceptions import SoftTimeLimitExceeded

    report = ReportFactory(scope=tree.q3)
    fast_kind.fail_with = SoftTimeLimitExceeded()
    generate_report.delay(report.pk)
    report.refresh_from_db()
    assert report.status == "failed" and report.error == "Quá thời gian cho phép khi lập báo cáo."


def test_a_report_is_stale_after_stale_task_minutes_without_a_heartbeat(tree, settings):
    now = timezone.now()
    quiet = now - datetime.timedelta(minutes=11)
    assert ReportFactory(kind="x", scope=tree.q3, status="running", heartbeat_at=quiet).is_stale(now)
    assert ReportFactory(kind="x", scope=tree.q3, status="queued", heartbeat_at=quiet).is_stale(now)
    assert not ReportFactory(kind="x", scope=tree.q3, status="failed", heartbeat_at=quiet).is_stale(now)
    # started long ago, but beating: alive
    beating = ReportFactory(kind="x", scope=tree.q3, status="running", heartbeat_at=now - datetime.timedelta(minutes=9),
                            started_at=now - datetime.timedelta(hours=2))
    assert not beating.is_stale(now)
    settings.STALE_TASK_MINUTES = 5
    assert beating.is_stale(now)
