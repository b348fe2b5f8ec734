"""A real Celery worker for integration tests: it consumes from the configured
broker (the file-system transport by default, Redis when CELERY_BROKER_URL says so)."""
import contextlib
import time

from celery.contrib.testing.worker import start_worker

from config.celery import app


@contextlib.contextmanager
def real_worker(tmp_path):
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
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            yield
    finally:
        for key, value in saved.items():
            conf[key] = value


def wait_for(predicate, timeout=30.0, interval=0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = predicate()
        if result:
            return result
        time.sleep(interval)
    raise AssertionError(f"condition not met within {timeout} s")
