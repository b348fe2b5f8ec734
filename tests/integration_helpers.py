"""A real Celery worker for integration tests: it consumes from the configured
broker (the file-system transport by default, Redis when CELERY_BROKER_URL says so)."""
import contextlib
import time

from celery.contrib.testing.worker import start_worker

from config.celery import app


@contextlib.contextmanager
def real_worker():
    """Tasks published while inside run on a worker thread consuming the real broker."""
    app.conf.task_always_eager = False
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            yield
    finally:
        app.conf.task_always_eager = True


def wait_for(predicate, timeout=30.0, interval=0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = predicate()
        if result:
            return result
        time.sleep(interval)
    raise AssertionError(f"condition not met within {timeout} s")
