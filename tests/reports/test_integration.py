"""A real Celery worker (in-process, solo pool) on the configured broker: the
file-system transport by default, Redis when CELERY_BROKER_URL says so.

The test thread and the worker thread never use the database at the same
time: messages are published first, then the worker runs until the expected
tasks have finished (Celery's task_postrun signal, no database polling), then
it stops and the test reads. SQLite's shared in-memory test database locks
whole tables ("database table is locked") when two threads overlap; this
order avoids it and changes nothing on PostgreSQL."""
import contextlib
import threading
from collections import Counter

import pytest
from celery.contrib.testing.worker import start_worker
from celery.signals import task_postrun
from django.core import mail
from django.core.management import call_command
from django_celery_beat.models import PeriodicTask

from config.celery import app
from organizations.choices import Role
from reports.models import NotificationLog, Report
from reports.tasks import run_scheduled_report

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

GENERATE = "reports.tasks.generate_report"
NOTIFY = "reports.tasks.notify_report_ready"
SCHEDULED = "reports.tasks.run_scheduled_report"


def _fresh_producers():
    """Publishers are pooled per broker options (kombu's global pools): forget
    the app's handles so that the next publish uses the options set now."""
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def broker(tmp_path):
    """Eager mode off and, for the file-system transport, queues in tmp_path.
    (The foundation's tests/integration_helpers.real_worker on main does the
    same; after the merge this fixture can build on it.)"""
    conf = app.conf
    saved = {key: conf.get(key) for key in ("task_always_eager", "broker_transport_options")}
    conf.task_always_eager = False
    if conf.broker_url.startswith("filesystem"):
        queue, control = tmp_path / "broker", tmp_path / "control"
        queue.mkdir()
        control.mkdir()
        conf.broker_transport_options = {
            "data_folder_in": str(queue), "data_folder_out": str(queue), "store_processed": False,
            "control_folder": str(control),
        }
    else:
        with app.connection_for_write() as connection:
            connection.default_channel.queue_purge(conf.task_default_queue)
    _fresh_producers()
    yield
    for key, value in saved.items():
        conf[key] = value
    _fresh_producers()


@contextlib.contextmanager
def worker_until(expected: Counter, timeout=60.0):
    """Run a worker until at least `expected` tasks (by name) have finished."""
    finished, done = Counter(), threading.Event()

    def count(sender=None, task=None, **kwargs):
        finished[task.name] += 1
        if all(finished[name] >= n for name, n in expected.items()):
            done.set()

    task_postrun.connect(count, weak=False)
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            assert done.wait(timeout), f"tasks finished: {dict(finished)}, expected: {dict(expected)}"
            yield finished
    finally:
        task_postrun.disconnect(count)


def test_report_requested_through_the_api_is_made_by_the_worker_and_downloads(
    api, tree, make_user, fast_kind, broker
):
    user = make_user(Role.LEADER, [tree.q3], email="lanhdao@q3.local")
    client = api.as_user(user)
    response = client.post("/api/v1/reports/", {"kind": "test_fast", "scope": tree.q3.pk, "period": "2019"})
    assert response.status_code == 202 and response.json()["status"] == "queued"
    report_id = response.json()["id"]
    with worker_until(Counter({GENERATE: 1, NOTIFY: 1})) as finished:
        pass
    assert finished == Counter({GENERATE: 1, NOTIFY: 1})
    body = client.get(f"/api/v1/reports/{report_id}/").json()
    assert (body["status"], body["progress"], body["error"], body["attempts"]) == ("done", 100, "", 1)
    download = client.get(f"/api/v1/reports/{report_id}/files/docx/")
    assert download.status_code == 200 and b"".join(download.streaming_content)[:2] == b"PK"
    assert [m.to for m in mail.outbox] == [["lanhdao@q3.local"]]


def test_beat_entries_exist_and_a_scheduled_task_fired_twice_makes_one_report_and_one_set_of_emails(
    tree, make_user, fast_kind, broker
):
    make_user(Role.INSPECTOR, [tree.city], email="chuyenvien@btctu.local")
    make_user(Role.TEAM_LEADER, [tree.q3], email="truongdoan@btctu.local")
    call_command("setup_schedules", "--scope", "q3")
    assert PeriodicTask.objects.filter(task=SCHEDULED).count() == 3

    first, second = run_scheduled_report.delay("test_fast", "q3"), run_scheduled_report.delay("test_fast", "q3")
    with worker_until(Counter({SCHEDULED: 2, GENERATE: 1, NOTIFY: 1})) as finished:
        pass
    assert finished == Counter({SCHEDULED: 2, GENERATE: 1, NOTIFY: 1})
    results = [first.get(timeout=5), second.get(timeout=5)]
    assert sorted(r["created"] for r in results) == [False, True] and results[0]["report"] == results[1]["report"]

    third = run_scheduled_report.delay("test_fast", "q3")  # beat firing again the same day
    with worker_until(Counter({SCHEDULED: 1})) as finished:
        pass
    assert third.get(timeout=5) == {"report": results[0]["report"], "created": False}
    assert finished == Counter({SCHEDULED: 1})  # no second generation, no second mail

    report = Report.objects.get()
    assert (report.status, report.attempts, report.requested_by_schedule) == ("done", 1, "test_fast:q3")
    assert fast_kind.calls == 1
    assert NotificationLog.objects.filter(object_id=report.pk).count() == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["chuyenvien@btctu.local", "truongdoan@btctu.local"]
