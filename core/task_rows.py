"""The life cycle of a row that a background task works on (a report, a rule
run), shared so that the two cannot drift apart:

    queued → running → done | failed;   failed → queued (retry)
    running → running (a lost run taken over), running → queued (a transient error)

Every move goes through `move()` (409 `invalid_transition` otherwise). The one
step a person takes, «retry», is in each app's workflow table (reports/workflow.py,
rules/workflow.py) and is carried out by `retry()`: refused with 409
`still_running` while the task shows a heartbeat (core.tasks), so that no two
workers make the same row. The row's model has `status`, `progress`, `error`,
`finished_at`, `heartbeat_at`, `is_active` and `is_stale(now)`; `started_at`
and `attempts` when it keeps them.
"""
import logging

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .errors import ApplicationError
from .services import require_perm, require_read_scope
from .tasks import fail_stale_rows, local_time_text, stale_task_minutes
from .workflow import invalid_transition_error

logger = logging.getLogger(__name__)

QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"
# status -> the statuses it may move to
TASK_TRANSITIONS = {
    QUEUED: {RUNNING, FAILED},
    RUNNING: {DONE, FAILED, RUNNING, QUEUED},
    FAILED: {QUEUED},
    DONE: set(),
}
FINISHED = (DONE, FAILED)


def _label(row, status):
    return str(dict(type(row)._meta.get_field("status").flatchoices).get(status, status))


def move(row, to):
    """Set `row.status` to `to`, or 409 `invalid_transition` when the table does not allow it."""
    if to not in TASK_TRANSITIONS[row.status]:
        raise invalid_transition_error(row, _label(row, row.status), _label(row, to),
                                       [_label(row, s) for s in sorted(TASK_TRANSITIONS[row.status])])
    row.status = to


def _has(row, name):
    return any(field.name == name for field in row._meta.concrete_fields)


def _save(row, fields):
    row.save(update_fields=[f for f in fields if _has(row, f)])


def still_running(message):
    """The refusal of a retry while the row's task is alive: `message` is formatted
    with the last heartbeat (%(time)s) and STALE_TASK_MINUTES (%(minutes)s)."""

    def refusal(row, now=None):
        if row.is_active and not row.is_stale(now):
            return ApplicationError(
                str(message) % {"time": local_time_text(row.heartbeat_at), "minutes": stale_task_minutes()},
                code="still_running", status=409)
        return None

    return refusal


def retry(*, user, row, perm, refusal, enqueue):
    """The row goes back to the queue, same version: a failed one, or one whose
    task is gone (no heartbeat for STALE_TASK_MINUTES). Refused (`refusal`, 409
    `still_running`) while its task is alive; a done row is not retried (409
    `invalid_transition`). `enqueue(row)` queues it once committed."""
    require_perm(user, perm)
    require_read_scope(user, row)
    with transaction.atomic():
        row = type(row).objects.select_for_update().get(pk=row.pk)
        now = timezone.now()
        error = refusal(row, now)
        if error is not None:
            raise error
        if row.is_active:  # lost: failed first, then queued again
            move(row, FAILED)
        move(row, QUEUED)
        row.progress, row.error, row.finished_at, row.heartbeat_at = 0, "", None, now
        if _has(row, "started_at"):
            row.started_at = None
        _save(row, ["status", "progress", "error", "started_at", "finished_at", "heartbeat_at"])
        enqueue(row)
    return row


def claim(model, pk):
    """Mark the row running, unless it is done, failed (only an explicit retry
    requeues it) or held by a live task (None then). A running row whose task is
    gone (a message redelivered after its worker was killed) is taken over."""
    label = model._meta.verbose_name
    with transaction.atomic():
        row = model.objects.select_for_update().get(pk=pk)
        now = timezone.now()
        if row.status in FINISHED:
            return None
        if row.status == RUNNING:
            if not row.is_stale(now):
                logger.info("%s %s is held by a live task (heartbeat %s): skipped", label, pk, row.heartbeat_at)
                return None
            logger.warning("%s %s: taking over a run with no heartbeat since %s", label, pk, row.heartbeat_at)
        move(row, RUNNING)
        row.progress, row.error, row.finished_at, row.heartbeat_at = 0, "", None, now
        if _has(row, "attempts"):
            row.attempts += 1
            row.started_at = now
        _save(row, ["status", "progress", "error", "attempts", "started_at", "finished_at", "heartbeat_at"])
        return row


def beat(model, pk, progress):
    """Move the bar and beat the heartbeat of a running row (the task is alive)."""
    model.objects.filter(pk=pk, status=RUNNING).update(
        progress=max(0, min(int(progress), 100)), heartbeat_at=timezone.now())


def finish(row, also=()):
    """Under the row's lock: done, unless it was swept as lost or finished by a task that
    took it over meanwhile (their outcome stands; False then). `also`: more fields the
    task set on the row, saved in the same UPDATE."""
    if row.status != RUNNING:
        logger.warning("%s %s is %s; the work of this run is dropped", row._meta.verbose_name, row.pk, row.status)
        return False
    move(row, DONE)
    row.progress, row.finished_at = 100, timezone.now()
    _save(row, ["status", "progress", "finished_at", *also])
    return True


def requeue(model, pk):
    """Give a run that hit a transient error back to the queue, for the task's retry."""
    try:
        with transaction.atomic():
            row = model.objects.select_for_update().get(pk=pk)
            if row.status == RUNNING:
                move(row, QUEUED)
                row.progress, row.heartbeat_at = 0, timezone.now()
                _save(row, ["status", "progress", "heartbeat_at"])
    except Exception:  # the database may be what failed; the row then goes stale and is swept
        logger.warning("Could not requeue %s %s", model._meta.verbose_name, pk, exc_info=True)


def fail(model, pk, error):
    """Failed with `error`, unless it is already done or failed."""
    with transaction.atomic():
        row = model.objects.select_for_update().get(pk=pk)
        if row.status in FINISHED:
            return row
        move(row, FAILED)
        row.error, row.finished_at = error or _("Lỗi không xác định."), timezone.now()
        _save(row, ["status", "error", "finished_at"])
        return row


def fail_stale(model, *, now=None, reason):
    """Fail, with `reason(row)`, every queued or running row whose task shows no
    sign of life; they can then be retried."""
    now = now or timezone.now()

    def fail_row(row):
        text = reason(row)  # it depends on the status left behind
        move(row, FAILED)
        row.error, row.finished_at = text, now
        _save(row, ["status", "error", "finished_at"])

    return fail_stale_rows(model, now=now, fail=fail_row)
