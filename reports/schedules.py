"""Default django-celery-beat schedules (editable in the admin afterwards).

Per scope, each report schedule calls reports.tasks.run_scheduled_report(kind,
scope_code); the task computes the period and the request deduplicates, so
beat firing twice makes one report. One daily entry, for the whole tree, runs
the deadline reminders (reports.tasks.notify_requirement_deadlines), which are
idempotent per day; one entry every 5 minutes fails the reports and rule runs
whose task shows no heartbeat (reports.tasks.sweep_stale_tasks, idempotent)."""
import json
from dataclasses import dataclass

from django.db import transaction
from django_celery_beat.models import CrontabSchedule, PeriodicTask

from .kinds import ANNUAL_SUMMARY, OVERDUE_DIGEST, PROGRAM_PROGRESS, REMEDIATION_FOLLOWUP

TIMEZONE = "Asia/Ho_Chi_Minh"
TASK = "reports.tasks.run_scheduled_report"
DEADLINES_TASK = "reports.tasks.notify_requirement_deadlines"
SWEEP_TASK = "reports.tasks.sweep_stale_tasks"
PRUNE_KEYS_TASK = "core.tasks.prune_idempotency_keys"
DEFAULT_SCOPES = ("tu-hcm",)


@dataclass(frozen=True)
class DefaultSchedule:
    title: str  # English, the PeriodicTask name is an identifier staff find in the admin
    kind: str = ""
    minute: str = "0"
    hour: str = "7"
    day_of_week: str = "*"
    day_of_month: str = "*"
    month_of_year: str = "*"
    task: str = TASK


DEFAULT_SCHEDULES = [
    DefaultSchedule("Weekly overdue digest", OVERDUE_DIGEST, day_of_week="1"),
    DefaultSchedule("Monthly remediation follow-up", REMEDIATION_FOLLOWUP, day_of_month="1"),
    DefaultSchedule("Quarterly program progress", PROGRAM_PROGRESS, day_of_month="1", month_of_year="1,4,7,10"),
    DefaultSchedule("Annual inspection summary", ANNUAL_SUMMARY, day_of_month="15", month_of_year="12"),
]
# Not per scope: the sweep covers every requirement and mails each recipient about their own.
GLOBAL_SCHEDULES = [
    DefaultSchedule("Daily requirement deadline reminders", task=DEADLINES_TASK),
    # Reports and rule runs whose worker died are failed (retryable) within minutes, not left "running".
    DefaultSchedule("Stale task sweep", task=SWEEP_TASK, minute="*/5", hour="*"),
    # API Idempotency-Keys older than IDEMPOTENCY_KEY_HOURS.
    DefaultSchedule("Daily idempotency key prune", task=PRUNE_KEYS_TASK, minute="30", hour="3"),
]


def _crontab(spec: DefaultSchedule) -> CrontabSchedule:
    crontab, _created = CrontabSchedule.objects.get_or_create(
        minute=spec.minute, hour=spec.hour, day_of_week=spec.day_of_week, day_of_month=spec.day_of_month,
        month_of_year=spec.month_of_year, timezone=TIMEZONE,
    )
    return crontab


def _wanted(scope_codes):
    """(name, spec, kwargs) of every default entry."""
    for scope_code in scope_codes:
        for spec in DEFAULT_SCHEDULES:
            yield f"{spec.title} — {scope_code}", spec, {"kind": spec.kind, "scope_code": scope_code}
    for spec in GLOBAL_SCHEDULES:
        yield spec.title, spec, {}


@transaction.atomic
def schedules_setup(*, scope_codes=DEFAULT_SCOPES) -> dict:
    """Create the default schedules, or put back what differs from the default.
    A second run changes nothing. Returns {"created": n, "updated": n, "unchanged": n}."""
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    for name, spec, kwargs in _wanted(scope_codes):
        wanted = {"task": spec.task, "crontab": _crontab(spec), "kwargs": json.dumps(kwargs, sort_keys=True)}
        task = PeriodicTask.objects.filter(name=name).first()
        if task is None:
            PeriodicTask.objects.create(name=name, enabled=True, **wanted)
            counts["created"] += 1
            continue
        stale = {key: value for key, value in wanted.items() if getattr(task, key) != value}
        if "kwargs" in stale and json.loads(task.kwargs or "{}") == json.loads(wanted["kwargs"]):
            del stale["kwargs"]  # same arguments, other spacing or order
        if stale:
            for key, value in stale.items():
                setattr(task, key, value)
            task.save()
            counts["updated"] += 1
        else:
            counts["unchanged"] += 1
    return counts
