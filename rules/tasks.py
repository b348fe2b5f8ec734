from celery import shared_task
from django.db import OperationalError

from .services import check_run_execute


# The name the task had under reports/rules/, kept so messages already queued still find it.
@shared_task(
    name="reports.rules.tasks.execute_check_run",
    bind=True, acks_late=True, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3,
    time_limit=1800, soft_time_limit=1700,
)
def execute_check_run(self, run_id):
    return check_run_execute(run_id=run_id).status
