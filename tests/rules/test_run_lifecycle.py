"""A rule run's life through its task: the heartbeat, a lost run taken over by
a redelivered message, a live one left alone, transient errors retried,
other errors shown, retry refused while the task is alive."""
import datetime

import pytest
from django.db import OperationalError
from django.utils import timezone

from core.services import SYSTEM
from organizations.choices import Role
from rules import base
from rules.choices import RunStatus
from rules.models import RuleCheckRun
from rules.services import check_run_create, check_run_execute
from rules.tasks import execute_check_run

from .helpers import Y2018, D

pytestmark = pytest.mark.django_db


def ago(minutes):
    return timezone.now() - datetime.timedelta(minutes=minutes)


def new_run(scope, codes=("CM-1",)):
    return check_run_create(user=SYSTEM, scope=scope, period_start=Y2018[0], period_end=Y2018[1],
                            rule_codes=list(codes))


def left_running(scope, minutes):
    """A run whose worker stopped beating `minutes` ago, at 50 %."""
    run = new_run(scope)
    RuleCheckRun.objects.filter(pk=run.pk).update(status=RunStatus.RUNNING, progress=50, heartbeat_at=ago(minutes))
    return RuleCheckRun.objects.get(pk=run.pk)


@pytest.fixture
def cell_met_once(tree):
    from tests.organizations.factories import CellMeetingFactory

    CellMeetingFactory(cell=tree.q3_cell, date=D(2018, 1, 5))


def test_a_redelivered_task_takes_a_lost_run_over_and_completes(tree, cell_met_once):
    run = left_running(tree.q3, minutes=11)
    assert execute_check_run.delay(run.pk).get() == "done"
    run.refresh_from_db()
    assert (run.status, run.progress, run.error) == ("done", 100, "")
    assert run.results.get(organization=tree.q3_cell).outcome == "warning"  # CM-1 [S]


def test_a_redelivered_task_leaves_a_live_run_alone(tree, cell_met_once):
    run = left_running(tree.q3, minutes=1)
    assert execute_check_run.delay(run.pk).get() == "running"
    run.refresh_from_db()
    assert (run.status, run.progress) == ("running", 50) and not run.results.exists()


def test_each_rule_moves_the_progress_and_beats_the_heartbeat(tree, monkeypatch):
    run = new_run(tree.q3, codes=("CM-1", "CM-2"))
    RuleCheckRun.objects.filter(pk=run.pk).update(heartbeat_at=ago(60))
    seen = []
    original = base.Rule.active_targets

    def watching(rule, scope, ctx):
        seen.append(RuleCheckRun.objects.values_list("progress", "heartbeat_at").get(pk=run.pk))
        return original(rule, scope, ctx)

    monkeypatch.setattr(base.Rule, "active_targets", watching)
    before = timezone.now()
    check_run_execute(run_id=run.pk)
    (first_progress, claimed), (second_progress, stepped) = seen
    assert (first_progress, second_progress) == (0, 50)
    assert before <= claimed <= stepped


def test_a_rule_error_fails_the_run_with_a_readable_message(tree, monkeypatch):
    run = new_run(tree.q3)

    def broken(rule, scope, ctx):
        raise ValueError("thiếu ngưỡng")

    monkeypatch.setattr(base.Rule, "active_targets", broken)
    assert execute_check_run.delay(run.pk).get() == "failed"
    run.refresh_from_db()
    assert (run.status, run.error) == ("failed", "ValueError: thiếu ngưỡng") and run.finished_at is not None


@pytest.fixture
def eager_retries(monkeypatch):
    from config.celery import app

    monkeypatch.setitem(app.conf, "task_eager_propagates", False)


def test_a_dropped_database_connection_is_retried_then_the_run_completes(tree, cell_met_once, monkeypatch,
                                                                         eager_retries):
    run = new_run(tree.q3)
    calls = []
    original = base.Rule.active_targets

    def flaky(rule, scope, ctx):
        calls.append(1)
        if len(calls) == 1:
            raise OperationalError("server closed the connection unexpectedly")
        return original(rule, scope, ctx)

    monkeypatch.setattr(base.Rule, "active_targets", flaky)
    assert execute_check_run.apply(args=[run.pk]).get() == "done"
    assert len(calls) == 2


def test_retries_exhausted_leave_the_run_failed_not_queued(tree, monkeypatch, eager_retries):
    monkeypatch.setattr(execute_check_run, "max_retries", 1)
    run = new_run(tree.q3)

    def down(rule, scope, ctx):
        raise OperationalError("could not connect to server")

    monkeypatch.setattr(base.Rule, "active_targets", down)
    assert execute_check_run.apply(args=[run.pk]).state == "FAILURE"
    run.refresh_from_db()
    assert run.status == "failed" and "could not connect to server" in run.error


# --- retry ----------------------------------------------------------------------------------
def test_retry_is_refused_while_the_run_is_alive_and_allowed_once_it_is_lost(
    api, tree, board, cell_met_once, django_capture_on_commit_callbacks
):
    run = left_running(tree.q3, minutes=1)
    client = api.as_user(board)
    refused = client.post(f"/api/v1/rule-runs/{run.pk}/retry/")
    assert refused.status_code == 409
    assert refused.json()["error"]["code"] == "still_running"
    assert refused.json()["error"]["message"].startswith("Lượt kiểm tra đang chạy (tín hiệu hoạt động gần nhất lúc ")
    RuleCheckRun.objects.filter(pk=run.pk).update(heartbeat_at=ago(11))
    with django_capture_on_commit_callbacks(execute=True):
        accepted = client.post(f"/api/v1/rule-runs/{run.pk}/retry/")
    assert accepted.status_code == 202 and accepted.json()["status"] == "queued"
    run.refresh_from_db()
    assert run.status == "done"
    done = client.post(f"/api/v1/rule-runs/{run.pk}/retry/")
    assert done.status_code == 409 and done.json()["error"]["code"] == "invalid_transition"


def test_retry_of_a_failed_run(api, tree, board, cell_met_once, django_capture_on_commit_callbacks):
    run = new_run(tree.q3)
    RuleCheckRun.objects.filter(pk=run.pk).update(status=RunStatus.FAILED, error="ValueError: x")
    with django_capture_on_commit_callbacks(execute=True):
        response = api.as_user(board).post(f"/api/v1/rule-runs/{run.pk}/retry/")
    assert response.status_code == 202 and response.json()["error"] == ""
    run.refresh_from_db()
    assert (run.status, run.error) == ("done", "")


def test_retry_needs_the_right_to_run_checks_and_the_scope(api, tree, make_user):
    run = new_run(tree.q3)
    RuleCheckRun.objects.filter(pk=run.pk).update(status=RunStatus.FAILED)
    assert api.as_user(make_user(Role.LEADER, [tree.city])).post(f"/api/v1/rule-runs/{run.pk}/retry/").status_code \
        == 403
    assert api.as_user(make_user(organizations=[tree.cuchi])).post(f"/api/v1/rule-runs/{run.pk}/retry/").status_code \
        == 404
    assert RuleCheckRun.objects.get(pk=run.pk).status == "failed"


def test_the_run_page_offers_retry_for_a_lost_run_and_requeues_it(
    client, tree, board, cell_met_once, make_user, django_capture_on_commit_callbacks
):
    run = left_running(tree.q3, minutes=1)
    client.force_login(board)
    page = f"/rules/runs/{run.pk}/"
    assert "/retry/" not in client.get(page).content.decode()  # alive: nothing to retry
    refused = client.post(f"{page}retry/", follow=True)
    assert "Lượt kiểm tra đang chạy" in refused.content.decode()
    RuleCheckRun.objects.filter(pk=run.pk).update(heartbeat_at=ago(11))
    assert f"/rules/runs/{run.pk}/retry/" in client.get(page).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(f"{page}retry/", follow=True)
    assert "Đã đưa lượt kiểm tra vào hàng chờ" in done.content.decode()
    run.refresh_from_db()
    assert run.status == "done"
    client.force_login(make_user(Role.LEADER, [tree.city]))
    RuleCheckRun.objects.filter(pk=run.pk).update(status=RunStatus.FAILED)
    assert client.post(f"{page}retry/").status_code == 403


def test_the_cyclic_collector_is_paused_while_rules_run_and_back_after_a_run_or_a_failure(tree, monkeypatch):
    import gc

    seen = []
    original = base.Rule.active_targets

    def watching(rule, scope, ctx):
        seen.append(gc.isenabled())
        return original(rule, scope, ctx)

    monkeypatch.setattr(base.Rule, "active_targets", watching)
    assert check_run_execute(run_id=new_run(tree.q3).pk).status == RunStatus.DONE
    assert seen == [False] and gc.isenabled()

    def broken(rule, scope, ctx):
        raise ValueError("thiếu ngưỡng")

    monkeypatch.setattr(base.Rule, "active_targets", broken)
    assert check_run_execute(run_id=new_run(tree.q3).pk).status == RunStatus.FAILED
    assert gc.isenabled()
