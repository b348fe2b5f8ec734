"""Background work that never hangs: queueing Celery tasks from requests and
services, and telling a live task from a lost one.

- `publish` sends a message now; a broker that refuses it becomes a 503
  `ApplicationError` (code `queue_unavailable`) instead of a 500.
- `enqueue` sends it once the current transaction commits and hands a refusal
  to `on_error`, which records it on the row waiting for the task (for
  instance "failed" with the reason), so that nothing stays "queued" for ever.
- A task beats a heartbeat (a timestamp on its row) when it claims the row and
  on each progress step; a row whose heartbeat is older than
  `STALE_TASK_MINUTES` belongs to a task that is gone (worker killed, message
  lost): the sweeper fails it, a retry or a redelivered message takes it over.
"""
import datetime
import logging

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .errors import ApplicationError

logger = logging.getLogger(__name__)

class QueueUnavailable(ApplicationError):
    """The broker did not take the message. `reason` is the broker's own words (for logs and rows)."""

    def __init__(self, reason=""):
        super().__init__(
            _("Hàng đợi xử lý nền đang không hoạt động nên yêu cầu chưa được gửi đi. Hãy thử lại sau ít phút."),
            code="queue_unavailable", status=503,
        )
        self.reason = str(reason)


def publish(task, *args, task_id=None, **kwargs):
    """Send `task(*args, **kwargs)` now. Raises QueueUnavailable when the broker refuses."""
    if task.app.conf.task_always_eager:
        # No broker: the task runs right here, and its own errors are not the queue's.
        return task.apply_async(args=args, kwargs=kwargs, task_id=task_id)
    try:
        return task.apply_async(args=args, kwargs=kwargs, task_id=task_id)
    except Exception as exc:  # kombu raises many types (OperationalError, OSError, ...) for a broker that is down
        logger.error("Could not queue %s%r: %s", task.name, args, exc)
        raise QueueUnavailable(exc) from exc


def enqueue(task, *args, on_error, task_id=None, **kwargs):
    """Send `task(*args, **kwargs)` once the current transaction commits (at
    once outside one). If the broker refuses, `on_error(exc)` runs with the
    QueueUnavailable (its `reason` says why); it must record the failure on
    the waiting row. Should that fail too, the stale-task sweeper catches the row."""

    def send():
        try:
            publish(task, *args, task_id=task_id, **kwargs)
        except QueueUnavailable as exc:
            try:
                on_error(exc)
            except Exception:  # the database may be down as well; the sweeper fails the row later
                logger.exception("Could not record that %s%r was not queued", task.name, args)

    send.task_name = task.name  # which message a captured on-commit callback sends
    transaction.on_commit(send)


def stale_task_minutes() -> float:
    """Minutes without a heartbeat after which a queued or running task counts
    as lost (the setting STALE_TASK_MINUTES, from the environment)."""
    minutes = float(settings.STALE_TASK_MINUTES)
    if minutes <= 0:
        raise ValueError("STALE_TASK_MINUTES must be positive")
    return int(minutes) if minutes.is_integer() else minutes


def stale_before(now=None) -> datetime.datetime:
    """Heartbeats older than this moment are stale."""
    return (now or timezone.now()) - datetime.timedelta(minutes=stale_task_minutes())


def heartbeat_is_stale(heartbeat_at, now=None) -> bool:
    return heartbeat_at is None or heartbeat_at < stale_before(now)


def local_time_text(moment) -> str:
    """"14:05 29/03/2019", local time (for messages)."""
    return timezone.localtime(moment).strftime("%H:%M %d/%m/%Y") if moment else "—"


def task_error_text(exc, timeout_message) -> str:
    """What the row of a failed task shows: a service's own message, the time
    limit in words, else the exception."""
    if isinstance(exc, ApplicationError):
        return str(exc.message)
    if isinstance(exc, SoftTimeLimitExceeded):
        return str(timeout_message)
    return f"{type(exc).__name__}: {exc}"[:2000]


def fail_stale_rows(model, *, now, fail) -> list[int]:
    """The sweep: every queued or running row of `model` whose task shows no
    sign of life is handed to `fail(row)` under its row lock, after checking
    again that it is still stale (a task that beats meanwhile is left alone).
    Idempotent; one bad row does not keep the others hanging. Returns the ids failed."""
    label = model._meta.model_name
    failed = []
    for pk in model.objects.stale(now).order_by("pk").values_list("pk", flat=True):
        try:
            with transaction.atomic():
                row = model.objects.select_for_update().get(pk=pk)
                if not row.is_stale(now):
                    continue
                fail(row)
        except Exception:
            logger.exception("Could not fail the stale %s %s", label, pk)
            continue
        logger.warning("%s %s had no heartbeat since %s: marked failed", label, pk, row.heartbeat_at)
        failed.append(pk)
    return failed


@shared_task(name="core.tasks.prune_idempotency_keys")
def prune_idempotency_keys() -> int:
    """Beat, daily: forget the API Idempotency-Keys past their retention (idempotent)."""
    from .idempotency import prune_expired  # noqa: PLC0415  (core.tasks is imported before the models load)

    return prune_expired()
