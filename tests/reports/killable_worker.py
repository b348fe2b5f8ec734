"""A real Celery worker (prefork pool, one child) for test_killed_worker.py,
run as `python -m tests.reports.killable_worker` in its own process so that
the test can SIGKILL it. It is the project's app plus the kind "test_slow":
the builder writes its pid to $KILLABLE_PID_FILE and hangs on its first run
(the worker is killed there), and finishes at once on later runs.

The test passes the database (DATABASE_URL of its test database), the broker
(CELERY_BROKER_URL, or KILLABLE_BROKER_OPTIONS for the file-system transport's
folders) and STALE_TASK_MINUTES through the environment."""
import json
import os
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
django.setup()

from config.celery import app  # noqa: E402
from reports import kinds  # noqa: E402
from reports.choices import PeriodType  # noqa: E402

SLOW_KIND = "test_slow"


def slow_builder(report, progress):
    progress(10)
    pid_file = os.environ["KILLABLE_PID_FILE"]
    if not os.path.exists(pid_file):
        with open(pid_file, "w") as out:
            out.write(str(os.getpid()))
        time.sleep(300)  # killed long before
    return kinds.BuiltReport(party_document=None, sheets={"Dữ liệu": (["STT"], iter([[1]]))})


def main():
    kinds.register(SLOW_KIND, "Báo cáo chậm (thử)", slow_builder, ("xlsx",), period_type=PeriodType.YEAR)
    app.conf.task_always_eager = False
    if os.environ.get("KILLABLE_BROKER_OPTIONS"):
        app.conf.broker_transport_options = json.loads(os.environ["KILLABLE_BROKER_OPTIONS"])
    app.worker_main(["worker", "--pool=prefork", "--concurrency=1", "--loglevel=INFO", "--without-mingle",
                     "--without-gossip", "--prefetch-multiplier=1", "-n", f"killable-{os.getpid()}@%h"])


if __name__ == "__main__":
    main()
