"""Celery tasks of the rule checks; the services announce the runs to queue
(rules.signals) and the receiver here queues them: tasks -> services only."""
import logging

from celery import Task, shared_task
from django.db import InterfaceError, OperationalError
from django.dispatch import receiver
from django.utils.translation import gettext as _

from core.tasks import enqueue

from .services import check_run_execute, check_run_fail, run_error_text
from .signals import run_queued

logger = logging.getLogger(__name__)

# The database dropping the connection is worth another try; anything else fails the run.
TRANSIENT_ERRORS = (OperationalError, InterfaceError)


class RuleRunTask(Task):
    def on_failure(self, exc, task_id, args, kwargs, einfo):
        """Retries exhausted (or an error escaped the service): the run shows it."""
        run_id = args[0] if args else kwargs.get("run_id")
        try:
            check_run_fail(run_id=run_id, error=run_error_text(exc))
        except Exception:  # the database itself may be the failure; the sweeper fails the run later
            logger.exception("Could not mark rule run %s failed", run_id)


# The name the task had under reports/rules/, kept so messages already queued still find it.
@shared_task(
    name="reports.rules.tasks.execute_check_run",
    base=RuleRunTask, bind=True, acks_late=True, reject_on_worker_lost=True, autoretry_for=TRANSIENT_ERRORS,
    retry_backoff=True, max_retries=3, time_limit=1800, soft_time_limit=1700,
)
def execute_check_run(self, run_id):
    """Idempotent: a run that is done, failed or held by a live task is left
    alone; one whose task is gone (redelivered after a killed worker) is taken over."""
    return check_run_execute(run_id=run_id, transient_errors=TRANSIENT_ERRORS).status


@receiver(run_queued, dispatch_uid="reports.rules.tasks.enqueue")
def _enqueue(sender, run_id, **kwargs):
    def refused(exc):
        check_run_fail(run_id=run_id, error=_("Không gửi được lượt kiểm tra tới hàng đợi xử lý: %(error)s")
                       % {"error": exc.reason})

    enqueue(execute_check_run, run_id, on_error=refused)
