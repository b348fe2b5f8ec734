"""A real Celery worker for integration tests: in-process (solo pool), consuming
the configured broker — the file-system transport by default (a private queue
per test session, see config/settings/test.py), Redis when CELERY_BROKER_URL
says so.

The test thread and the worker thread never use the database at the same time:
messages are published first, then the worker runs until the expected tasks
have finished (Celery's task_postrun signal, no database polling), then it
stops and the test reads. SQLite's shared in-memory test database locks whole
tables when two threads overlap; this order avoids it and changes nothing on
PostgreSQL."""
import contextlib
import threading
from collections import Counter

import pytest
from celery.contrib.testing.worker import start_worker
from celery.signals import task_postrun

from config.celery import app


def _fresh_producers():
    """Publishers are pooled (kombu's global pools): forget the app's handles so
    the next publish uses the current options."""
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def broker():
    """Eager mode off and an empty queue for the test."""
    app.conf.task_always_eager = False
    with app.connection_for_write() as connection:
        connection.default_channel.queue_purge(app.conf.task_default_queue)
    _fresh_producers()
    yield
    app.conf.task_always_eager = True
    _fresh_producers()


UNREACHABLE_BROKER = "redis://127.0.0.1:1/0"  # nothing listens on port 1: refused at once
BROKER_SETTINGS = ("task_always_eager", "broker_write_url", "broker_transport_options", "broker_connection_timeout",
                   "task_publish_retry_policy")


@pytest.fixture
def broker_down():
    """Eager mode off and the app pointed at a broker that is down: every
    publish fails within a second with kombu.exceptions.OperationalError, as
    when Redis is stopped. Put back afterwards."""
    saved = {key: app.conf[key] for key in BROKER_SETTINGS}
    # Publishing uses the write URL; the plain broker URL would lose to a CELERY_BROKER_URL environment variable.
    app.conf.update(
        task_always_eager=False, broker_write_url=UNREACHABLE_BROKER, broker_transport_options={},
        broker_connection_timeout=1,
        task_publish_retry_policy={"max_retries": 1, "interval_start": 0, "interval_step": 0.1, "interval_max": 0.1},
    )
    _fresh_producers()
    yield UNREACHABLE_BROKER
    app.conf.update(saved)
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
