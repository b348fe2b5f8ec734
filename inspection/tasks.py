"""Celery tasks: ids in, a service call, safe to run twice."""
from celery import shared_task
from django.db import OperationalError

from .services import requirements_refresh_overdue

REFRESH_OVERDUE_TASK = "inspection.tasks.refresh_overdue"


@shared_task(name=REFRESH_OVERDUE_TASK, time_limit=300, soft_time_limit=270, autoretry_for=(OperationalError,),
             retry_backoff=True, max_retries=3)
def refresh_overdue(ids=None):
    """Recompute the stored overdue flag after the date rolls over (all
    requirements, or only `ids`). Two UPDATE statements; returns rows changed."""
    return requirements_refresh_overdue(ids=ids)


def ensure_schedules():
    """The default daily schedule (00:05) for refresh_overdue; staff can change it in the admin."""
    from django.conf import settings
    from django_celery_beat.models import CrontabSchedule, PeriodicTask

    crontab, _created = CrontabSchedule.objects.get_or_create(
        minute="5", hour="0", day_of_week="*", day_of_month="*", month_of_year="*", timezone=settings.TIME_ZONE)
    task, created = PeriodicTask.objects.get_or_create(
        name="Cập nhật yêu cầu khắc phục quá hạn", defaults={"task": REFRESH_OVERDUE_TASK, "crontab": crontab})
    return created
