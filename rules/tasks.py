from celery import shared_task
from django.db import OperationalError

from .services import check_run_execute


@shared_task(
    bind=True, acks_late=True, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3,
    time_limit=1800, soft_time_limit=1700,
)
def execute_check_run(self, run_id):
    return check_run_execute(run_id=run_id).status
