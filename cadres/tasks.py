"""Celery tasks of the cadres app: large XLSX imports (cadres.import_jobs)."""
from celery import shared_task
from django.dispatch import receiver
from django.utils.translation import gettext as _

from core.tasks import enqueue

from .import_jobs import import_fail_by_id, import_run
from .signals import import_queued


@shared_task(acks_late=True, reject_on_worker_lost=True, time_limit=900, soft_time_limit=840)
def run_cadre_import(import_id):
    return import_run(import_id)


@receiver(import_queued, dispatch_uid="cadres.tasks.enqueue_import")
def _enqueue(sender, import_id, **kwargs):
    def refused(exc):
        import_fail_by_id(import_id, _("Không gửi được tệp tới hàng đợi xử lý: %(error)s") % {"error": exc.reason})

    enqueue(run_cadre_import, import_id, on_error=refused)
