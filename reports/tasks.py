"""Celery tasks: ids in, thin, idempotent; the services do the work.
The services announce what is to be queued through reports.signals; the
receivers here queue it, so the dependency runs one way: tasks -> services."""
import datetime
import logging
import smtplib

from celery import Task, shared_task
from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.dispatch import receiver
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cadres.import_jobs import import_fail_stale
from core.services import SYSTEM
from core.tasks import enqueue
from organizations.models import Organization
from rules.services import check_run_fail_stale

from . import kinds
from .models import Report
from .notifications import notify_report_ready as notify
from .notifications import notify_requirement_deadlines as sweep
from .periods import scheduled_period
from .services import _error_text, report_fail, report_fail_stale, report_generate, report_request
from .signals import report_done, report_queued

logger = logging.getLogger(__name__)

# Errors worth another try after a pause: the database or a broker/backend
# connection dropping. Anything else is a bug or bad data and fails the report.
TRANSIENT_ERRORS = (OperationalError, InterfaceError, ConnectionError, TimeoutError)
MAIL_ERRORS = (smtplib.SMTPException, ConnectionError, TimeoutError)


class ReportTask(Task):
    def on_failure(self, exc, task_id, args, kwargs, einfo):
        """Retries exhausted (or an error escaped the service): the user sees it."""
        report_id = args[0] if args else kwargs.get("report_id")
        try:
            report_fail(report_id=report_id, error=_error_text(exc))
        except Exception:  # the database itself may be the failure
            logger.exception("Could not mark report %s failed", report_id)


@shared_task(
    base=ReportTask, bind=True, acks_late=True, reject_on_worker_lost=True,
    autoretry_for=TRANSIENT_ERRORS, retry_backoff=5, retry_backoff_max=300, retry_jitter=True, max_retries=5,
    soft_time_limit=settings.CELERY_TASK_SOFT_TIME_LIMIT, time_limit=settings.CELERY_TASK_TIME_LIMIT,
)
def generate_report(self, report_id):
    report = report_generate(report_id=report_id, transient_errors=TRANSIENT_ERRORS)
    return {"report": report_id, "status": report.status if report else "skipped"}


@shared_task(
    bind=True, acks_late=True, autoretry_for=TRANSIENT_ERRORS + MAIL_ERRORS,
    retry_backoff=10, retry_backoff_max=600, retry_jitter=True, max_retries=5, soft_time_limit=110, time_limit=120,
)
def notify_report_ready(self, report_id):
    report = Report.objects.select_related("scope", "requested_by").get(pk=report_id)
    return notify(report=report)


@shared_task(
    acks_late=True, autoretry_for=TRANSIENT_ERRORS, retry_backoff=30, retry_backoff_max=600, max_retries=5,
    soft_time_limit=50, time_limit=60,
)
def run_scheduled_report(kind, scope_code):
    """Beat's entry point: request this period's report (deduplicated by the
    unique (kind, scope, period, version)) and queue its generation."""
    if not kinds.is_registered(kind):
        logger.warning("Scheduled report kind %r is not registered; skipped", kind)
        return None
    scope = Organization.objects.filter(code=scope_code).first()
    if scope is None:
        logger.warning("Scheduled report scope %r does not exist; skipped", scope_code)
        return None
    period = scheduled_period(kinds.get_kind(kind).period_type, timezone.localdate())
    report, created = report_request(kind=kind, scope=scope, period=period, schedule=f"{kind}:{scope_code}",
                                        user=SYSTEM)
    return {"report": report.pk, "created": created}


NOTIFY_DEADLINES_TASK = "reports.tasks.notify_requirement_deadlines"


@shared_task(
    name=NOTIFY_DEADLINES_TASK, acks_late=True, autoretry_for=TRANSIENT_ERRORS + MAIL_ERRORS, retry_backoff=60,
    retry_backoff_max=900, retry_jitter=True, max_retries=5, soft_time_limit=1740, time_limit=1800,
)
def notify_requirement_deadlines(day=None):
    """Daily (07:00): remind the responsible organizations' reporters of the
    requirements due in 7 days, due tomorrow or overdue, and send the Board its
    digest. `day` (ISO date) defaults to today. Idempotent: every mail is logged
    once per (requirement, reason, day, recipient), so a retry or a second
    firing of beat sends nothing new."""
    return sweep(day=datetime.date.fromisoformat(day) if day else timezone.localdate())


SWEEP_STALE_TASK = "reports.tasks.sweep_stale_tasks"


@shared_task(name=SWEEP_STALE_TASK, acks_late=True, soft_time_limit=110, time_limit=120)
def sweep_stale_tasks():
    """Every few minutes (beat): reports, rule runs and cadre imports queued or running with
    no heartbeat for STALE_TASK_MINUTES become failed, with the reason, and
    can be retried. Idempotent: a second sweep finds nothing more to do."""
    now = timezone.now()
    with translation.override(settings.LANGUAGE_CODE):  # no user: the reasons are stored in the site's language
        return {"reports": report_fail_stale(now=now), "rule_runs": check_run_fail_stale(now=now),
                "cadre_imports": import_fail_stale(now=now)}


@receiver(report_queued, dispatch_uid="reports.tasks.enqueue")
def _enqueue(sender, report_id, **kwargs):
    """Queue generation once the report row is committed. A broker that refuses
    the message fails the report (with the reason) instead of leaving it queued forever."""

    def refused(exc):
        report_fail(report_id=report_id, error=_("Không gửi được yêu cầu lập báo cáo tới hàng đợi: %(error)s")
                    % {"error": exc.reason})

    enqueue(generate_report, report_id, on_error=refused)


@receiver(report_done, dispatch_uid="reports.tasks.announce")
def _announce(sender, report_id, **kwargs):
    def lost(exc):  # the report is done; a lost e-mail must not undo that
        logger.warning("The notification of report %s was not queued: %s", report_id, exc.reason)

    enqueue(notify_report_ready, report_id, on_error=lost)
